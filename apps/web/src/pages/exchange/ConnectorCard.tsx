import { Alert, Button, Card, Form, Input, InputNumber, Select, Space, Switch, Typography } from 'antd';
import { ApiOutlined, SaveOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useNotify } from '../../components/useNotify';
import { formatDateTime } from '../../lib/vn';
import type { ConnectorInput, ExchangeApi } from './exchange.api';

/** Connector settings: which hub, the system id and secret, on/off, poll interval; with a connection test. */
export default function ConnectorCard({ api, qkey }: { api: ExchangeApi; qkey: (...p: unknown[]) => unknown[] }) {
  const qc = useQueryClient();
  const { ok, fail } = useNotify();
  const [form] = Form.useForm<ConnectorInput>();
  const conn = useQuery({ queryKey: qkey('connector'), queryFn: () => api.connector() });
  useEffect(() => {
    if (conn.data) form.setFieldsValue({ ...conn.data, secret: undefined });
    else form.setFieldsValue({ kind: 'internal_hub', enabled: true, pollIntervalMs: 3000 });
  }, [conn.data, form]);
  const save = useMutation({
    mutationFn: (v: ConnectorInput) => api.saveConnector({ ...v, secret: v.secret ? v.secret : undefined }),
    onSuccess: async () => {
      ok('Đã lưu cấu hình kết nối liên thông.');
      await qc.invalidateQueries({ queryKey: qkey('connector') });
    },
    onError: fail,
  });
  const test = useMutation({ mutationFn: () => api.testConnector(), onError: fail });

  return (
    <Card size="small" title="Kết nối trục liên thông" loading={conn.isLoading}>
      {conn.data && (
        <Typography.Paragraph type="secondary">
          Mã định danh cơ quan: <b>{conn.data.organCode}</b> · Lần nhận gần nhất:{' '}
          {formatDateTime(conn.data.lastPollAt) || '—'}
          {conn.data.lastError && <Typography.Text type="danger"> · Lỗi: {conn.data.lastError}</Typography.Text>}
        </Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} style={{ maxWidth: 640 }}>
        <Form.Item name="kind" label="Loại trục" rules={[{ required: true }]}>
          <Select
            options={[
              { value: 'internal_hub', label: 'Trục liên thông nội bộ (vanthu)' },
              { value: 'national_hub', label: 'Trục liên thông quốc gia (VXP)' },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="endpoint"
          label="Địa chỉ trục"
          rules={[{ required: true, message: 'Chưa nhập địa chỉ trục.' }]}
        >
          <Input placeholder="https://truc.example.gov.vn/vxp" />
        </Form.Item>
        <Form.Item
          name="systemId"
          label="Mã hệ thống (systemid)"
          rules={[{ required: true, message: 'Chưa nhập mã hệ thống.' }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="secret"
          label="Khóa bí mật"
          extra={conn.data?.hasSecret ? 'Đã có khóa; để trống nếu không đổi.' : 'Ít nhất 16 ký tự.'}
          rules={[{ min: 16, message: 'Khóa bí mật ít nhất 16 ký tự.' }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Space size="large">
          <Form.Item name="enabled" label="Đang bật" valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="pollIntervalMs" label="Chu kỳ nhận (ms)">
            <InputNumber min={200} max={3600000} step={1000} />
          </Form.Item>
        </Space>
        <Space>
          <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={save.isPending}>
            Lưu
          </Button>
          <Button icon={<ApiOutlined />} disabled={!conn.data} loading={test.isPending} onClick={() => test.mutate()}>
            Kiểm tra kết nối
          </Button>
        </Space>
      </Form>
      {test.data && (
        <Alert
          style={{ marginTop: 12 }}
          type={test.data.ok ? 'success' : 'error'}
          message={test.data.message}
          showIcon
        />
      )}
    </Card>
  );
}
