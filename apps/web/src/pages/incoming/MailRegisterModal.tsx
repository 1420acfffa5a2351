import { DatePicker, Form, Input, Modal, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { IncomingDoc } from './incoming.api';

export interface MailMeta {
  number: string;
  notation: string;
  issuedDate: string;
  issuingOrganName: string;
  subject: string;
}
interface Values {
  number: string;
  notation: string;
  issuedDate: Dayjs;
  issuingOrganName: string;
  subject: string;
}

/**
 * Registering a document received by mail: the mail carried no registered metadata, so the clerk checks what was
 * read from the mail (number and notation from its subject, the sender as issuing organ) and completes it.
 */
export default function MailRegisterModal({
  doc,
  busy,
  onCancel,
  onOk,
}: {
  doc: IncomingDoc;
  busy: boolean;
  onCancel: () => void;
  onOk: (meta: MailMeta) => void;
}) {
  const [form] = Form.useForm<Values>();
  return (
    <Modal
      open
      title="Vào sổ văn bản nhận qua thư điện tử"
      okText="Vào sổ"
      cancelText="Hủy"
      confirmLoading={busy}
      onCancel={onCancel}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        Thư điện tử không mang thông tin đã vào sổ của nơi gửi: kiểm tra và nhập số, ký hiệu, ngày văn bản theo văn bản
        đính kèm.
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          number: doc.number,
          notation: doc.notation,
          issuedDate: dayjs(doc.issuedDate),
          issuingOrganName: doc.issuingOrganName,
          subject: doc.subject,
        }}
        onFinish={(v) =>
          onOk({
            number: v.number.trim(),
            notation: v.notation.trim(),
            issuedDate: v.issuedDate.format('YYYY-MM-DD'),
            issuingOrganName: v.issuingOrganName.trim(),
            subject: v.subject.trim(),
          })
        }
      >
        <Form.Item
          name="number"
          label="Số văn bản"
          rules={[
            { required: true, whitespace: true, message: 'Nhập số văn bản.' },
            { max: 11, message: 'Số văn bản tối đa 11 ký tự.' },
          ]}
        >
          <Input autoFocus />
        </Form.Item>
        <Form.Item
          name="notation"
          label="Ký hiệu"
          rules={[
            { required: true, whitespace: true, message: 'Nhập ký hiệu văn bản.' },
            { max: 30, message: 'Ký hiệu tối đa 30 ký tự.' },
          ]}
        >
          <Input placeholder="VD: UBND-VP" />
        </Form.Item>
        <Form.Item name="issuedDate" label="Ngày văn bản" rules={[{ required: true, message: 'Chọn ngày văn bản.' }]}>
          <DatePicker format="DD/MM/YYYY" placeholder="dd/mm/yyyy" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="issuingOrganName"
          label="Cơ quan ban hành"
          rules={[{ required: true, whitespace: true, message: 'Nhập cơ quan ban hành.' }, { max: 200 }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="subject"
          label="Trích yếu"
          rules={[{ required: true, whitespace: true, message: 'Nhập trích yếu.' }, { max: 500 }]}
        >
          <Input.TextArea autoSize={{ minRows: 2 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
