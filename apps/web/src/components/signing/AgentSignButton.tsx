import { Alert, Button, Space } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../errors';
import { AgentError, signWithAgent, type SignAppearance, type SignedResult } from './signWithAgent';

export interface AgentSignButtonProps {
  fileId: string;
  appearance?: SignAppearance;
  reason?: string;
  label?: string;
  onSigned: (r: SignedResult) => void;
}

/** "Ký số (USB token)": signs through vanthu-signer on this computer (deferred flow). */
export default function AgentSignButton({
  fileId,
  appearance,
  reason,
  label = 'Ký số (USB token)',
  onSigned,
}: AgentSignButtonProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      onSigned(await signWithAgent({ fileId, ...(appearance ? { appearance } : {}), ...(reason ? { reason } : {}) }));
    } catch (e) {
      setError(e instanceof AgentError ? e.message : errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space direction="vertical">
      <Button type="primary" loading={busy} onClick={run}>
        {label}
      </Button>
      {error && <Alert type="error" showIcon message={error} data-testid="agent-error" />}
    </Space>
  );
}
