import { Form, Input, Modal } from 'antd';
import { PASSWORD_RULES } from '../../lib/labels';

/** The administrator sets a new password for a user. */
export default function ResetPasswordModal({
  userName,
  busy,
  onSubmit,
  onClose,
}: {
  userName: string;
  busy: boolean;
  onSubmit: (password: string) => void;
  onClose: () => void;
}) {
  const [form] = Form.useForm<{ password: string }>();
  return (
    <Modal
      title={`Đặt lại mật khẩu: ${userName}`}
      open
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="Đặt lại"
      cancelText="Hủy"
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => onSubmit(v.password)}>
        <Form.Item
          name="password"
          label="Mật khẩu mới"
          rules={PASSWORD_RULES}
          extra="Ít nhất 8 ký tự, có cả chữ và số. Người dùng nên đổi mật khẩu sau khi đăng nhập."
        >
          <Input.Password autoFocus autoComplete="new-password" />
        </Form.Item>
        <button type="submit" hidden aria-hidden />
      </Form>
    </Modal>
  );
}
