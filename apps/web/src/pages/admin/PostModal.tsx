import { Alert, Checkbox, Form, Modal, Select } from 'antd';
import { applyFieldErrors } from '../../components/errors';
import { useNotify } from '../../components/useNotify';
import { useOrgOptions } from './admin.queries';
import type { PostInput } from './admin.api';
import RolesField from './RolesField';
import UnitSelect from './UnitSelect';

/**
 * A post (unit + position + roles). mode "add" adds a concurrent membership;
 * mode "transfer" (Điều chuyển) ends every current membership and makes this the new primary one.
 */
export default function PostModal({
  mode,
  userName,
  busy,
  onSubmit,
  onClose,
}: {
  mode: 'add' | 'transfer';
  userName: string;
  busy: boolean;
  onSubmit: (v: PostInput & { primary: boolean }) => Promise<unknown>;
  onClose: () => void;
}) {
  const [form] = Form.useForm<PostInput & { primary: boolean }>();
  const { fail } = useNotify();
  const { unitOptions, positionOptions, roleOptions } = useOrgOptions();

  async function submit(v: PostInput & { primary: boolean }) {
    try {
      await onSubmit({ ...v, roles: v.roles ?? [], primary: mode === 'transfer' ? true : Boolean(v.primary) });
    } catch (e) {
      if (!applyFieldErrors(form, e)) fail(e);
    }
  }

  return (
    <Modal
      title={mode === 'transfer' ? `Điều chuyển: ${userName}` : `Thêm kiêm nhiệm: ${userName}`}
      open
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={mode === 'transfer' ? 'Điều chuyển' : 'Thêm'}
      cancelText="Hủy"
      confirmLoading={busy}
      destroyOnHidden
    >
      {mode === 'transfer' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message="Mọi chức vụ hiện tại sẽ kết thúc; quyền theo chức vụ cũ chấm dứt và quyền theo vị trí mới có hiệu lực ngay."
        />
      )}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ roles: [], primary: false }}>
        <Form.Item name="unitId" label="Đơn vị" rules={[{ required: true, message: 'Chọn đơn vị' }]}>
          <UnitSelect options={unitOptions} autoFocus placeholder="Chọn đơn vị" />
        </Form.Item>
        <Form.Item name="positionId" label="Chức vụ" rules={[{ required: true, message: 'Chọn chức vụ' }]}>
          <Select options={positionOptions} showSearch optionFilterProp="label" placeholder="Chọn chức vụ" />
        </Form.Item>
        <Form.Item
          name="roles"
          label="Vai trò"
          rules={[{ required: true, type: 'array', min: 1, message: 'Chọn ít nhất một vai trò' }]}
        >
          <RolesField options={roleOptions} />
        </Form.Item>
        {mode === 'add' && (
          <Form.Item name="primary" valuePropName="checked">
            <Checkbox>Là chức vụ chính</Checkbox>
          </Form.Item>
        )}
        <button type="submit" hidden aria-hidden />
      </Form>
    </Modal>
  );
}
