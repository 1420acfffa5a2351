import { Alert, Form, Input, InputNumber, Modal, Radio, Select } from 'antd';
import { useMemo } from 'react';
import { applyFieldErrors } from '../../components/errors';
import { useNotify } from '../../components/useNotify';
import type { AdminDocType, AdminRegister, RegisterInput, RegisterKind } from './admin.api';
import { compareDocTypes, fieldError, KIND_LABELS, KIND_ORDER, kindTakesDocTypes } from './registers.model';

interface Values {
  kind: RegisterKind;
  code: string;
  name: string;
  confidential: boolean;
  docTypeCodes?: string[];
  sortOrder: number;
}

const KIND_OPTIONS = KIND_ORDER.map((k) => ({ value: k, label: `Sổ ${KIND_LABELS[k].toLowerCase()}` }));

/** Create or edit a register. Kind and code are fixed once created (numbers and rules refer to them). */
export default function RegisterModal({
  register,
  defaultKind,
  sortOrderFor,
  docTypes,
  busy,
  onSubmit,
  onClose,
}: {
  register: AdminRegister | null;
  defaultKind: RegisterKind;
  /** The default sort order of a new register of a kind (after the last one). */
  sortOrderFor: (kind: RegisterKind) => number;
  docTypes: readonly AdminDocType[];
  busy: boolean;
  onSubmit: (v: RegisterInput) => Promise<unknown>;
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const { fail } = useNotify();
  const kind = Form.useWatch('kind', form) ?? register?.kind ?? defaultKind;
  const confidential = Form.useWatch('confidential', form);
  const issued = register?.lastNumber ?? 0;

  // Active types, plus any inactive type the register is already limited to (so editing does not drop it silently).
  const typeOptions = useMemo(() => {
    const chosen = new Set(register?.docTypeCodes ?? []);
    return [...docTypes]
      .filter((t) => t.active || chosen.has(t.code))
      .sort(compareDocTypes)
      .map((t) => ({ value: t.code, label: t.active ? t.name : `${t.name} (ngừng dùng)` }));
  }, [docTypes, register]);

  const initial: Values = register
    ? {
        kind: register.kind,
        code: register.code,
        name: register.name,
        confidential: register.confidential,
        docTypeCodes: register.docTypeCodes ?? [],
        sortOrder: register.sortOrder,
      }
    : {
        kind: defaultKind,
        code: '',
        name: '',
        confidential: false,
        docTypeCodes: [],
        sortOrder: sortOrderFor(defaultKind),
      };

  async function submit(v: Values) {
    const codes = kindTakesDocTypes(v.kind) ? (v.docTypeCodes ?? []) : [];
    try {
      await onSubmit({
        kind: v.kind,
        code: v.code.trim(),
        name: v.name.trim(),
        confidential: v.confidential,
        // No type chosen means every type: the server wants null, an empty list would match nothing.
        docTypeCodes: codes.length ? codes : null,
        sortOrder: v.sortOrder,
      });
    } catch (e) {
      const f = fieldError(e);
      if (f) form.setFields([{ name: f.name as keyof Values, errors: f.errors }]);
      else if (!applyFieldErrors(form, e)) fail(e);
    }
  }

  return (
    <Modal
      title={register ? `Sửa sổ: ${register.name}` : 'Thêm sổ văn bản'}
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
        initialValues={initial}
        onFinish={submit}
        onValuesChange={(changed: Partial<Values>) => {
          // A new register goes after the last of its kind unless the admin typed an order.
          if (!register && changed.kind && !form.isFieldTouched('sortOrder'))
            form.setFieldValue('sortOrder', sortOrderFor(changed.kind));
        }}
      >
        <Form.Item
          name="kind"
          label="Loại sổ"
          extra={register ? 'Không đổi được loại sổ và mã sổ sau khi tạo.' : undefined}
        >
          <Select options={KIND_OPTIONS} disabled={!!register} />
        </Form.Item>
        <Form.Item
          name="code"
          label="Mã sổ"
          rules={[
            { required: true, whitespace: true, message: 'Nhập mã sổ, ví dụ DEN-PC' },
            { max: 30, message: 'Mã sổ tối đa 30 ký tự' },
          ]}
          extra={register ? undefined : 'Mã ngắn, không trùng với sổ cùng loại, ví dụ DEN-PC.'}
        >
          <Input autoFocus={!register} disabled={!!register} maxLength={30} />
        </Form.Item>
        <Form.Item
          name="name"
          label="Tên sổ"
          rules={[
            { required: true, whitespace: true, message: 'Nhập tên sổ, ví dụ Sổ văn bản đến của Vụ Pháp chế' },
            { max: 200, message: 'Tên sổ tối đa 200 ký tự' },
          ]}
        >
          <Input autoFocus={!!register} maxLength={200} />
        </Form.Item>
        <Form.Item name="confidential" label="Độ mật" extra="Văn bản mật chỉ vào sổ mật; sổ mật chỉ nhận văn bản mật.">
          <Radio.Group
            options={[
              { value: false, label: 'Thường' },
              { value: true, label: 'Mật' },
            ]}
          />
        </Form.Item>
        {register && issued > 0 && confidential !== undefined && confidential !== register.confidential && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            message={`Sổ đã cấp ${issued} số trong năm. Đổi độ mật thì từ nay sổ nhận ${confidential ? 'văn bản mật' : 'văn bản thường'}, số tiếp tục từ ${issued + 1}.`}
          />
        )}
        {kindTakesDocTypes(kind) && (
          <Form.Item
            name="docTypeCodes"
            label="Loại văn bản"
            extra="Để trống: sổ nhận mọi loại văn bản. Chọn loại: văn bản thuộc các loại này vào sổ này thay cho sổ chung."
          >
            <Select
              mode="multiple"
              allowClear
              placeholder="Tất cả loại văn bản"
              options={typeOptions}
              optionFilterProp="label"
            />
          </Form.Item>
        )}
        <Form.Item
          name="sortOrder"
          label="Thứ tự"
          rules={[{ required: true, message: 'Nhập thứ tự (số nguyên, nhỏ đứng trước)' }]}
          extra="Số nhỏ đứng trước; khi hai sổ cùng phù hợp, sổ đứng trước được dùng."
        >
          <InputNumber min={0} max={9999} precision={0} style={{ width: 120 }} />
        </Form.Item>
        <button type="submit" hidden aria-hidden />
      </Form>
    </Modal>
  );
}
