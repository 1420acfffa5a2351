import { Alert, Button, Card, Col, Descriptions, Empty, Row, Space, Spin, Tag, Timeline, Tree, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api';
import { useMe } from '../../auth/AuthProvider';
import PageHeader from '../../components/PageHeader';
import { errorMessage } from '../../components/errors';
import { useNotify } from '../../components/useNotify';
import { formatDate, formatDateTime } from '../../lib/vn';
import NotFoundPage from '../NotFoundPage';
import AddToFileButton from '../workfiles/AddToFileButton';
import MailRegisterModal from './MailRegisterModal';
import { AssignModal, NoteModal, PresentModal, ReassignModal, type NoteAction } from './ActionModals';
import {
  CONF_OPTIONS,
  ROLE_LABELS,
  STATE_LABELS,
  STATUS_COLORS,
  STATUS_LABELS,
  URGENCY_OPTIONS,
  incomingApi,
  labelOf,
  type Assignment,
  type IncomingDoc,
} from './incoming.api';

type Open = NoteAction | 'assign' | 'reassign' | 'present' | 'mailRegister' | null;

interface TreeNode {
  key: string;
  title: ReactNode;
  children: TreeNode[];
}

function assignmentTree(items: Assignment[]): TreeNode[] {
  const node = (a: Assignment): TreeNode => ({
    key: a.id,
    title: (
      <span className="asg-node" data-testid={`asg-${a.role}`}>
        <Tag>{ROLE_LABELS[a.role]}</Tag> <b>{a.assignee}</b>{' '}
        <Tag
          color={
            a.state === 'done'
              ? 'green'
              : a.state === 'returned'
                ? 'red'
                : a.state === 'in_progress'
                  ? 'blue'
                  : 'default'
          }
        >
          {STATE_LABELS[a.state]}
        </Tag>
        {a.deadline && (
          <span className={a.overdue ? 'overdue' : 'muted'}>
            {' '}
            hạn {formatDate(a.deadline)}
            {a.overdue ? ' (quá hạn)' : ''}
          </span>
        )}
        {a.direction && (
          <div className="muted">
            “{a.direction}” — {a.assignedBy}
          </div>
        )}
        {a.note && <div className="muted">Ghi chú: {a.note}</div>}
      </span>
    ),
    children: items.filter((c) => c.parentId === a.id).map(node),
  });
  return items.filter((a) => !a.parentId || !items.some((p) => p.id === a.parentId)).map(node);
}

/** The document page: metadata, files (PDF viewer), assignment tree, timeline and the actions allowed to this user. */
export default function DocumentPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const qc = useQueryClient();
  const { ok, fail } = useNotify();
  const [open, setOpen] = useState<Open>(null);
  const doc = useQuery({ queryKey: ['incoming', 'doc', id], queryFn: () => incomingApi.get(id) });
  const done = async (text: string) => {
    ok(text);
    setOpen(null);
    await qc.invalidateQueries({ queryKey: ['incoming'] });
  };
  const run = useMutation({ mutationFn: (f: () => Promise<unknown>) => f(), onError: fail });
  const act = (f: () => Promise<unknown>, text: string) => run.mutate(f, { onSuccess: () => void done(text) });

  if (doc.isLoading) return <Spin />;
  if (doc.error instanceof ApiError && doc.error.status === 404)
    return <NotFoundPage title="Không tìm thấy văn bản" note="Văn bản không tồn tại hoặc bạn không có quyền xem." />;
  if (doc.error || !doc.data) return <Alert type="error" message={errorMessage(doc.error)} />;
  const d: IncomingDoc = doc.data;
  const pdf = d.files.find((f) => f.mime === 'application/pdf' && !f.damaged);
  const ownUnit = d.assignments.find(
    (a) =>
      a.userId === null &&
      a.unitId &&
      (a.state === 'pending' || a.state === 'in_progress') &&
      me.memberships.some((m) => m.unitId === a.unitId && m.roles.includes('unit_leader')),
  );
  const can = d.can;

  return (
    <>
      <PageHeader
        title={d.subject}
        subtitle={
          <Space wrap>
            <Tag color={STATUS_COLORS[d.status]} data-testid="doc-status">
              {STATUS_LABELS[d.status]}
            </Tag>
            {d.arrivalNumber && (
              <span data-testid="arrival-number">
                Số đến: {d.arrivalNumber}/{d.arrivalYear}
              </span>
            )}
            {d.register && <span className="muted">{d.register.name}</span>}
            {d.overdue && <Tag color="red">Quá hạn</Tag>}
          </Space>
        }
        extra={
          <Space wrap>
            {can.assign && (
              <Button type="primary" onClick={() => setOpen('assign')}>
                Phân công
              </Button>
            )}
            {can.reassign && (
              <Button type="primary" onClick={() => setOpen('reassign')}>
                Giao cán bộ
              </Button>
            )}
            {can.progress && <Button onClick={() => setOpen('progress')}>Cập nhật tiến độ</Button>}
            {can.contribute && <Button onClick={() => setOpen('contribute')}>Ý kiến phối hợp</Button>}
            {can.complete && (
              <Button type="primary" onClick={() => setOpen('complete')}>
                Hoàn thành
              </Button>
            )}
            <AddToFileButton kind="incoming" refId={id} />
            {can.present && (
              <Button type="primary" onClick={() => setOpen('present')}>
                Trình / chuyển
              </Button>
            )}
            {can.register && (
              <Button
                type="primary"
                onClick={() =>
                  d.source === 'email'
                    ? setOpen('mailRegister')
                    : act(() => incomingApi.registerReceived(id, { confirmDuplicate: false }), 'Đã vào sổ.')
                }
              >
                Vào sổ
              </Button>
            )}
            {can.return && (
              <Button danger onClick={() => setOpen('return')}>
                Trả lại
              </Button>
            )}
            {can.reject && (
              <Button danger onClick={() => setOpen('reject')}>
                Trả lại nơi gửi
              </Button>
            )}
          </Space>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card size="small" title="Thông tin văn bản">
            <Descriptions size="small" column={1} bordered labelStyle={{ width: 160 }}>
              <Descriptions.Item label="Số, ký hiệu">{d.numberNotation}</Descriptions.Item>
              <Descriptions.Item label="Loại văn bản">{d.typeName}</Descriptions.Item>
              <Descriptions.Item label="Ngày văn bản">{formatDate(d.issuedDate)}</Descriptions.Item>
              <Descriptions.Item label="Cơ quan ban hành">{d.issuingOrganName}</Descriptions.Item>
              <Descriptions.Item label="Người ký">
                {[d.signerName, d.signerPosition].filter(Boolean).join(' — ')}
              </Descriptions.Item>
              <Descriptions.Item label="Ngày đến">{formatDate(d.arrivalDate)}</Descriptions.Item>
              <Descriptions.Item label="Độ khẩn / độ mật">
                {labelOf(URGENCY_OPTIONS, d.urgency)} / {labelOf(CONF_OPTIONS, d.confidentiality)}
              </Descriptions.Item>
              <Descriptions.Item label="Số trang">{d.pageCount ?? ''}</Descriptions.Item>
              <Descriptions.Item label="Nơi nhận">{d.recipients ?? ''}</Descriptions.Item>
              <Descriptions.Item label="Hạn xử lý">{formatDate(d.deadline)}</Descriptions.Item>
              {d.completionNote && <Descriptions.Item label="Kết quả">{d.completionNote}</Descriptions.Item>}
              {(d.answerOutgoingId || d.answerRef) && (
                <Descriptions.Item label="Văn bản trả lời">
                  {d.answerOutgoingId ? (
                    <Link to={`/outgoing/doc/${d.answerOutgoingId}`} data-testid="answer-link">
                      {d.answerRef || 'Xem văn bản đi trả lời'}
                    </Link>
                  ) : (
                    d.answerRef
                  )}
                </Descriptions.Item>
              )}
              {d.returnedReason && <Descriptions.Item label="Lý do trả lại">{d.returnedReason}</Descriptions.Item>}
            </Descriptions>
          </Card>
          <Card size="small" title="Phân công xử lý" style={{ marginTop: 16 }}>
            {d.assignments.length ? (
              <Tree
                key={d.assignments.map((a) => a.id).join()}
                defaultExpandAll
                selectable={false}
                treeData={assignmentTree(d.assignments)}
              />
            ) : (
              <Empty description="Chưa phân công" />
            )}
          </Card>
          <Card size="small" title="Lịch sử xử lý" style={{ marginTop: 16 }}>
            <Timeline
              data-testid="timeline"
              items={d.trace.map((t) => ({
                children: (
                  <div className="trace-entry">
                    <b>{t.label}</b> — {t.actorName ?? 'Hệ thống'} <span className="muted">{formatDateTime(t.at)}</span>
                    {t.note && <div>{t.note}</div>}
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title="Tệp văn bản">
            <Space direction="vertical" style={{ width: '100%' }}>
              {d.files.map((f) =>
                f.damaged ? (
                  <Alert
                    key={f.id}
                    type="error"
                    showIcon
                    message={`${f.name}: tệp bị hỏng trong kho (${f.damaged})`}
                    description="Không cung cấp bản không nguyên vẹn. Quản trị viên đã được báo để khôi phục từ bản sao."
                  />
                ) : (
                  <Typography.Link key={f.id} href={`${f.url}?download=1`}>
                    {f.name}
                  </Typography.Link>
                ),
              )}
              {pdf ? (
                <iframe
                  title="Xem văn bản"
                  src={pdf.url}
                  style={{ width: '100%', height: '70vh', border: '1px solid #ddd' }}
                />
              ) : (
                <Empty description="Không có tệp PDF để xem" />
              )}
            </Space>
          </Card>
        </Col>
      </Row>
      {open === 'assign' && (
        <AssignModal
          busy={run.isPending}
          onCancel={() => setOpen(null)}
          onOk={(v) => act(() => incomingApi.assign(id, v), 'Đã phân công xử lý.')}
        />
      )}
      {open === 'reassign' && (
        <ReassignModal
          unitId={ownUnit?.unitId ?? null}
          busy={run.isPending}
          onCancel={() => setOpen(null)}
          onOk={(v) => act(() => incomingApi.reassign(id, v), 'Đã giao xử lý.')}
        />
      )}
      {open === 'mailRegister' && (
        <MailRegisterModal
          doc={d}
          busy={run.isPending}
          onCancel={() => setOpen(null)}
          onOk={(meta) => act(() => incomingApi.registerReceived(id, { confirmDuplicate: false, meta }), 'Đã vào sổ.')}
        />
      )}
      {open === 'present' && (
        <PresentModal
          busy={run.isPending}
          onCancel={() => setOpen(null)}
          onOk={(v) => act(() => incomingApi.present(id, v), 'Đã trình văn bản.')}
        />
      )}
      {open && ['progress', 'contribute', 'complete', 'return', 'reject'].includes(open) && (
        <NoteModal
          action={open as NoteAction}
          busy={run.isPending}
          onCancel={() => setOpen(null)}
          onOk={({ note, answerOutgoingId, answerRef }) => {
            const a = open as NoteAction;
            const calls: Record<NoteAction, () => Promise<unknown>> = {
              progress: () => incomingApi.progress(id, note),
              contribute: () => incomingApi.contribute(id, note),
              complete: () => incomingApi.complete(id, { note, answerOutgoingId, answerRef }),
              return: () => incomingApi.returnUp(id, note),
              reject: () => incomingApi.reject(id, note),
            };
            act(
              calls[a],
              a === 'complete'
                ? 'Đã hoàn thành xử lý.'
                : a === 'progress'
                  ? 'Đã cập nhật tiến độ.'
                  : a === 'contribute'
                    ? 'Đã gửi ý kiến.'
                    : 'Đã trả lại.',
            );
          }}
        />
      )}
    </>
  );
}
