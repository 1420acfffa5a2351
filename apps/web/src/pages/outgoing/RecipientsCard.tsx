import { Card, Table, Tag, Typography } from 'antd';
import { formatDateTime } from '../../lib/vn';
import { COPY_LABELS, RECALL_LABELS, RECIPIENT_STATUS_COLORS, RECIPIENT_STATUS_LABELS } from './labels';
import { fileUrl, type OutgoingDoc, type Recipient } from './outgoing.api';

/** Per-recipient tracking (đã gửi, đã nhận, đã vào sổ… hoàn thành, từ chối), copies and recall records. */
export default function RecipientsCard({ d }: { d: OutgoingDoc }) {
  return (
    <Card size="small" title="Nơi nhận và theo dõi">
      <Table<Recipient>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={d.recipients}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: 'Chưa có nơi nhận' }}
        data-testid="recipients"
        columns={[
          {
            title: 'Nơi nhận',
            dataIndex: 'name',
            render: (n: string, r) => (
              <>
                {n}
                {r.organCode && <div className="muted">{r.organCode}</div>}
              </>
            ),
          },
          {
            title: 'Hình thức',
            dataIndex: 'kind',
            render: (k: Recipient['kind']) => (k === 'internal' ? 'Nội bộ' : 'Liên thông'),
          },
          {
            title: 'Trạng thái',
            dataIndex: 'status',
            render: (s: string) => (
              <Tag color={RECIPIENT_STATUS_COLORS[s]} data-testid="recipient-status">
                {RECIPIENT_STATUS_LABELS[s] ?? s}
              </Tag>
            ),
          },
          ...(d.recipients.some((r) => r.note)
            ? [{ title: 'Ghi chú', dataIndex: 'note', render: (n: string | null) => n ?? '' }]
            : []),
        ]}
      />
      {d.copies.length > 0 && (
        <div style={{ marginTop: 12 }} data-testid="copies">
          <b>Bản sao</b>
          {d.copies.map((c) => (
            <div key={c.id}>
              {COPY_LABELS[c.form]} số{' '}
              <Typography.Link href={fileUrl(d.id, c.fileId)} target="_blank">
                {c.numberNotation}
              </Typography.Link>
            </div>
          ))}
        </div>
      )}
      {d.recallRecords.length > 0 && (
        <div style={{ marginTop: 12 }}>
          <b>Thu hồi / cập nhật / thay thế</b>
          {d.recallRecords.map((r, i) => (
            <div key={i}>
              {RECALL_LABELS[r.kind as keyof typeof RECALL_LABELS] ?? r.kind}: {r.reason}{' '}
              <span className="muted">{formatDateTime(r.at)}</span>
              <div className="muted">{r.summary}</div>
            </div>
          ))}
        </div>
      )}
    </Card>
  );
}
