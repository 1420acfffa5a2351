import { Alert, Button, Checkbox, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, KeyOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, request } from '../../api';
import type { ApiBody, ApiResponse } from '../../api/contract';
import PageHeader from '../../components/PageHeader';
import { applyFieldErrors } from '../../components/errors';
import { useNotify } from '../../components/useNotify';
import { formatDateTime } from '../../lib/vn';

type HubSystem = ApiResponse<'/api/exchange/hub/systems'>[number];
type HubSystemBody = ApiBody<'/api/exchange/hub/systems/{systemId}', 'put'>;
interface FormValues {
  systemId: string;
  name?: string;
  secret: string;
  organs: string[];
  isAdmin: boolean;
}

const hubApi = {
  list: () => api.get<HubSystem[]>('/api/exchange/hub/systems'),
  save: (systemId: string, body: HubSystemBody) =>
    request<HubSystem>('PUT', `/api/exchange/hub/systems/${encodeURIComponent(systemId)}`, body),
  remove: (systemId: string) => api.del(`/api/exchange/hub/systems/${encodeURIComponent(systemId)}`),
};

/** A fresh secret for a new or rotated system: 32 random bytes, base64url. */
function newSecret(): string {
  const b = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...b))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/**
 * Quản trị hệ thống: the systems registered on the hub (one per agency's document system), with the organ codes
 * each speaks for. The secret is shown once, when it is set; the hub never gives it back.
 */
