import { Badge, Button, Card, Segmented, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { CloudSyncOutlined, ReloadOutlined, RedoOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import PageHeader from '../../components/PageHeader';
import { useNotify } from '../../components/useNotify';
import { formatDateTime } from '../../lib/vn';
import { useAdmin } from '../admin/AdminScope';
import MailInTable from './MailInTable';
import ConnectorCard from './ConnectorCard';
import {
  BUSINESS_LABEL,
  ENVELOPE_LABEL,
  IN_STATE,
  OUT_STATE,
  SIGNATURE_LABEL,
  STATUS_LABEL,
  exchangeApi,
  type InboxRow,
  type OutboxRow,
} from './exchange.api';

const statusTag = (code: string | null) =>
  code ? <Tag>{`${code} ${STATUS_LABEL[code] ?? ''}`}</Tag> : <Typography.Text type="secondary">—</Typography.Text>;
const what = (r: { messageType: string; businessType: number; statusCode: string | null }) =>
  r.messageType === 'status'
    ? `Trạng thái ${r.statusCode ?? ''} ${STATUS_LABEL[r.statusCode ?? ''] ?? ''}`
    : (BUSINESS_LABEL[r.businessType] ?? 'Văn bản');

/** Liên thông: connector settings, queue of outgoing packages, received packages, failures with retry. */
export default function ExchangePage() {
  const { organId, key } = useAdmin();
  const api = useMemo(() => exchangeApi(organId), [organId]);
  const qkey = (...p: unknown[]) => key('exchange', ...p);
  const qc = useQueryClient();
  const { ok, fail } = useNotify();
  const [outState, setOutState] = useState<string>('');
  const [inState, setInState] = useState<string>('');
  const counts = useQuery({ queryKey: qkey('counts'), queryFn: () => api.counts(), refetchInterval: 10_000 });
  const outbox = useQuery({
    queryKey: qkey('outbox', outState),
    queryFn: () => api.outbox(outState || undefined),
    refetchInterval: 10_000,
  });
  const inbox = useQuery({
    queryKey: qkey('inbox', inState),
    queryFn: () => api.inbox(inState || undefined),
    refetchInterval: 10_000,
  });
  const refresh = () => qc.invalidateQueries({ queryKey: qkey() });
  const retry = useMutation({
    mutationFn: (id: string) => api.retry(id),
    onSuccess: async () => {
      ok('Đã đưa gói tin vào hàng đợi gửi lại.');
      await refresh();
    },
    onError: fail,
  });
  const poll = useMutation({
    mutationFn: () => api.pollNow(),
    onSuccess: async (r) => {
      ok(`Đã nhận ${r.received.processed} gói tin, gửi ${r.sent} gói tin.`);
      await refresh();
    },
    onError: fail,
  });
  const answer = useMutation({
    mutationFn: (v: { id: string; accept: boolean }) => api.answerRetrieval(v.id, v.accept),
    onSuccess: async (_r, v) => {
      ok(v.accept ? 'Đã đồng ý trả lại văn bản (15).' : 'Đã từ chối yêu cầu lấy lại (16).');
      await refresh();
    },
    onError: fail,
  });
  const failing =
    (counts.data?.outbox.failed ?? 0) + (counts.data?.inbox.invalid ?? 0) + (counts.data?.inbox.failed ?? 0);

  const outTable = (
    <Card size="small">
      <Segmented
        style={{ marginBottom: 12 }}
        value={outState}
        onChange={(v) => setOutState(String(v))}
        options={[
          { value: '', label: 'Tất cả' },
          { value: 'queued', label: 'Chờ gửi' },
          { value: 'failing', label: 'Lỗi, đang thử lại' },
          { value: 'failed', label: 'Lỗi hẳn' },
          { value: 'sent', label: 'Đã gửi' },
        ]}
      />
      <Table<OutboxRow>
        rowKey="id"
        size="small"
        loading={outbox.isFetching}
        dataSource={outbox.data ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: 'Không có gói tin nào' }}
        columns={[
          { title: 'Tạo lúc', dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
          { title: 'Loại', key: 'what', render: (_v, r) => what(r) },
          { title: 'Nơi nhận', dataIndex: 'recipientCode', render: (v: string) => <code>{v}</code> },
          {
            title: 'Trích yếu',
            dataIndex: 'subject',
            render: (v: string) => (
              <Typography.Text ellipsis={{ tooltip: v }} style={{ maxWidth: 280 }}>
                {v}
              </Typography.Text>
            ),
          },
          {
            title: 'Gửi',
            dataIndex: 'state',
            render: (v: string) => <Tag color={OUT_STATE[v]?.color}>{OUT_STATE[v]?.label ?? v}</Tag>,
          },
          {
            title: 'Nơi nhận xử lý',
            key: 'rs',
            render: (_v, r) =>
              r.messageType === 'edoc' && r.businessType === 0 ? (
                <Space size={4}>
                  {statusTag(r.recipientStatus)}
                  {r.answerStatus && statusTag(r.answerStatus)}
                </Space>
              ) : null,
          },
          { title: 'Số lần gửi', dataIndex: 'attempts' },
          {
            title: 'Lỗi gần nhất',
            dataIndex: 'lastError',
            render: (v: string | null) => (
              <Typography.Text type="danger" ellipsis={{ tooltip: v }} style={{ maxWidth: 300 }}>
                {v ?? ''}
              </Typography.Text>
            ),
          },
          {
            title: '',
            key: 'x',
            render: (_v, r) =>
              r.state !== 'sent' && r.lastError ? (
                <Button
                  size="small"
                  icon={<RedoOutlined />}
                  loading={retry.isPending && retry.variables === r.id}
                  onClick={() => retry.mutate(r.id)}
                >
                  Gửi lại
                </Button>
              ) : null,
          },
        ]}
      />
    </Card>
  );

  const inTable = (
    <Card size="small">
      <Segmented
        style={{ marginBottom: 12 }}
        value={inState}
        onChange={(v) => setInState(String(v))}
        options={[
          { value: '', label: 'Tất cả' },
          { value: 'received', label: 'Chờ vào sổ' },
          { value: 'registered', label: 'Đã vào sổ' },
          { value: 'withdrawn', label: 'Đã thu hồi' },
          { value: 'invalid', label: 'Không hợp lệ' },
        ]}
      />
      <Table<InboxRow>
        rowKey="id"
        size="small"
        loading={inbox.isFetching}
        dataSource={inbox.data ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: 'Chưa nhận gói tin nào' }}
        columns={[
          { title: 'Nhận lúc', dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
          { title: 'Loại', key: 'what', render: (_v, r) => what(r) },
          { title: 'Nơi gửi', dataIndex: 'senderCode', render: (v: string) => <code>{v}</code> },
          { title: 'Số, ký hiệu', dataIndex: 'code' },
          {
            title: 'Trích yếu',
            dataIndex: 'subject',
            render: (v: string) => (
              <Typography.Text ellipsis={{ tooltip: v }} style={{ maxWidth: 280 }}>
                {v}
              </Typography.Text>
            ),
          },
          {
            title: 'Trạng thái',
            dataIndex: 'state',
            render: (v: string) => <Tag color={IN_STATE[v]?.color}>{IN_STATE[v]?.label ?? v}</Tag>,
          },
          {
            title: 'Chữ ký số',
            key: 'sig',
            render: (_v, r) =>
              r.signature ? (
                <Tag color={SIGNATURE_LABEL[r.signature.status]?.color}>
                  {SIGNATURE_LABEL[r.signature.status]?.label ?? r.signature.status}
                </Tag>
              ) : null,
          },
          {
            title: 'Gói tin',
            key: 'env',
            render: (_v, r) => (
              <Space direction="vertical" size={2} data-testid="inbox-notes">
                {r.envelopeSignature ? (
                  <Tooltip title={r.envelopeSignature.message}>
                    <Tag
                      data-testid="envelope-signature"
                      data-status={r.envelopeSignature.status}
                      color={ENVELOPE_LABEL[r.envelopeSignature.status]?.color}
                    >
                      {ENVELOPE_LABEL[r.envelopeSignature.status]?.label ?? r.envelopeSignature.status}
                    </Tag>
                  </Tooltip>
                ) : null}
                {(r.warnings ?? []).map((w, i) => (
                  <Typography.Text
                    key={`${w.code}-${i}`}
                    type="warning"
                    data-testid="inbox-warning"
                    data-code={w.code}
                    style={{ fontSize: 12 }}
                  >
                    ⚠ {w.message}
                  </Typography.Text>
                ))}
              </Space>
            ),
          },
          {
            title: 'Lỗi',
            key: 'err',
            render: (_v, r) => (
              <Typography.Text type="danger" ellipsis={{ tooltip: r.errorMessage }} style={{ maxWidth: 260 }}>
                {r.errorMessage ?? ''}
              </Typography.Text>
            ),
          },
          {
            title: '',
            key: 'x',
            render: (_v, r) =>
              r.retrieval === 'requested' ? (
                <Space direction="vertical" size={2}>
                  <Typography.Text type="warning">Nơi gửi yêu cầu lấy lại: {r.retrievalReason}</Typography.Text>
                  <Space>
                    <Button size="small" type="primary" onClick={() => answer.mutate({ id: r.id, accept: true })}>
                      Đồng ý trả lại
                    </Button>
                    <Button size="small" onClick={() => answer.mutate({ id: r.id, accept: false })}>
                      Từ chối
                    </Button>
                  </Space>
                </Space>
              ) : null,
          },
        ]}
      />
    </Card>
  );

  return (
    <>
      <PageHeader
        title="Liên thông văn bản"
        subtitle="Kết nối trục liên thông, hàng đợi gửi, gói tin đã nhận và lỗi"
        extra={
          <Space>
            <Button icon={<CloudSyncOutlined />} loading={poll.isPending} onClick={() => poll.mutate()}>
              Nhận và gửi ngay
            </Button>
            <Button icon={<ReloadOutlined />} onClick={() => void refresh()}>
              Làm mới
            </Button>
          </Space>
        }
      />
      <Tabs
        items={[
          {
            key: 'out',
            label: (
              <Badge count={counts.data?.outbox.queued ?? 0} size="small" offset={[8, 0]}>
                Hàng đợi gửi
              </Badge>
            ),
            children: outTable,
          },
          {
            key: 'in',
            label: (
              <Badge count={counts.data?.inbox.received ?? 0} size="small" offset={[8, 0]}>
                Gói tin đã nhận
              </Badge>
            ),
            children: inTable,
          },
          {
            key: 'err',
            label: (
              <Badge count={failing} size="small" offset={[8, 0]}>
                Lỗi
              </Badge>
            ),
            children: <FailureHint />,
          },
          { key: 'mail', label: 'Thư điện tử', children: <MailInTable organId={organId} /> },
          { key: 'conn', label: 'Kết nối', children: <ConnectorCard api={api} qkey={qkey} /> },
        ]}
      />
    </>
  );
}

function FailureHint() {
  return (
    <Card size="small">
      <Typography.Paragraph>
        Gói tin gửi lỗi được tự động gửi lại (chờ tăng dần, tối đa 30 giây giữa hai lần); sau 30 lần không thành công
        chúng chuyển sang “Lỗi hẳn”. Chọn bộ lọc “Lỗi, đang thử lại” hoặc “Lỗi hẳn” ở thẻ Hàng đợi gửi và bấm “Gửi lại”.
      </Typography.Paragraph>
      <Typography.Paragraph>
        Gói tin nhận được nhưng không hợp lệ (sai cấu trúc, không gửi đến cơ quan này) được ghi lại ở thẻ Gói tin đã
        nhận, bộ lọc “Không hợp lệ”, kèm lý do.
      </Typography.Paragraph>
    </Card>
  );
}
