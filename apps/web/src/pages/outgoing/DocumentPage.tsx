import { Alert, App, Button, Card, Col, Descriptions, Empty, Row, Space, Spin, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api';
import { useMe } from '../../auth/AuthProvider';
import PageHeader from '../../components/PageHeader';
import { errorMessage } from '../../components/errors';
import SignaturePanel from '../../components/signing/SignaturePanel';
import { useNotify } from '../../components/useNotify';
import { formatDate } from '../../lib/vn';
import NotFoundPage from '../NotFoundPage';
import { ConsultModal, CopyModal, ForwardModal, RecallModal, ReturnModal, TextModal } from './ActionModals';
import DeferredSealModal from './DeferredSealModal';
import DeferredSignModal from './DeferredSignModal';
import RecipientsCard from './RecipientsCard';
import RouteCard from './RouteCard';
import RouteEditModal from './RouteEditModal';
import VersionsCard from './VersionsCard';
import { APPROVE_LABELS, CONF_OPTIONS, STATUS_COLORS, URGENCY_OPTIONS, labelOf, stageLabel } from './labels';
import { fileUrl, outgoingApi, uploadFile, type OutgoingDoc } from './outgoing.api';
import AddToFileButton from '../workfiles/AddToFileButton';

type Open =
  | 'sign'
  | 'remote'
  | 'seal'
  | 'route'
  | 'return'
  | 'forward'
  | 'consult'
  | 'copy'
  | 'recall'
  | 'cancel'
  | { comment: string | null }
  | { answer: string }
  | null;

/** The file to read: the sealed PDF once issued, else the signed one, else the final PDF, else the latest draft when it is a PDF. */
function viewedFile(d: OutgoingDoc): string | null {
  const latest = d.versions.filter((v) => v.kind === 'draft').sort((a, b) => b.versionNo - a.versionNo)[0];
  return (
    d.sealedFileId ?? d.signedFileId ?? d.finalFileId ?? (latest?.mime === 'application/pdf' ? latest.fileId : null)
  );
}

/** An outgoing document: metadata, route, versions and comments, actions allowed (`actions`), PDF, recipients' tracking. */
export default function DocumentPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const qc = useQueryClient();
  const { modal } = App.useApp();
  const { ok, fail } = useNotify();
  const [open, setOpen] = useState<Open>(null);
  const doc = useQuery({ queryKey: ['outgoing', 'doc', id], queryFn: () => outgoingApi.get(id) });
  const run = useMutation({ mutationFn: (f: () => Promise<unknown>) => f(), onError: fail });
  const act = (f: () => Promise<unknown>, text: string) =>
    run.mutate(f, {
      onSuccess: async () => {
        ok(text);
        setOpen(null);
        await qc.invalidateQueries({ queryKey: ['outgoing'] });
      },
    });

  if (doc.isLoading) return <Spin />;
  if (doc.error instanceof ApiError && doc.error.status === 404)
    return <NotFoundPage title="Không tìm thấy văn bản" note="Văn bản không tồn tại hoặc bạn không có quyền xem." />;
  if (doc.error || !doc.data) return <Alert type="error" message={errorMessage(doc.error)} />;
  const d = doc.data;
  const can = (a: OutgoingDoc['actions'][number]) => d.actions.includes(a);
  const active = d.steps.find((s) => s.state === 'active');
  const returned = d.status === 'draft' && d.events.some((e) => e.decision === 'return');
  const viewed = viewedFile(d);
  const hasPrevious = !!active && d.steps.some((s) => s.ord < active.ord);
  const confirm = (title: string, content: string, okText: string, f: () => Promise<unknown>, done: string) =>
    modal.confirm({ title, content, okText, cancelText: 'Hủy', onOk: () => act(f, done) });

  return (
    <>
      <PageHeader
        title={d.subject}
        subtitle={
          <Space wrap>
            <Tag color={STATUS_COLORS[d.status]} data-testid="doc-status">
              {stageLabel(d.status, active?.action ?? null)}
            </Tag>
            {d.numberNotation && (
              <span data-testid="doc-number">
                Số: <b>{d.numberNotation}</b>
                {d.issuedDate ? `, ngày ${formatDate(d.issuedDate)}` : ''}
              </span>
            )}
            {returned && <Tag color="red">Bị trả lại</Tag>}
          </Space>
        }
        extra={
          <Space wrap>
            {d.status === 'issued' && <AddToFileButton kind="outgoing" refId={id} />}
            {can('submit') && (
              <Button
                type="primary"
                onClick={() => act(() => outgoingApi.submit(id), 'Đã trình dự thảo.')}
                disabled={run.isPending}
              >
                {returned ? 'Trình lại' : 'Trình ký'}
              </Button>
            )}
            {can('act') &&
              active &&
              (active.action === 'sign' ? (
                <>
                  <Button type="primary" disabled={run.isPending} onClick={() => setOpen('sign')}>
                    Ký số (USB token)
                  </Button>
                  <Button
                    disabled={run.isPending}
                    title="Ký bằng chứng thư số ký từ xa của bạn, xác nhận bằng mã OTP (dùng được trên điện thoại)"
                    onClick={() => setOpen('remote')}
                  >
                    Ký số từ xa
                  </Button>
                  <Button
                    disabled={run.isPending}
                    title="Ký bằng khoá lưu trên máy chủ (chế độ trình diễn)"
                    onClick={() =>
                      confirm(
                        'Ký ban hành',
                        'Hệ thống cấp số, ghi số và ngày vào văn bản rồi ký số bằng chữ ký của bạn.',
                        'Ký',
                        () => outgoingApi.decide(id, { decision: 'approve' }),
                        'Đã ký văn bản.',
                      )
                    }
                  >
                    Ký
                  </Button>
                </>
              ) : (
                <Button
                  type="primary"
                  disabled={run.isPending}
                  onClick={() =>
                    act(
                      () => outgoingApi.decide(id, { decision: 'approve' }),
                      `Đã ${APPROVE_LABELS[active.action].toLowerCase()}.`,
                    )
                  }
                >
                  {APPROVE_LABELS[active.action]}
                </Button>
              ))}
            {can('act') && (
              <Button danger onClick={() => setOpen('return')}>
                Trả lại
              </Button>
            )}
            {can('act') && <Button onClick={() => setOpen('forward')}>Chuyển tiếp</Button>}
            {can('issue') && (
              <Button
                type="primary"
                disabled={run.isPending}
                onClick={() =>
                  confirm(
                    'Đóng dấu số & phát hành',
                    'Ký số của cơ quan lên văn bản đã ký và gửi tới nơi nhận (nội bộ và liên thông).',
                    'Phát hành',
                    () => outgoingApi.issue(id),
                    'Đã phát hành văn bản.',
                  )
                }
              >
                Đóng dấu số & phát hành
              </Button>
            )}
            {can('issue') && (
              <Button
                disabled={run.isPending}
                title="Đóng dấu bằng chứng thư số của cơ quan trên thiết bị ký (USB token) văn thư giữ"
                onClick={() => setOpen('seal')}
              >
                Đóng dấu số bằng thiết bị ký (USB token)
              </Button>
            )}
            {can('cancel_number') && (
              <Button danger onClick={() => setOpen('cancel')}>
                Hủy số
              </Button>
            )}
            {can('copy') && <Button onClick={() => setOpen('copy')}>Sao văn bản</Button>}
            {can('recall') && (
              <Button danger onClick={() => setOpen('recall')}>
                Thu hồi / thay thế
              </Button>
            )}
          </Space>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card size="small" title="Thông tin văn bản">
            <Descriptions size="small" column={1} bordered labelStyle={{ width: 160 }}>
              <Descriptions.Item label="Số, ký hiệu">
                {d.numberNotation ?? <span className="muted">Cấp khi ký ban hành</span>}
              </Descriptions.Item>
              <Descriptions.Item label="Ngày ban hành">{formatDate(d.issuedDate)}</Descriptions.Item>
              <Descriptions.Item label="Loại văn bản">{d.docTypeName}</Descriptions.Item>
              <Descriptions.Item label="Độ khẩn / độ mật">
                {labelOf(URGENCY_OPTIONS, d.urgency)} / {labelOf(CONF_OPTIONS, d.confidentiality)}
              </Descriptions.Item>
              <Descriptions.Item label="Đơn vị soạn thảo">{d.draftingUnitName}</Descriptions.Item>
              <Descriptions.Item label="Người soạn thảo">{d.drafterName}</Descriptions.Item>
              <Descriptions.Item label="Người ký">
                {d.signedByName
                  ? `${d.signRank ? `${d.signRank}. ` : ''}${d.signedByName} (đã ký)`
                  : (d.signerName ?? '')}
              </Descriptions.Item>
              {d.answersIncomingId && (
                <Descriptions.Item label="Trả lời văn bản đến">
                  <Link to={`/incoming/doc/${d.answersIncomingId}`}>Xem văn bản đến</Link>
                </Descriptions.Item>
              )}
              {d.recallReason && <Descriptions.Item label="Lý do thu hồi">{d.recallReason}</Descriptions.Item>}
            </Descriptions>
          </Card>
          <div style={{ marginTop: 16 }}>
            <RouteCard d={d} onAdjust={can('adjust_route') ? () => setOpen('route') : undefined} />
          </div>
          <div style={{ marginTop: 16 }}>
            <VersionsCard
              d={d}
              busy={run.isPending}
              onUpload={(f, kind) =>
                act(
                  () => uploadFile(id, f, kind, me.csrfToken),
                  kind === 'draft' ? 'Đã tải lên phiên bản mới.' : 'Đã thêm tệp đính kèm.',
                )
              }
              onComment={(versionId) => setOpen({ comment: versionId })}
              onConsult={() => setOpen('consult')}
              onAnswer={(c) => setOpen({ answer: c })}
            />
          </div>
        </Col>
        <Col xs={24} xl={12}>
          <Card
            size="small"
            title="Văn bản"
            extra={viewed && <Typography.Link href={fileUrl(id, viewed, true)}>Tải về</Typography.Link>}
          >
            {viewed ? (
              <iframe
                title="Xem văn bản"
                src={fileUrl(id, viewed)}
                style={{ width: '100%', height: '70vh', border: '1px solid #ddd' }}
              />
            ) : (
              <Empty
                description={
                  d.versions.some((v) => v.kind === 'draft')
                    ? 'Dự thảo là tệp DOCX: chuyển sang PDF để xem (bản này được dùng khi ký).'
                    : 'Chưa có tệp dự thảo.'
                }
              >
                {d.versions.some((v) => v.kind === 'draft') && (
                  <Button
                    disabled={run.isPending}
                    onClick={() => act(() => outgoingApi.finalPdf(id), 'Đã tạo bản PDF.')}
                  >
                    Chuyển sang PDF để xem
                  </Button>
                )}
              </Empty>
            )}
          </Card>
          {(d.sealedFileId ?? d.signedFileId) && (
            <Card size="small" title="Chữ ký số" style={{ marginTop: 16 }}>
              <SignaturePanel fileId={(d.sealedFileId ?? d.signedFileId)!} />
            </Card>
          )}
          <div style={{ marginTop: 16 }}>
            <RecipientsCard d={d} />
          </div>
        </Col>
      </Row>
      {(open === 'sign' || open === 'remote') && (
        <DeferredSignModal
          docId={id}
          mode={open === 'remote' ? 'remote' : 'token'}
          numberNotation={d.numberNotation}
          onCancel={() => {
            setOpen(null);
            void qc.invalidateQueries({ queryKey: ['outgoing'] });
          }}
          onSigned={() => {
            ok('Đã ký số văn bản.');
            setOpen(null);
            void qc.invalidateQueries({ queryKey: ['outgoing'] });
          }}
        />
      )}
      {open === 'seal' && (
        <DeferredSealModal
          doc={d}
          onCancel={() => setOpen(null)}
          onIssued={() => {
            ok('Đã đóng dấu số và phát hành văn bản.');
            setOpen(null);
            void qc.invalidateQueries({ queryKey: ['outgoing'] });
          }}
        />
      )}
      {open === 'route' && (
        <RouteEditModal
          steps={d.steps}
          busy={run.isPending}
          onCancel={() => setOpen(null)}
          onOk={(steps) => act(() => outgoingApi.adjustRoute(id, steps), 'Đã điều chỉnh quy trình.')}
        />
      )}
      {open === 'return' && (
        <ReturnModal
          hasPrevious={hasPrevious}
          busy={run.isPending}
          onCancel={() => setOpen(null)}
          onOk={(v) => act(() => outgoingApi.decide(id, { decision: 'return', ...v }), 'Đã trả lại dự thảo.')}
        />
      )}
      {open === 'forward' && (
        <ForwardModal
          busy={run.isPending}
          onCancel={() => setOpen(null)}
          onOk={(v) => act(() => outgoingApi.decide(id, { decision: 'forward', ...v }), 'Đã chuyển tiếp.')}
        />
      )}
      {open === 'consult' && (
        <ConsultModal
          busy={run.isPending}
          onCancel={() => setOpen(null)}
          onOk={(v) => act(() => outgoingApi.consult(id, v.unitId, v.question), 'Đã gửi xin ý kiến.')}
        />
      )}
      {open === 'copy' && (
        <CopyModal
          busy={run.isPending}
          onCancel={() => setOpen(null)}
          onOk={(v) => act(() => outgoingApi.copy(id, v.form, v.recipients), 'Đã tạo bản sao.')}
        />
      )}
      {open === 'recall' && (
        <RecallModal
          busy={run.isPending}
          onCancel={() => setOpen(null)}
          onOk={(v) => act(() => outgoingApi.recall(id, v.kind, v.reason), 'Đã ghi nhận thu hồi.')}
        />
      )}
      {open === 'cancel' && (
        <TextModal
          title={
            d.status === 'signed'
              ? 'Hủy số'
              : `Hủy số ${d.numberNotation ?? ''} đã cấp: văn bản sẽ không được ký, ban hành`
          }
          label="Lý do hủy số"
          okText="Hủy số"
          busy={run.isPending}
          onCancel={() => setOpen(null)}
          onOk={(r) => act(() => outgoingApi.cancelNumber(id, r), 'Đã hủy số.')}
        />
      )}
      {open && typeof open === 'object' && 'comment' in open && (
        <TextModal
          title="Góp ý dự thảo"
          label="Nội dung góp ý"
          okText="Gửi góp ý"
          busy={run.isPending}
          onCancel={() => setOpen(null)}
          onOk={(t) => act(() => outgoingApi.comment(id, t, open.comment), 'Đã gửi góp ý.')}
        />
      )}
      {open && typeof open === 'object' && 'answer' in open && (
        <TextModal
          title="Trả lời xin ý kiến"
          label="Ý kiến của đơn vị"
          okText="Gửi trả lời"
          busy={run.isPending}
          onCancel={() => setOpen(null)}
          onOk={(t) => act(() => outgoingApi.answer(open.answer, t), 'Đã trả lời.')}
        />
      )}
    </>
  );
}