export default function HubSystemsPage() {
  const qc = useQueryClient();
  const { ok, fail } = useNotify();
  const [form] = Form.useForm<FormValues>();
  const [editing, setEditing] = useState<HubSystem | 'new' | null>(null);
  const [shownSecret, setShownSecret] = useState<{ systemId: string; secret: string } | null>(null);
  const list = useQuery({ queryKey: ['admin', 'hub-systems'], queryFn: hubApi.list, retry: false });
  const refresh = () => qc.invalidateQueries({ queryKey: ['admin', 'hub-systems'] });

  const open = (s: HubSystem | 'new') => {
    setEditing(s);
    form.resetFields();
    form.setFieldsValue(
      s === 'new'
        ? { systemId: '', name: '', secret: newSecret(), organs: [], isAdmin: false }
        : { systemId: s.systemId, name: s.name, secret: newSecret(), organs: s.organs, isAdmin: s.isAdmin },
    );
  };
  const save = useMutation({
    mutationFn: (v: FormValues) =>
      hubApi.save(v.systemId.trim(), {
        name: v.name?.trim() || undefined,
        secret: v.secret,
        organs: v.organs,
        isAdmin: v.isAdmin,
      }),
    onSuccess: async (saved, v) => {
      ok(
        editing === 'new'
          ? `Đã đăng ký hệ thống ${saved.systemId} trên trục.`
          : `Đã cập nhật hệ thống ${saved.systemId}.`,
      );
      setShownSecret({ systemId: saved.systemId, secret: v.secret });
      setEditing(null);
      await refresh();
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e)) fail(e);
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => hubApi.remove(id),
    onSuccess: async (_r, id) => {
      ok(`Đã xóa hệ thống ${id} khỏi trục.`);
      await refresh();
    },
    onError: fail,
  });

  return (
    <>
      <PageHeader
        title="Hệ thống trên trục liên thông"
        subtitle="Đăng ký hệ thống quản lý văn bản của từng cơ quan (mã hệ thống, khóa bí mật, mã định danh cơ quan) trên trục"
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} disabled={list.isError}>
            Đăng ký hệ thống
          </Button>
        }
      />
      {list.isError && (
        <Alert
          type="warning"
          showIcon
          message="Không đọc được danh sách hệ thống trên trục"
          description={(list.error as Error).message}
          style={{ marginBottom: 16 }}
        />
      )}
      {shownSecret && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setShownSecret(null)}
          style={{ marginBottom: 16 }}
          message={`Khóa bí mật của ${shownSecret.systemId} (chỉ hiện một lần — gửi cho cơ quan qua kênh an toàn)`}
          description={
            <Typography.Text copyable code data-testid="hub-secret">
              {shownSecret.secret}
            </Typography.Text>
          }
        />
      )}
      <Table<HubSystem>
        rowKey="systemId"
        size="small"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        onRow={(s) => ({ onClick: () => open(s), style: { cursor: 'pointer' } })}
        columns={[
          {
            title: 'Mã hệ thống',
            dataIndex: 'systemId',
            render: (v: string, s) => (
              <Space>
                {v}
                {s.isAdmin && <Tag color="purple">Quản trị trục</Tag>}
              </Space>
            ),
          },
          { title: 'Tên', dataIndex: 'name' },
          {
            title: 'Mã định danh cơ quan',
            dataIndex: 'organs',
            render: (o: string[]) =>
              o.length ? o.map((c) => <Tag key={c}>{c}</Tag>) : <Typography.Text type="secondary">—</Typography.Text>,
          },
          { title: 'Ngày đăng ký', dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
          {
            title: '',
            key: 'actions',
            render: (_v, s) => (
              <span onClick={(e) => e.stopPropagation()}>
                <Popconfirm
                  title={`Xóa hệ thống ${s.systemId}? Cơ quan sẽ không gửi, nhận được qua trục.`}
                  okText="Xóa"
                  cancelText="Không"
                  onConfirm={() => remove.mutate(s.systemId)}
                >
                  <Button size="small" danger icon={<DeleteOutlined />} aria-label={`Xóa ${s.systemId}`} />
                </Popconfirm>
              </span>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={
          editing === 'new' || editing === null ? 'Đăng ký hệ thống trên trục' : `Sửa hệ thống ${editing.systemId}`
        }
        okText="Lưu"
        cancelText="Hủy"
        confirmLoading={save.isPending}
        onOk={() => form.submit()}
        onCancel={() => setEditing(null)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Form.Item
            name="systemId"
            label="Mã hệ thống (systemid)"
            rules={[
              { required: true, message: 'Chưa nhập mã hệ thống.' },
              {
                pattern: /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/,
                message: 'Chỉ gồm chữ, số và . _ : - (tối đa 100 ký tự).',
              },
            ]}
          >
            <Input disabled={editing !== 'new'} autoFocus placeholder="vd. qlvb-stp-hcm" />
          </Form.Item>
          <Form.Item name="name" label="Tên hệ thống">
            <Input placeholder="vd. Hệ thống QLVB Sở Tư pháp TP. Hồ Chí Minh" />
          </Form.Item>
          <Form.Item
            name="organs"
            label="Mã định danh cơ quan (mỗi mã một thẻ, Enter để thêm)"
            rules={[
              {
                validator: (_r, v: string[] = []) =>
                  v.every((c) => /^[0-9A-Za-z][0-9A-Za-z.]{1,39}$/.test(c))
                    ? Promise.resolve()
                    : Promise.reject(new Error('Mã định danh cơ quan không hợp lệ (ví dụ 000.00.31.H29).')),
              },
            ]}
          >
            <Select mode="tags" tokenSeparators={[',', ' ', ';']} placeholder="000.00.31.H29" open={false} />
          </Form.Item>
          <Form.Item
            name="secret"
            label="Khóa bí mật"
            extra={
              editing === 'new'
                ? 'Đã tạo sẵn một khóa ngẫu nhiên.'
                : 'Trục không trả lại khóa đang dùng: lưu là đổi sang khóa này.'
            }
            rules={[
              { required: true, message: 'Chưa có khóa bí mật.' },
              { min: 16, message: 'Khóa bí mật ít nhất 16 ký tự.' },
            ]}
          >
            <Input
              addonAfter={
                <KeyOutlined title="Tạo khóa mới" onClick={() => form.setFieldValue('secret', newSecret())} />
              }
              autoComplete="off"
            />
          </Form.Item>
          <Form.Item name="isAdmin" valuePropName="checked">
            <Checkbox>Hệ thống quản trị trục (được đăng ký, xóa hệ thống khác)</Checkbox>
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
