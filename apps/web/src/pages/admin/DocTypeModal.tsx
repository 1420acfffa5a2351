import { Form, Input, Modal } from 'antd';
import { applyFieldErrors } from '../../components/errors';
import { useNotify } from '../../components/useNotify';
import type { AdminDocType } from './admin.api';
import { DOC_TYPE_CODE, fieldError, suggestDocTypeCode } from './registers.model';

interface Values {
  name: string;
  abbr?: string;
  code: string;
}

export interface DocTypeValues {
  code: string;
  name: string;
  abbr: string | null;
}

/** Add or edit a document type. The code is fixed once created (documents and registers refer to it). */
export default function DocTypeModal({
  docType,
  busy,
  onSubmit,
  onClose,
}: {
  docType: AdminDocType | null;
  busy: boolean;
  onSubmit: (v: DocTypeValues) => Promise<unknown>;
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const { fail } = useNotify();

  async function submit(v: Values) {
    try {
      await onSubmit({ code: v.code.trim(), name: v.name.trim(), abbr: v.abbr?.trim() || null });
    } catch (e) {
      const f = fieldError(e);
      if (f) form.setFields([{ name: f.name as keyof Values, errors: f.errors }]);
      else if (!applyFieldErrors(form, e)) fail(e);
    }
  }

  return (
    <Modal
      title={docType ? `Sửa loại văn bản: ${docType.name}` : 'Thêm loại văn bản'}
      open
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="Lưu"
      cancelText="Hủy"
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={
          docType
            ? { name: docType.name, abbr: docType.abbr ?? '', code: docType.code }
            : { name: '', abbr: '', code: '' }
        }
        onFinish={submit}
        onValuesChange={(changed: Partial<Values>) => {
          // A new type's code follows its name until the admin types a code of their own.
          if (!docType && changed.name !== undefined && !form.isFieldTouched('code'))
            form.setFields([{ name: 'code', value: suggestDocTypeCode(changed.name), errors: [] }]);
        }}
      >
        <Form.Item
          name="name"
          label="Tên loại văn bản"
          rules={[
            { required: true, whitespace: true, message: 'Nhập tên loại văn bản, ví dụ Pháp lệnh' },
            { max: 100, message: 'Tên tối đa 100 ký tự' },
          ]}
        >
          <Input autoFocus maxLength={100} />
        </Form.Item>
        <Form.Item
          name="abbr"
          label="Viết tắt"
          rules={[{ max: 20, message: 'Viết tắt tối đa 20 ký tự' }]}
          extra="Chữ viết tắt trong ký hiệu văn bản, ví dụ QĐ, TTr; để trống nếu không có."
        >
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item
          name="code"
          label="Mã"
          rules={[
            { required: true, message: 'Nhập mã, ví dụ phap_lenh' },
            {
              pattern: DOC_TYPE_CODE,
              message:
                'Mã chỉ gồm chữ thường không dấu (a–z), chữ số và dấu gạch dưới, tối đa 50 ký tự, ví dụ phap_lenh',
            },
          ]}
          extra={docType ? 'Không đổi được mã sau khi tạo.' : 'Tự gợi ý từ tên; không đổi được sau khi tạo.'}
        >
          <Input disabled={!!docType} maxLength={50} />
        </Form.Item>
        <button type="submit" hidden aria-hidden />
      </Form>
    </Modal>
  );
}
