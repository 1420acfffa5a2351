import { Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { authApi } from '../auth/auth.api';
import { applyFieldErrors } from '../components/errors';
import { useNotify } from '../components/useNotify';
import { PASSWORD_RULES } from '../lib/labels';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export default function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const { ok, fail } = useNotify();

  async function submit(v: Values) {
    setBusy(true);
    try {
      await authApi.changePassword(v.currentPassword, v.newPassword);
      ok('Đã đổi mật khẩu.');
      form.resetFields();
      onClose();
    } catch (e) {
      if (!applyFieldErrors(form, e)) fail(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      title="Đổi mật khẩu"
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="Đổi mật khẩu"
      cancelText="Hủy"
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        <Form.Item
          name="currentPassword"
          label="Mật khẩu hiện tại"
          rules={[{ required: true, message: 'Nhập mật khẩu hiện tại' }]}
        >
          <Input.Password autoFocus autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label="Mật khẩu mới"
          rules={PASSWORD_RULES}
          extra="Ít nhất 8 ký tự, có cả chữ và số."
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label="Nhập lại mật khẩu mới"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: 'Nhập lại mật khẩu mới' },
            ({ getFieldValue }) => ({
              validator: (_r, value) =>
                value === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error('Mật khẩu nhập lại không khớp')),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <button type="submit" hidden aria-hidden />
      </Form>
    </Modal>
  );
}
