import { Alert, Button, Card, Input, Space, Table, Tag } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api';
import PageHeader from '../../components/PageHeader';
import { useNotify } from '../../components/useNotify';
import { formatDate, formatDateTime } from '../../lib/vn';
import { archiveApi, retentionText, STATUS_LABEL, type DueItem, type TransferItem } from './archive.api';

interface Returned {
  workfileId: string;
  code: string;
  title: string;
  reasons: { code: string; message: string }[];
}

/** Nộp lưu: closed files due for transfer (F5b), received with a handover record; files that fail a check are returned with reasons. */
export default function TransferPage() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { ok, fail } = useNotify();
  const due = useQuery({ queryKey: ['archive', 'due'], queryFn: archiveApi.due });
  const transfers = useQuery({ queryKey: ['archive', 'transfers'], queryFn: archiveApi.transfers });
  const [selected, setSelected] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const [returned, setReturned] = useState<Returned[]>([]);
  const [busy, setBusy] = useState(false);
  const receive = async () => {
    setBusy(true);
    setReturned([]);
    try {
      const t = await archiveApi.receive(selected, note);
      ok(`Đã nhận ${t.records.length} hồ sơ, biên bản giao nhận số ${t.number}.`);
      setSelected([]);
      void qc.invalidateQueries({ queryKey: ['archive'] });
      navigate(`/archive/transfer/${t.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'archive.check_failed')
        setReturned((e.details?.files as Returned[]) ?? []);
      else fail(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <PageHeader title="Nộp lưu" subtitle="Hồ sơ đã đóng, chưa nộp lưu vào lưu trữ cơ quan" />
      {returned.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message="Hồ sơ chưa đủ điều kiện nộp lưu — trả lại đơn vị để hoàn thiện"
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {returned.map((r) => (
                <li key={r.workfileId}>
                  <Link to={`/workfiles/file/${r.workfileId}`}>{r.code}</Link>:{' '}
                  {r.reasons.map((x) => x.message).join(' ')}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Table<DueItem>
          rowKey="id"
          size="small"
          loading={due.isFetching}
          dataSource={due.data ?? []}
          scroll={{ x: 720 }}
          pagination={false}
          locale={{ emptyText: 'Không có hồ sơ nào chờ nộp lưu.' }}
          rowSelection={{ selectedRowKeys: selected, onChange: (k) => setSelected(k as string[]) }}
          onRow={(r) => ({
            onClick: () => setSelected((s) => (s.includes(r.id) ? s.filter((x) => x !== r.id) : [...s, r.id])),
            style: { cursor: 'pointer' },
          })}
          columns={[
            { title: 'Mã hồ sơ', dataIndex: 'code', width: 220 },
            { title: 'Tiêu đề hồ sơ', dataIndex: 'title' },
            {
              title: 'Thời gian',
              key: 't',
              width: 190,
              render: (_: unknown, r) => `${formatDate(r.startDate)} – ${formatDate(r.endDate)}`,
            },
            {
              title: 'Thời hạn',
              dataIndex: 'retention',
              width: 100,
              render: (x: string | null) => (x ? retentionText(x) : 'Chưa có'),
            },
            { title: 'Văn bản', dataIndex: 'memberCount', width: 80 },
            {
              title: 'Hạn nộp lưu',
              dataIndex: 'dueDate',
              width: 130,
              render: (d: string | null, r) => (
                <Space size={4}>
                  {formatDate(d)}
                  {r.overdue && <Tag color="red">Quá hạn</Tag>}
                  {r.dueSoon && <Tag color="orange">Sắp đến hạn</Tag>}
                </Space>
              ),
            },
          ]}
        />
        <Space wrap style={{ marginTop: 12 }}>
          <Input
            placeholder="Ghi chú biên bản giao nhận"
            aria-label="Ghi chú biên bản"
            style={{ width: 320 }}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={2000}
          />
          <Button type="primary" disabled={!selected.length} loading={busy} onClick={receive}>
            Nhận nộp lưu ({selected.length})
          </Button>
        </Space>
      </Card>
      <Card size="small" title="Biên bản giao nhận">
        <Table<TransferItem>
          rowKey="id"
          size="small"
          dataSource={transfers.data ?? []}
          pagination={false}
          locale={{ emptyText: 'Chưa có biên bản.' }}
          onRow={(r) => ({ onClick: () => navigate(`/archive/transfer/${r.id}`), style: { cursor: 'pointer' } })}
          columns={[
            { title: 'Số', dataIndex: 'number', width: 60 },
            { title: 'Thời gian', dataIndex: 'receivedAt', render: (d: string) => formatDateTime(d) },
            { title: 'Người nhận', dataIndex: 'receivedByName' },
            { title: 'Số hồ sơ', dataIndex: 'fileCount', width: 90 },
          ]}
        />
      </Card>
    </>
  );
}

/** A handover record: the files received, the minutes as PDF. */
export function TransferDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const q = useQuery({
    queryKey: ['archive', 'transfer', id],
    queryFn: () => archiveApi.transfer(id),
    refetchInterval: (x) => (x.state.data?.records.some((r) => r.status === 'packaging') ? 2000 : false),
  });
  if (q.error) return <Alert type="error" showIcon message={(q.error as Error).message} />;
  const t = q.data;
  if (!t) return <Card loading />;
  return (
    <>
      <PageHeader
        title={`Biên bản giao nhận số ${t.number}`}
        subtitle={`${formatDateTime(t.receivedAt)} — ${t.receivedByName}`}
        extra={<Button href={`/api/archive/transfers/${id}/minutes.pdf`}>Biên bản (PDF)</Button>}
      />
      <Card size="small">
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={t.records}
          scroll={{ x: 640 }}
          onRow={(r) => ({ onClick: () => navigate(`/archive/record/${r.id}`), style: { cursor: 'pointer' } })}
          columns={[
            { title: 'Mã hồ sơ', dataIndex: 'code', width: 220 },
            {
              title: 'Tiêu đề hồ sơ',
              dataIndex: 'title',
              render: (x: string, r) => <Link to={`/archive/record/${r.id}`}>{x}</Link>,
            },
            { title: 'Văn bản', dataIndex: 'docCount', width: 80 },
            {
              title: 'Trạng thái',
              dataIndex: 'status',
              width: 140,
              render: (s: string) => <Tag color={STATUS_LABEL[s]?.color}>{STATUS_LABEL[s]?.label ?? s}</Tag>,
            },
          ]}
        />
      </Card>
    </>
  );
}
