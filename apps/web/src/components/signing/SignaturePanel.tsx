import { Alert, Empty, List, Space, Spin, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api';
import { errorMessage } from '../errors';
import { signingTimeText, VERDICT_COLOR, VERDICT_TEXT } from './format';
import type { SignatureReportView, SignatureView } from './types';

const LEVEL_TITLE: Record<NonNullable<SignatureView['level']>, string> = {
  'B-B': 'Chữ ký cơ bản',
  'B-T': 'Có dấu thời gian tin cậy',
  'B-LT': 'Có dấu thời gian và dữ liệu kiểm tra dài hạn trong tệp (kiểm tra được khi không có mạng)',
  'B-LTA': 'Dữ liệu kiểm tra dài hạn được bảo vệ bằng dấu thời gian tài liệu (lưu trữ)',
};

function SignatureItem({ s }: { s: SignatureView }) {
  const changes = s.changesAfter.filter((c) => c.kind !== 'dss' || !c.allowed);
  return (
    <List.Item data-testid="signature-item">
      <Space direction="vertical" size={2} style={{ width: '100%' }}>
        <Space wrap>
          <Tag color={VERDICT_COLOR[s.verdict]}>{VERDICT_TEXT[s.verdict]}</Tag>
          <Typography.Text strong>{s.signerName ?? 'Không rõ người ký'}</Typography.Text>
          <Typography.Text type="secondary">Ký lúc {signingTimeText(s.signingTime)}</Typography.Text>
          {s.timestamp.present && <Tag color={s.timestamp.trusted ? 'blue' : 'default'}>Có dấu thời gian</Tag>}
          {s.level && (
            <Tag
              color={s.level === 'B-LT' || s.level === 'B-LTA' ? 'green' : 'default'}
              title={LEVEL_TITLE[s.level]}
              data-testid="pades-level"
            >
              PAdES {s.level}
            </Tag>
          )}
        </Space>
        <Typography.Text type="secondary">
          {s.chainTrusted ? `Chứng thư tin cậy (${s.anchor ?? '—'})` : 'Chứng thư chưa được tin cậy'} ·{' '}
          {s.revocation.label}
        </Typography.Text>
        {s.reasons.length > 0 && (
          <ul style={{ margin: 0, paddingLeft: 18 }}>
            {s.reasons.map((r) => (
              <li key={r.code}>
                <Typography.Text type={s.verdict === 'invalid' ? 'danger' : 'warning'}>{r.message}</Typography.Text>
              </li>
            ))}
          </ul>
        )}
        <Typography.Text>
          Thay đổi sau khi ký:{' '}
          {changes.length === 0
            ? 'không có'
            : changes.map((c, i) => (
                <Tag key={i} color={c.allowed ? 'default' : 'error'}>
                  {c.label}
                  {c.detail ? ` (${c.detail})` : ''}
                </Tag>
              ))}
        </Typography.Text>
      </Space>
    </List.Item>
  );
}

const VISUAL_TYPE = {
  pending: 'info',
  same: 'success',
  different: 'error',
  error: 'warning',
  skipped: 'info',
} as const;

/** The signature panel of a PDF (who, when, verdict, reasons, changes after signing), for pages to embed. */
export function SignaturePanelView({ report }: { report: SignatureReportView }) {
  return (
    <div data-testid="signature-panel">
      <Space style={{ marginBottom: 8 }}>
        <Typography.Text strong>Chữ ký số:</Typography.Text>
        <Tag color={VERDICT_COLOR[report.verdict]}>{VERDICT_TEXT[report.verdict]}</Tag>
        <Typography.Text type="secondary">Kiểm tra lúc {signingTimeText(report.verifiedAt)}</Typography.Text>
      </Space>
      {report.signatures.length === 0 ? (
        <Empty description={report.problems[0]?.message ?? 'Tệp không có chữ ký số.'} />
      ) : (
        <List
          size="small"
          bordered
          dataSource={report.signatures}
          rowKey={(s) => s.fieldName}
          renderItem={(s) => <SignatureItem s={s} />}
        />
      )}
      {report.visual ? (
        <Alert
          data-testid="signature-visual"
          data-status={report.visual.status}
          style={{ marginTop: 8 }}
          showIcon
          type={VISUAL_TYPE[report.visual.status]}
          icon={report.visual.status === 'pending' ? <Spin size="small" /> : undefined}
          message={report.visual.label}
        />
      ) : null}
    </div>
  );
}

export default function SignaturePanel({ fileId }: { fileId: string }) {
  const q = useQuery({
    queryKey: ['signatures', fileId],
    queryFn: () => api.get<SignatureReportView>(`/api/signatures/${fileId}`),
    // the visual comparison runs in the background: ask again until it has an answer
    refetchInterval: (query) => (query.state.data?.visual?.status === 'pending' ? 4000 : false),
  });
  if (q.isLoading) return <Spin />;
  if (q.error) return <Alert type="error" showIcon message={errorMessage(q.error)} />;
  return q.data ? <SignaturePanelView report={q.data} /> : null;
}
