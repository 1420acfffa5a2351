/**
 * "Ký số từ xa": the signer's key is at the organ's remote signing service (CSC API v2); the service sends an
 * OTP to the signer, who types it here (a phone is enough: no token, no vanthu-signer).
 */
import { Alert, Button, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../errors';
import { remoteSign, type RemoteSession } from './remoteSign';
import type { SignAppearance, SignedResult } from './signWithAgent';

export interface RemoteSignPanelProps {
  fileId: string;
  appearance?: SignAppearance;
  reason?: string;
  onSigned: (r: SignedResult) => void;
}

export default function RemoteSignPanel({ fileId, appearance, reason, onSigned }: RemoteSignPanelProps) {
  const [session, setSession] = useState<RemoteSession | null>(null);
  const [otp, setOtp] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(null);

  const run = async (f: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await f();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const start = () =>
    run(async () => {
      setSession(
        await remoteSign.start({ fileId, ...(appearance ? { appearance } : {}), ...(reason ? { reason } : {}) }),
      );
      setInfo(null);
    });
  const resend = () =>
    run(async () => {
      if (!session) return;
      const r = await remoteSign.resend(session.sessionId);
      setSession({ ...session, demoOtp: r.demoOtp });
      setOtp('');
      setInfo('Đã gửi lại mã OTP.');
    });
  const confirm = () =>
    run(async () => {
      if (!session) return;
      onSigned(await remoteSign.complete(session.sessionId, otp.trim()));
    });

  if (!session) {
    return (
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">
          Khoá ký của bạn nằm tại dịch vụ ký số từ xa của cơ quan; dịch vụ gửi mã OTP cho bạn để xác nhận lần ký này.
        </Typography.Text>
        <Button type="primary" loading={busy} onClick={start} block>
          Gửi mã OTP
        </Button>
        {error && <Alert type="error" showIcon message={error} data-testid="remote-error" />}
      </Space>
    );
  }
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="remote-sign">
      <Typography.Text>{session.otp?.description || 'Nhập mã OTP được gửi tới bạn.'}</Typography.Text>
      {session.demoOtp && (
        <Alert
          type="info"
          showIcon
          message={
            <>
              Chế độ trình diễn: mã OTP là <b data-testid="demo-otp">{session.demoOtp}</b> (cũng có trong mục Thông
              báo).
            </>
          }
        />
      )}
      <Input
        aria-label={session.otp?.label ?? 'Mã OTP'}
        placeholder={session.otp?.label ?? 'Mã OTP'}
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={12}
        value={otp}
        onChange={(e) => setOtp(e.target.value)}
        onPressEnter={() => otp.trim() && void confirm()}
        size="large"
      />
      <Button type="primary" loading={busy} disabled={!otp.trim()} onClick={confirm} block size="large">
        Xác nhận ký
      </Button>
      <Button type="link" disabled={busy} onClick={resend} style={{ padding: 0 }}>
        Gửi lại mã OTP
      </Button>
      {info && !error && <Typography.Text type="secondary">{info}</Typography.Text>}
      {error && <Alert type="error" showIcon message={error} data-testid="remote-error" />}
    </Space>
  );
}
