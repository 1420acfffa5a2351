import { Button, Card, Empty, List, Space, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useMe } from '../../auth/AuthProvider';
import { formatDateTime } from '../../lib/vn';
import { fileUrl, type OutgoingDoc, type Version } from './outgoing.api';

interface Props {
  d: OutgoingDoc;
  busy: boolean;
  onUpload: (file: File, kind: 'draft' | 'attachment') => void;
  onComment: (versionId: string | null) => void;
  onConsult: () => void;
  onAnswer: (consultationId: string) => void;
}

/** Draft versions (each with its comments), attachments and consultations. */
export default function VersionsCard({ d, busy, onUpload, onComment, onConsult, onAnswer }: Props) {
  const me = useMe();
  const can = (a: OutgoingDoc['actions'][number]) => d.actions.includes(a);
  const drafts = d.versions.filter((v) => v.kind === 'draft').sort((a, b) => b.versionNo - a.versionNo);
  const attachments = d.versions.filter((v) => v.kind === 'attachment');
  const general = d.comments.filter((c) => !c.versionId);
  const myUnits = new Set(me.memberships.map((m) => m.unitId));
  const uploadButton = (kind: 'draft' | 'attachment', label: string) => (
    <div data-testid={`upload-${kind}`}>
      <Upload
        showUploadList={false}
        accept={kind === 'draft' ? '.docx,.pdf' : undefined}
        beforeUpload={(f) => {
          onUpload(f, kind);
          return false;
        }}
      >
        <Button size="small" icon={<UploadOutlined />} loading={busy}>
          {label}
        </Button>
      </Upload>
    </div>
  );
  const versionItem = (v: Version) => {
    const comments = d.comments.filter((c) => c.versionId === v.id);
    return (
      <List.Item
        data-testid={`version-${v.versionNo}`}
        actions={
          can('comment')
            ? [
                <Button key="c" size="small" type="link" onClick={() => onComment(v.id)}>
                  Góp ý
                </Button>,
              ]
            : []
        }
      >
        <Space direction="vertical" size={0} style={{ width: '100%' }}>
          <span>
            <b>Phiên bản {v.versionNo}</b> —{' '}
            <Typography.Link href={fileUrl(d.id, v.fileId, true)}>{v.name}</Typography.Link>
          </span>
          <span className="muted">
            {v.uploadedByName}, {formatDateTime(v.at)}
          </span>
          {comments.map((c) => (
            <div key={c.id}>
              “{c.body}” — {c.authorName} <span className="muted">{formatDateTime(c.at)}</span>
            </div>
          ))}
        </Space>
      </List.Item>
    );
  };
  return (
    <Card size="small" title="Dự thảo và góp ý" extra={can('upload') && uploadButton('draft', 'Tải lên phiên bản mới')}>
      {drafts.length ? (
        <List size="small" dataSource={drafts} renderItem={versionItem} />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="Chưa có tệp dự thảo" />
      )}
      {general.length > 0 && (
        <div style={{ marginTop: 8 }} data-testid="general-comments">
          <b>Ý kiến chung</b>
          {general.map((c) => (
            <div key={c.id}>
              “{c.body}” — {c.authorName} <span className="muted">{formatDateTime(c.at)}</span>
            </div>
          ))}
        </div>
      )}
      <Space style={{ marginTop: 12, justifyContent: 'space-between', width: '100%' }} wrap>
        <b>Tệp đính kèm</b>
        {can('upload') && uploadButton('attachment', 'Thêm tệp đính kèm')}
      </Space>
      {attachments.length ? (
        attachments.map((a) => (
          <div key={a.id}>
            <Typography.Link href={fileUrl(d.id, a.fileId, true)}>{a.name}</Typography.Link>
          </div>
        ))
      ) : (
        <div className="muted">Không có</div>
      )}
      <Space style={{ marginTop: 12, justifyContent: 'space-between', width: '100%' }} wrap>
        <b>Xin ý kiến đơn vị</b>
        {can('consult') && (
          <Button size="small" onClick={onConsult}>
            Xin ý kiến
          </Button>
        )}
      </Space>
      {d.consultations.length ? (
        d.consultations.map((c) => (
          <div key={c.id} style={{ marginTop: 4 }}>
            <b>{c.unitName}</b>: {c.question}
            {c.answer ? (
              <div>
                Trả lời: “{c.answer}” — {c.answeredByName}
              </div>
            ) : myUnits.has(c.unitId) ? (
              <Button size="small" type="link" onClick={() => onAnswer(c.id)}>
                Trả lời
              </Button>
            ) : (
              <span className="muted"> (chờ trả lời)</span>
            )}
          </div>
        ))
      ) : (
        <div className="muted">Chưa xin ý kiến</div>
      )}
    </Card>
  );
}
