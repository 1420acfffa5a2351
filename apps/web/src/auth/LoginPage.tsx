import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Form, Input, Typography, type InputRef } from 'antd';
import { LockOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { ApiError } from '../api';
import { PRODUCT_NAME } from '../lib/labels';
import { authApi, type LoginInput } from './auth.api';
import { useAuth } from './AuthProvider';

export default function LoginPage() {
  const { signedIn } = useAuth();
  const [form] = Form.useForm<LoginInput>();
  const [needTotp, setNeedTotp] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const totpRef = useRef<InputRef>(null);

  async function submit(values: LoginInput) {
    setBusy(true);
    setError(null);
    try {
      const me = await authApi.login({
        username: values.username.trim(),
        password: values.password,
        ...(needTotp && values.totp ? { totp: values.totp.trim() } : {}),
      });
      // The login route then sends the user where they were going (or home).
      signedIn(me);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, 'internal', 'Đăng nhập không thành công.');
      if (err.code === 'auth.totp_required') {
        setNeedTotp(true);
      } else {
        setError(err);
        if (err.code === 'auth.totp_invalid') form.setFieldValue('totp', '');
      }
    } finally {
      setBusy(false);
    }
  }

  // Once the code field is shown (or a code was refused), the cursor goes to it.
  useEffect(() => {
    if (needTotp && !busy) totpRef.current?.focus();
  }, [needTotp, busy, error]);

  return (
    <div className="login-screen">
      <div className="login-card" role="main">
        <div className="login-brand">
          <div className="brand-mark" aria-hidden>
            VT
          </div>
          <div>
            <div className="login-product">{PRODUCT_NAME}</div>
            <div className="login-sub">Hệ thống quản lý văn bản, hồ sơ và điều hành</div>
          </div>
        </div>
        <Typography.Title level={3} style={{ marginTop: 8, marginBottom: 16 }}>
          Đăng nhập
        </Typography.Title>
        {error && (
          <Alert
            type="error"
            showIcon
            message={error.message}
            style={{ marginBottom: 16 }}
            data-testid="login-error"
            data-code={error.code}
          />
        )}
        {needTotp && !error && (
          <Alert
            type="info"
            showIcon
            message="Tài khoản đã bật xác thực hai lớp. Nhập mã 6 số trong ứng dụng xác thực."
            style={{ marginBottom: 16 }}
          />
        )}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} size="large" disabled={busy}>
          <Form.Item name="username" label="Tên đăng nhập" rules={[{ required: true, message: 'Nhập tên đăng nhập' }]}>
            <Input
              prefix={<UserOutlined />}
              autoFocus
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
            />
          </Form.Item>
          <Form.Item name="password" label="Mật khẩu" rules={[{ required: true, message: 'Nhập mật khẩu' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          {needTotp && (
            <Form.Item
              name="totp"
              label="Mã xác thực (TOTP)"
              rules={[{ required: true, pattern: /^\d{6}$/, message: 'Mã gồm 6 chữ số' }]}
            >
              <Input
                ref={totpRef}
                prefix={<SafetyCertificateOutlined />}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
              />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block loading={busy}>
            Đăng nhập
          </Button>
        </Form>
        <div className="login-foot">Phần mềm nguồn mở · Dành cho cơ quan nhà nước</div>
      </div>
    </div>
  );
}
