import { Form, Input, Modal } from 'antd';
import type { ExternalOrgan } from '../../api.types';
import { applyFieldErrors } from '../../components/errors';
import { useNotify } from '../../components/useNotify';
import type { ExternalOrganInput } from './admin.api';

/** Add or edit an entry of the outside-organ directory. */
export default function ExternalOrganModal({
  organ,
  busy,
  onSubmit,
  onClose,
}: {
  organ: ExternalOrgan | null;
  busy: boolean;
  onSubmit: (v: ExternalOrganInput) => Promise<unknown>;
  onClose: () => void;
}) {
  const [form] = Form.useForm<ExternalOrganInput>();
  const { fail } = useNotify();

  async function submit(v: ExternalOrganInput) {
    try {
      await onSubmit(v);
    } catch (e) {
      if (!applyFieldErrors(form, e)) fail(e);
    }
  }

  return (
    <Modal
      title={organ ? `Sửa: ${organ.name}` : 'Thêm cơ quan ngoài'}
      open
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="Lưu"
      cancelText="Hủy"
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={organ ?? {}} onFinish={submit}>
        <Form.Item
          name="code"
          label="Mã định danh"
          rules={[{ required: true, whitespace: true, message: 'Nhập mã định danh' }]}
          extra="Ví dụ: 000.00.00.G09"
        >
          <Input autoFocus maxLength={30} />
        </Form.Item>
        <Form.Item
          name="name"
          label="Tên cơ quan"
          rules={[{ required: true, whitespace: true, message: 'Nhập tên cơ quan' }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="email" label="Thư điện tử" rules={[{ type: 'email', message: 'Địa chỉ thư không hợp lệ' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="phone" label="Điện thoại">
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item name="address" label="Địa chỉ">
          <Input maxLength={500} />
        </Form.Item>
        <button type="submit" hidden aria-hidden />
      </Form>
    </Modal>
  );
}
