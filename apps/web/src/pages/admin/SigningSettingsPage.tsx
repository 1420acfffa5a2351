import { Alert, Button, Card, Form, Input, Space, Switch, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, request } from '../../api';
import type { ApiBody, ApiResponse } from '../../api/contract';
import PageHeader from '../../components/PageHeader';
import { applyFieldErrors } from '../../components/errors';
import { useNotify } from '../../components/useNotify';
import { useAdmin } from './AdminScope';

type Settings = ApiResponse<'/api/signing/settings'>;
type SettingsBody = ApiBody<'/api/signing/settings', 'put'>;
interface FormValues {
  tsaUrl: string;
  cscEnabled: boolean;
  cscBaseUrl: string;
  cscClientId: string;
  cscClientSecret: string;
}

const blank = (s: string | undefined) => (s?.trim() ? s.trim() : null);
const httpRule = { pattern: /^https?:\/\/\S+$/, message: 'Nhập địa chỉ bắt đầu bằng http:// hoặc https://' };

/**
 * Quản trị: the organ's signing settings — the timestamp server (TSA) its signatures are stamped by (B-T, then
 * B-LT at issue), and the remote signing service (Cloud Signature Consortium API v2) leaders sign through on a
 * phone. The client secret is write-only: left empty, the stored one is kept.
 */
export default function SigningSettingsPage() {
  const { organId, key } = useAdmin();
  const qc = useQueryClient();
  const { ok, fail } = useNotify();
  const [form] = Form.useForm<FormValues>();
  const q = organId ? { organId } : undefined;
  const settings = useQuery({
    queryKey: key('signing-settings'),
    queryFn: () => api.get<Settings>('/api/signing/settings', q),
    retry: false,
  });
  const enabled = Form.useWatch('cscEnabled', form);

  useEffect(() => {
    const s = settings.data;
    if (!s) return;
    form.setFieldsValue({
      tsaUrl: s.tsaUrl ?? '',
      cscEnabled: s.csc.enabled,
      cscBaseUrl: s.csc.baseUrl ?? '',
      cscClientId: s.csc.clientId ?? '',
      cscClientSecret: '',
    });
  }, [settings.data, form]);

  const save = useMutation({
    mutationFn: (v: FormValues) => {
      const body: SettingsBody = {
        tsaUrl: blank(v.tsaUrl),
        csc: {
          enabled: v.cscEnabled,
          baseUrl: blank(v.cscBaseUrl),
          clientId: blank(v.cscClientId),
          ...(v.cscClientSecret ? { clientSecret: v.cscClientSecret } : {}),
        },
      };
      return request<Settings>('PUT', '/api/signing/settings', body, q);
    },
    onSuccess: async () => {
      ok('Đã lưu cấu hình ký số.');
      await qc.invalidateQueries({ queryKey: key('signing-settings') });
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e)) fail(e);
    },
  });

  const s = settings.data;
  const tsaNote = s
    ? s.envTsaUrl
      ? `Để trống: dùng máy chủ cấu hình chung ${s.envTsaUrl}.`
      : s.demoTsa
        ? 'Để trống: dùng máy chủ dấu thời gian trình diễn của hệ thống.'
        : 'Để trống: chữ ký không có dấu thời gian (chỉ đạt B-B).'
    : '';

  return (
    <>
      <PageHeader title="Cấu hình ký số" subtitle="Máy chủ dấu thời gian và dịch vụ ký số từ xa của cơ quan" />
      {settings.error ? <Alert type="error" showIcon message={String((settings.error as Error).message)} /> : null}
      <Card size="small" loading={settings.isLoading}>
        <Form<FormValues>
          form={form}
          layout="vertical"
          style={{ maxWidth: 640 }}
          onFinish={(v) => save.mutate(v)}
          initialValues={{ cscEnabled: false }}
        >
          <Typography.Title level={5}>Dấu thời gian (TSA, RFC 3161)</Typography.Title>
          <Form.Item label="Địa chỉ máy chủ dấu thời gian" name="tsaUrl" rules={[httpRule]} extra={tsaNote}>
            <Input placeholder="https://tsa.example.gov.vn/tsa" autoComplete="off" />
          </Form.Item>
          <Typography.Title level={5}>Ký số từ xa (CSC API v2)</Typography.Title>
          <Form.Item label="Cho phép ký số từ xa" name="cscEnabled" valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item
            label="Địa chỉ dịch vụ"
            name="cscBaseUrl"
            rules={[httpRule, { required: !!enabled, message: 'Bật ký số từ xa cần địa chỉ dịch vụ CSC.' }]}
            extra={s?.csc.demoService ? `Dịch vụ trình diễn: ${s.csc.demoService}` : undefined}
          >
            <Input placeholder="https://rs.ca.vn/csc/v2" autoComplete="off" />
          </Form.Item>
          <Form.Item label="Client ID" name="cscClientId">
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item
            label="Client secret"
            name="cscClientSecret"
            extra={s?.csc.hasSecret ? 'Đã lưu một khóa bí mật; để trống để giữ nguyên.' : 'Chưa có khóa bí mật.'}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              Lưu cấu hình
            </Button>
          </Space>
        </Form>
      </Card>
    </>
  );
}
