/**
 * /signing/demo (demo mode): the signing step of the outgoing journey on one file — the competent person
 * signs through vanthu-signer, the văn thư applies the organ signature with the seal — and the panel.
 * The outgoing pages embed AgentSignButton and SignaturePanel the same way.
 */
import { Alert, Button, Card, Space, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../api';
import { errorMessage } from '../errors';
import AgentSignButton from './AgentSignButton';
import SignaturePanel from './SignaturePanel';
import type { SignedResult } from './signWithAgent';

/** Between "THỨ TRƯỞNG" and the printed name in the demo draft (points, from the bottom-left). */
export const DEMO_SIGNER_RECT = { x: 340, y: 220, width: 180, height: 85 };

export default function SigningDemoPage() {
  const [params, setParams] = useSearchParams();
  const fileId = params.get('fileId');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const show = (r: SignedResult) => setParams({ fileId: r.fileId });
  const organSign = async () => {
    if (!fileId) return;
    setBusy(true);
    setError(null);
    try {
      show(
        await api.post<SignedResult>('/api/signing/organ', {
          fileId,
          reason: 'Ký số của cơ quan',
          seal: { signerRect: DEMO_SIGNER_RECT },
        }),
      );
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="Ký số văn bản (chế độ trình diễn)">
      {!fileId ? (
        <Alert type="info" showIcon message="Chọn tệp PDF cần ký (tham số fileId)." />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }} size="large">
          <Space wrap align="start">
            <AgentSignButton
              fileId={fileId}
              appearance={{ kind: 'signature', rect: DEMO_SIGNER_RECT }}
              reason="Phê duyệt văn bản"
              onSigned={show}
            />
            <Button loading={busy} onClick={organSign}>
              Ký số của cơ quan (đóng dấu)
            </Button>
            <Button href={`/api/files/${fileId}`}>Tải tệp PDF</Button>
          </Space>
          {error && <Alert type="error" showIcon message={error} />}
          <Typography.Text type="secondary" data-testid="current-file">
            Tệp: {fileId}
          </Typography.Text>
          <SignaturePanel key={fileId} fileId={fileId} />
        </Space>
      )}
    </Card>
  );
}
