import { Form, Input, Modal } from 'antd';
import { useMemo } from 'react';
import type { Unit } from '../../api.types';
import { applyFieldErrors } from '../../components/errors';
import { useNotify } from '../../components/useNotify';
import { buildTree, flattenTree, subtreeIds } from '../../lib/tree';
import UnitSelect from './UnitSelect';

export type UnitDialog =
  { mode: 'create'; parentId: string | null } | { mode: 'edit'; unit: Unit } | { mode: 'move'; unit: Unit };

interface Values {
  name: string;
  abbr: string;
  parentId: string | null;
}

const ROOT = '__root__';

/** Create a unit, rename it (name, abbreviation) or move it under another parent. */
export default function UnitFormModal({
  dialog,
  units,
  busy,
  onSubmit,
  onClose,
}: {
  dialog: UnitDialog;
  units: Unit[];
  busy: boolean;
  onSubmit: (v: Values) => Promise<void>;
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values & { parent: string }>();
  const { fail } = useNotify();
  const unit = dialog.mode === 'create' ? null : dialog.unit;
  const blocked = useMemo(() => (unit ? subtreeIds(units, unit.id) : new Set<string>()), [units, unit]);
  const parentOptions = useMemo(
    () => [
      { value: ROOT, label: '— Cấp cao nhất (trực thuộc cơ quan) —', depth: 0 },
      ...flattenTree(buildTree(units))
        .filter(({ item }) => !blocked.has(item.id))
        .map(({ item, depth }) => ({ value: item.id, label: item.name, depth })),
    ],
    [units, blocked],
  );
  const title =
    dialog.mode === 'create'
      ? 'Thêm đơn vị'
      : dialog.mode === 'edit'
        ? `Đổi tên đơn vị: ${dialog.unit.name}`
        : `Chuyển đơn vị: ${dialog.unit.name}`;
  const initial = {
    name: unit?.name ?? '',
    abbr: unit?.abbr ?? '',
    parent: (dialog.mode === 'create' ? dialog.parentId : dialog.unit.parentId) ?? ROOT,
  };

  async function submit(v: Values & { parent: string }) {
    try {
      await onSubmit({
        name: v.name?.trim() ?? '',
        abbr: v.abbr?.trim() ?? '',
        parentId: v.parent === ROOT ? null : v.parent,
      });
    } catch (e) {
      if (!applyFieldErrors(form, e)) fail(e);
    }
  }

  return (
    <Modal
      title={title}
      open
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="Lưu"
      cancelText="Hủy"
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initial} onFinish={submit}>
        {dialog.mode !== 'move' && (
          <>
            <Form.Item
              name="name"
              label="Tên đơn vị"
              rules={[{ required: true, whitespace: true, message: 'Nhập tên đơn vị' }]}
            >
              <Input autoFocus maxLength={200} placeholder="Ví dụ: Vụ Pháp chế" />
            </Form.Item>
            <Form.Item
              name="abbr"
              label="Tên viết tắt"
              rules={[{ required: true, whitespace: true, message: 'Nhập tên viết tắt' }]}
              extra="Dùng trong ký hiệu văn bản, ví dụ: PC, TCCB, VP."
            >
              <Input maxLength={20} />
            </Form.Item>
          </>
        )}
        {dialog.mode !== 'edit' && (
          <Form.Item name="parent" label="Trực thuộc">
            <UnitSelect options={parentOptions} autoFocus={dialog.mode === 'move'} />
          </Form.Item>
        )}
        <button type="submit" hidden aria-hidden />
      </Form>
    </Modal>
  );
}
