import { Alert, Button, Descriptions, Flex, Form, Input, Modal, QRCode, Typography } from 'antd';
import { useState } from 'react';
import type { TotpSetup } from '../api.types';
import { authApi } from '../auth/auth.api';
import { useAuth, useMe } from '../auth/AuthProvider';
import { useNotify } from '../components/useNotify';

/** Two-factor setup: start → secret + otpauth URL → confirm a code; or turn it off with the password. */
export default function TotpModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const me = useMe();
  const { refresh } = useAuth();
  const { ok, fail } = useNotify();
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [busy, setBusy] = useState(false);

  function close() {
    setSetup(null);
    onClose();
  }

  async function run(action: () => Promise<unknown>, done?: string) {
    setBusy(true);
    try {
      await action();
      if (done) ok(done);
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  }

  const start = () => run(async () => setSetup(await authApi.totpSetup()));
  const enable = (v: { code: string }) =>
    run(async () => {
      await authApi.totpEnable(v.code.trim());
      await refresh();
      close();
    }, 'Đã bật xác thực hai lớp.');
  const disable = (v: { password: string }) =>
    run(async () => {
      await authApi.totpDisable(v.password);
      await refresh();
      close();
    }, 'Đã tắt xác thực hai lớp.');

  return (
    <Modal title="Xác thực hai lớp (TOTP)" open={open} onCancel={close} footer={null} destroyOnHidden width={560}>
      {me.totpEnabled ? (
        <>
          <Alert
            type="success"
            showIcon
            message="Xác thực hai lớp đang bật cho tài khoản này."
            style={{ marginBottom: 16 }}
          />
          <Form layout="vertical" onFinish={disable}>
            <Form.Item
              name="password"
              label="Nhập mật khẩu để tắt xác thực hai lớp"
              rules={[{ required: true, message: 'Nhập mật khẩu' }]}
            >
              <Input.Password autoFocus autoComplete="current-password" />
            </Form.Item>
            <Button danger htmlType="submit" loading={busy}>
              Tắt xác thực hai lớp
            </Button>
          </Form>
        </>
      ) : !setup ? (
        <>
          <Typography.Paragraph>
            Khi bật, mỗi lần đăng nhập cần thêm mã 6 số sinh bởi ứng dụng xác thực (Google Authenticator, Microsoft
            Authenticator, FreeOTP…).
          </Typography.Paragraph>
          <Button type="primary" onClick={start} loading={busy} autoFocus>
            Bắt đầu thiết lập
          </Button>
        </>
      ) : (
        <>
          <Typography.Paragraph>
            Quét mã QR bằng ứng dụng xác thực (hoặc nhập khóa bí mật), rồi nhập mã 6 số để xác nhận.
          </Typography.Paragraph>
          <Flex justify="center" style={{ marginBottom: 12 }}>
            <QRCode value={setup.otpauthUrl} size={168} bordered={false} errorLevel="M" />
          </Flex>
          <Descriptions
            column={1}
            size="small"
            bordered
            style={{ marginBottom: 16 }}
            styles={{ label: { width: 120, whiteSpace: 'nowrap' } }}
          >
            <Descriptions.Item label="Khóa bí mật">
              <Typography.Text code copyable data-testid="totp-secret">
                {setup.secret}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="Địa chỉ otpauth">
              <Typography.Text copyable style={{ wordBreak: 'break-all' }}>
                {setup.otpauthUrl}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          <Form layout="inline" onFinish={enable}>
            <Form.Item
              name="code"
              label="Mã xác thực"
              rules={[{ required: true, pattern: /^\d{6}$/, message: 'Mã gồm 6 chữ số' }]}
            >
              <Input autoFocus inputMode="numeric" autoComplete="one-time-code" maxLength={6} style={{ width: 120 }} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>
              Xác nhận và bật
            </Button>
          </Form>
        </>
      )}
    </Modal>
  );
}
