import {
  Alert,
  Button,
  Col,
  Descriptions,
  Divider,
  Drawer,
  Form,
  Input,
  Popconfirm,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { SwapOutlined, PlusOutlined, UnlockOutlined, KeyOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { AdminUser, Clearance, Membership } from '../../api.types';
import { applyFieldErrors } from '../../components/errors';
import { useNotify } from '../../components/useNotify';
import { CLEARANCE_OPTIONS, roleLabel } from '../../lib/labels';
import { useAdmin } from './AdminScope';
import PostModal from './PostModal';
import ResetPasswordModal from './ResetPasswordModal';

type Sub = 'password' | 'add' | 'transfer' | null;

interface Editable {
  fullName: string;
  email: string;
  active: boolean;
  clearance?: Clearance;
}

interface Action<A> {
  fn: (a: A) => Promise<unknown>;
  done: string;
  after: () => Promise<void>;
  fail: (e: unknown) => void;
}

function useAction<A>(a: Action<A>, ok: (text: string) => void) {
  return useMutation({
    mutationFn: a.fn,
    onSuccess: async () => {
      ok(a.done);
      await a.after();
    },
    onError: a.fail,
  });
}

/** One user: details, account actions, and posts (memberships, Điều chuyển). */
export default function UserDrawer({
  user,
  onChanged,
  onClose,
}: {
  user: AdminUser;
  onChanged: () => Promise<unknown>;
  onClose: () => void;
}) {
  const { api } = useAdmin();
  const { ok, fail } = useNotify();
  const [form] = Form.useForm<Editable>();
  const [sub, setSub] = useState<Sub>(null);

  const act = <A,>(fn: (a: A) => Promise<unknown>, done: string) => ({
    fn,
    done,
    after: async () => {
      setSub(null);
      await onChanged();
    },
    fail: (e: unknown) => {
      if (!applyFieldErrors(form, e)) fail(e);
    },
  });
  const save = useAction(
    act(
      (v: Editable) =>
        api.updateUser(user.id, {
          fullName: v.fullName.trim(),
          email: v.email?.trim() || null,
          active: v.active,
          ...(v.clearance ? { clearance: v.clearance } : {}),
        }),
      'Đã lưu thông tin người dùng.',
    ),
    ok,
  );
  const reset = useAction(
    act((password: string) => api.resetPassword(user.id, password), 'Đã đặt lại mật khẩu.'),
    ok,
  );
  const unlock = useAction(
    act((_: void) => api.unlock(user.id), 'Đã mở khóa tài khoản.'),
    ok,
  );
  const removeMembership = useAction(
    act((id: string) => api.deleteMembership(id), 'Đã kết thúc chức vụ.'),
    ok,
  );
  const addMembership = useMutation({
    mutationFn: (v: Parameters<typeof api.addMembership>[1]) => api.addMembership(user.id, v),
  });
  const transfer = useMutation({ mutationFn: (v: Parameters<typeof api.transfer>[1]) => api.transfer(user.id, v) });

  return (
    <Drawer title={user.fullName} open onClose={onClose} width={640} destroyOnHidden data-testid="user-drawer">
      {user.locked && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          message="Tài khoản đang bị khóa tạm thời do đăng nhập sai nhiều lần."
          action={
            <Button size="small" icon={<UnlockOutlined />} onClick={() => unlock.mutate()} loading={unlock.isPending}>
              Mở khóa
            </Button>
          }
        />
      )}
      <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label="Tên đăng nhập">{user.username}</Descriptions.Item>
        <Descriptions.Item label="Xác thực hai lớp">
          {user.totpEnabled ? <Tag color="green">Đang bật</Tag> : <Tag>Chưa bật</Tag>}
        </Descriptions.Item>
      </Descriptions>
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          fullName: user.fullName,
          email: user.email ?? '',
          active: user.active,
          clearance: user.clearance,
        }}
        onFinish={(v) => save.mutate(v)}
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="fullName"
              label="Họ và tên"
              rules={[{ required: true, whitespace: true, message: 'Nhập họ và tên' }]}
            >
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="email"
              label="Thư điện tử"
              rules={[{ type: 'email', message: 'Địa chỉ thư không hợp lệ' }]}
            >
              <Input type="email" maxLength={100} />
            </Form.Item>
          </Col>
          {user.clearance && (
            <Col xs={24} sm={12}>
              <Form.Item name="clearance" label="Tiếp cận văn bản mật đến mức">
                <Select options={CLEARANCE_OPTIONS} />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} sm={12}>
            <Form.Item name="active" label="Đang hoạt động" valuePropName="checked">
              <Switch checkedChildren="Có" unCheckedChildren="Không" />
            </Form.Item>
          </Col>
        </Row>
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            Lưu
          </Button>
          <Button icon={<KeyOutlined />} onClick={() => setSub('password')}>
            Đặt lại mật khẩu
          </Button>
        </Space>
      </Form>
      <Divider orientation="left" plain>
        Chức vụ, đơn vị công tác
      </Divider>
      <Table<Membership>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={user.memberships}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: 'Chưa có chức vụ nào' }}
        columns={[
          { title: 'Đơn vị', dataIndex: 'unitName' },
          {
            title: 'Chức vụ',
            dataIndex: 'positionName',
            render: (v: string, m) =>
              m.primary ? (
                <>
                  {v} <Tag color="blue">Chính</Tag>
                </>
              ) : (
                v
              ),
          },
          {
            title: 'Vai trò',
            dataIndex: 'roles',
            render: (roles: string[]) => roles.map((r) => <Tag key={r}>{roleLabel(r)}</Tag>),
          },
          {
            title: '',
            key: 'x',
            render: (_v, m) => (
              <Popconfirm
                title="Kết thúc chức vụ này?"
                okText="Kết thúc"
                cancelText="Hủy"
                okButtonProps={{ danger: true }}
                onConfirm={() => removeMembership.mutate(m.id)}
              >
                <Button size="small" danger type="link">
                  Kết thúc
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      <Space wrap style={{ marginTop: 12 }}>
        <Button icon={<PlusOutlined />} onClick={() => setSub('add')}>
          Thêm kiêm nhiệm
        </Button>
        <Button icon={<SwapOutlined />} onClick={() => setSub('transfer')}>
          Điều chuyển
        </Button>
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>
        Điều chuyển: kết thúc mọi chức vụ hiện tại và tạo chức vụ chính mới; quyền truy cập đi theo vị trí mới.
      </Typography.Paragraph>
      {sub === 'password' && (
        <ResetPasswordModal
          userName={user.fullName}
          busy={reset.isPending}
          onSubmit={(p) => reset.mutate(p)}
          onClose={() => setSub(null)}
        />
      )}
      {(sub === 'add' || sub === 'transfer') && (
        <PostModal
          mode={sub}
          userName={user.fullName}
          busy={addMembership.isPending || transfer.isPending}
          onSubmit={async (v) => {
            if (sub === 'add') await addMembership.mutateAsync(v);
            else await transfer.mutateAsync({ unitId: v.unitId, positionId: v.positionId, roles: v.roles });
            ok(sub === 'add' ? 'Đã thêm chức vụ kiêm nhiệm.' : 'Đã điều chuyển người dùng.');
            setSub(null);
            await onChanged();
          }}
          onClose={() => setSub(null)}
        />
      )}
    </Drawer>
  );
}
