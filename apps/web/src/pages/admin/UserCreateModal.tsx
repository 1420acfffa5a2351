import { Col, Form, Input, Modal, Row, Select } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { ApiError } from '../../api';
import type { AdminUser } from '../../api.types';
import { applyFieldErrors } from '../../components/errors';
import { useNotify } from '../../components/useNotify';
import { useAdmin } from './AdminScope';
import { useOrgOptions } from './admin.queries';
import type { UserCreate } from './admin.api';
import RolesField from './RolesField';
import { CLEARANCE_OPTIONS, PASSWORD_RULES } from '../../lib/labels';
import UnitSelect from './UnitSelect';

/** Create a user with a first (primary) post: unit, position and roles. */
export default function UserCreateModal({
  defaultUnitId,
  onDone,
  onClose,
}: {
  defaultUnitId?: string;
  onDone: (u: AdminUser) => void;
  onClose: () => void;
}) {
  const { api } = useAdmin();
  const { fail } = useNotify();
  const [form] = Form.useForm<UserCreate>();
  const { unitOptions, positionOptions, roleOptions } = useOrgOptions();
  const create = useMutation({
    mutationFn: (v: UserCreate) =>
      api.createUser({
        ...v,
        username: v.username.trim().toLowerCase(),
        fullName: v.fullName.trim(),
        email: v.email?.trim() || undefined,
        roles: v.roles ?? [],
      }),
    onSuccess: onDone,
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'org.username_taken')
        form.setFields([{ name: 'username', errors: [e.message] }]);
      else if (!applyFieldErrors(form, e)) fail(e);
    },
  });

  return (
    <Modal
      title="Thêm người dùng"
      open
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="Tạo người dùng"
      cancelText="Hủy"
      confirmLoading={create.isPending}
      width={680}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => create.mutate(v)}
        initialValues={{ unitId: defaultUnitId, roles: ['specialist'], clearance: 'thuong' }}
        data-testid="user-create-form"
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="fullName"
              label="Họ và tên"
              rules={[{ required: true, whitespace: true, message: 'Nhập họ và tên' }]}
            >
              <Input autoFocus maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="username"
              label="Tên đăng nhập"
              rules={[
                { required: true, message: 'Nhập tên đăng nhập' },
                { pattern: /^[a-zA-Z0-9._-]{3,50}$/, message: 'Chữ không dấu, số, dấu chấm, gạch; 3–50 ký tự' },
              ]}
            >
              <Input autoCapitalize="none" spellCheck={false} maxLength={50} />
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
          <Col xs={24} sm={12}>
            <Form.Item
              name="password"
              label="Mật khẩu ban đầu"
              rules={PASSWORD_RULES}
              extra="Ít nhất 8 ký tự, có cả chữ và số."
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="unitId" label="Đơn vị" rules={[{ required: true, message: 'Chọn đơn vị' }]}>
              <UnitSelect options={unitOptions} placeholder="Chọn đơn vị" data-testid="user-unit" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="positionId" label="Chức vụ" rules={[{ required: true, message: 'Chọn chức vụ' }]}>
              <Select
                options={positionOptions}
                showSearch
                optionFilterProp="label"
                placeholder="Chọn chức vụ"
                data-testid="user-position"
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="roles"
          label="Vai trò"
          rules={[{ required: true, type: 'array', min: 1, message: 'Chọn ít nhất một vai trò' }]}
        >
          <RolesField options={roleOptions} />
        </Form.Item>
        <Form.Item name="clearance" label="Được tiếp cận văn bản mật đến mức">
          <Select options={CLEARANCE_OPTIONS} style={{ maxWidth: 280 }} />
        </Form.Item>
        <button type="submit" hidden aria-hidden />
      </Form>
    </Modal>
  );
}
