import { Alert, Button, Form, Input, Modal, Popconfirm, Space, Table, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ApiTokenInfo, CreatedApiToken } from '../api.types';
import { authApi } from '../auth/auth.api';
import { useNotify } from '../components/useNotify';
import { formatDateTime, viCompare } from '../lib/vn';

const KEY = ['auth', 'tokens'];

/** Personal API tokens: list, create (the token is shown once), revoke. */
export default function ApiTokensModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const qc = useQueryClient();
  const { ok, fail } = useNotify();
  const [form] = Form.useForm<{ name: string }>();
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const tokens = useQuery({ queryKey: KEY, queryFn: authApi.tokens, enabled: open });

  const create = useMutation({
    mutationFn: (name: string) => authApi.createToken(name),
    onSuccess: (t) => {
      setCreated(t);
      form.resetFields();
      void qc.invalidateQueries({ queryKey: KEY });
    },
    onError: fail,
  });
  const revoke = useMutation({
    mutationFn: (id: string) => authApi.revokeToken(id),
    onSuccess: () => {
      ok('Đã thu hồi mã truy cập.');
      void qc.invalidateQueries({ queryKey: KEY });
    },
    onError: fail,
  });

  function close() {
    setCreated(null);
    onClose();
  }

  return (
    <Modal title="Mã truy cập API" open={open} onCancel={close} footer={null} width={720} destroyOnHidden>
      <Typography.Paragraph type="secondary">
        Dùng cho phần mềm tích hợp: gửi kèm tiêu đề{' '}
        <Typography.Text code>Authorization: Bearer &lt;mã&gt;</Typography.Text>. Mã có quyền như tài khoản của bạn.
      </Typography.Paragraph>
      {created && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message={`Mã "${created.name}" chỉ hiển thị một lần — hãy sao chép và cất giữ an toàn.`}
          description={
            <Typography.Text code copyable style={{ wordBreak: 'break-all' }} data-testid="new-token">
              {created.token}
            </Typography.Text>
          }
        />
      )}
      <Form form={form} layout="inline" onFinish={(v) => create.mutate(v.name.trim())} style={{ marginBottom: 16 }}>
        <Form.Item
          name="name"
          label="Tên mã"
          rules={[{ required: true, whitespace: true, message: 'Nhập tên gợi nhớ' }]}
          style={{ flex: 1 }}
        >
          <Input autoFocus placeholder="Ví dụ: Kết nối phần mềm kế toán" maxLength={100} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          Tạo mã
        </Button>
      </Form>
      <Table<ApiTokenInfo>
        rowKey="id"
        size="small"
        loading={tokens.isPending}
        dataSource={tokens.data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: 'Chưa có mã truy cập nào' }}
        columns={[
          { title: 'Tên', dataIndex: 'name', sorter: (a, b) => viCompare(a.name, b.name) },
          { title: 'Ngày tạo', dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
          {
            title: 'Dùng lần cuối',
            dataIndex: 'lastUsedAt',
            render: (v: string | null) => (v ? formatDateTime(v) : 'Chưa dùng'),
          },
          {
            title: '',
            key: 'actions',
            render: (_v, t) => (
              <Space>
                <Popconfirm
                  title={`Thu hồi mã "${t.name}"?`}
                  okText="Thu hồi"
                  cancelText="Hủy"
                  okButtonProps={{ danger: true }}
                  onConfirm={() => revoke.mutate(t.id)}
                >
                  <Button size="small" danger>
                    Thu hồi
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
    </Modal>
  );
}
