import { Form, Input, Modal } from 'antd';

/** The administrator sets a new password for a user. */
export default function ResetPasswordModal({ userName, busy, onSubmit, onClose }: { userName: string; busy: boolean; onSubmit: (password: string) => void; onClose: () => void }) {
  const [form] = Form.useForm<{ password: string }>();
  return (
    <Modal title={`Đặt lại mật khẩu: ${userName}`} open onCancel={onClose} onOk={() => form.submit()} okText="Đặt lại" cancelText="Hủy" confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => onSubmit(v.password)}>
        <Form.Item name="password" label="Mật khẩu mới" rules={[{ required: true, message: 'Nhập mật khẩu mới' }, { min: 8, message: 'Tối thiểu 8 ký tự' }]} extra="Người dùng nên đổi mật khẩu sau khi đăng nhập.">
          <Input.Password autoFocus autoComplete="new-password" />
        </Form.Item>
        <button type="submit" hidden aria-hidden />
      </Form>
    </Modal>
  );
}
