import { Form, Input, Modal, Radio, Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { viCompare } from '../../lib/vn';
import { COPY_LABELS, RECALL_LABELS } from './labels';
import { outgoingApi, type Copy } from './outgoing.api';

interface ModalProps<T> {
  busy: boolean;
  onCancel: () => void;
  onOk: (v: T) => void;
}

/** Return the draft with a comment, to the drafter or to the previous step. */
export function ReturnModal({
  busy,
  onCancel,
  onOk,
  hasPrevious,
}: ModalProps<{ comment: string; target: 'drafter' | 'previous' }> & { hasPrevious: boolean }) {
  const [form] = Form.useForm<{ comment: string; target: 'drafter' | 'previous' }>();
  return (
    <Modal
      open
      title="Trả lại với ý kiến"
      okText="Trả lại"
      okButtonProps={{ danger: true }}
      cancelText="Hủy"
      confirmLoading={busy}
      onCancel={onCancel}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ target: 'drafter' }}
        onFinish={(v) => onOk({ comment: v.comment.trim(), target: v.target })}
      >
        <Form.Item
          name="comment"
          label="Ý kiến"
          rules={[{ required: true, whitespace: true, message: 'Trả lại phải kèm ý kiến.' }]}
        >
          <Input.TextArea rows={3} maxLength={4000} autoFocus />
        </Form.Item>
        <Form.Item name="target" label="Trả lại cho">
          <Radio.Group
            options={[
              { value: 'drafter', label: 'Người soạn thảo' },
              { value: 'previous', label: 'Bước trước', disabled: !hasPrevious },
            ]}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Forward the current step to someone else of the organ. */
export function ForwardModal({ busy, onCancel, onOk }: ModalProps<{ toUserId: string; comment?: string }>) {
  const [form] = Form.useForm<{ toUserId: string; comment?: string }>();
  const users = useQuery({ queryKey: ['outgoing', 'users'], queryFn: outgoingApi.users, staleTime: 300_000 });
  const options = (users.data ?? [])
    .filter((u) => u.active && u.memberships.length)
    .map((u) => ({
      value: u.id,
      label: `${u.fullName} — ${u.memberships[0]!.positionName}, ${u.memberships[0]!.unitName}`,
    }))
    .sort((a, b) => viCompare(a.label, b.label));
  return (
    <Modal
      open
      title="Chuyển tiếp"
      okText="Chuyển tiếp"
      cancelText="Hủy"
      confirmLoading={busy}
      onCancel={onCancel}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => onOk({ toUserId: v.toUserId, comment: v.comment?.trim() || undefined })}
      >
        <Form.Item
          name="toUserId"
          label="Người nhận"
          rules={[{ required: true, message: 'Chọn người nhận chuyển tiếp.' }]}
        >
          <Select autoFocus showSearch optionFilterProp="label" options={options} />
        </Form.Item>
        <Form.Item name="comment" label="Ý kiến">
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A note or reason (comment on a version, consultation answer, cancelling a number). */
export function TextModal({
  title,
  label,
  okText,
  busy,
  onCancel,
  onOk,
}: ModalProps<string> & { title: string; label: string; okText: string }) {
  const [form] = Form.useForm<{ text: string }>();
  return (
    <Modal
      open
      title={title}
      okText={okText}
      cancelText="Hủy"
      confirmLoading={busy}
      onCancel={onCancel}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => onOk(v.text.trim())}>
        <Form.Item
          name="text"
          label={label}
          rules={[{ required: true, whitespace: true, message: `Chưa nhập ${label.toLowerCase()}.` }]}
        >
          <Input.TextArea rows={3} maxLength={4000} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Ask a unit for its opinion on the draft. */
export function ConsultModal({ busy, onCancel, onOk }: ModalProps<{ unitId: string; question: string }>) {
  const [form] = Form.useForm<{ unitId: string; question: string }>();
  const units = useQuery({ queryKey: ['outgoing', 'units'], queryFn: outgoingApi.units, staleTime: 600_000 });
  return (
    <Modal
      open
      title="Xin ý kiến đơn vị"
      okText="Gửi xin ý kiến"
      cancelText="Hủy"
      confirmLoading={busy}
      onCancel={onCancel}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => onOk({ unitId: v.unitId, question: v.question.trim() })}>
        <Form.Item name="unitId" label="Đơn vị" rules={[{ required: true, message: 'Chọn đơn vị.' }]}>
          <Select
            autoFocus
            showSearch
            optionFilterProp="label"
            options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
          />
        </Form.Item>
        <Form.Item
          name="question"
          label="Nội dung xin ý kiến"
          rules={[{ required: true, whitespace: true, message: 'Chưa nhập nội dung.' }]}
        >
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Sao y / sao lục / trích sao of the issued document. */
export function CopyModal({ busy, onCancel, onOk }: ModalProps<{ form: Copy['form']; recipients: string | null }>) {
  const [form] = Form.useForm<{ form: Copy['form']; recipients?: string }>();
  return (
    <Modal
      open
      title="Sao văn bản"
      okText="Tạo bản sao"
      cancelText="Hủy"
      confirmLoading={busy}
      onCancel={onCancel}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ form: 'SY' }}
        onFinish={(v) => onOk({ form: v.form, recipients: v.recipients?.trim() || null })}
      >
        <Form.Item name="form" label="Hình thức sao">
          <Radio.Group options={Object.entries(COPY_LABELS).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="recipients" label="Nơi nhận bản sao">
          <Input maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Recall, update or replace an issued document, with the reason. */
export function RecallModal({
  busy,
  onCancel,
  onOk,
}: ModalProps<{ kind: keyof typeof RECALL_LABELS; reason: string }>) {
  const [form] = Form.useForm<{ kind: keyof typeof RECALL_LABELS; reason: string }>();
  return (
    <Modal
      open
      title="Thu hồi / cập nhật / thay thế văn bản"
      okText="Xác nhận"
      okButtonProps={{ danger: true }}
      cancelText="Hủy"
      confirmLoading={busy}
      onCancel={onCancel}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'recall' }}
        onFinish={(v) => onOk({ kind: v.kind, reason: v.reason.trim() })}
      >
        <Form.Item name="kind" label="Hình thức">
          <Radio.Group options={Object.entries(RECALL_LABELS).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item
          name="reason"
          label="Lý do"
          rules={[{ required: true, whitespace: true, message: 'Chưa nhập lý do.' }]}
        >
          <Input.TextArea rows={3} maxLength={2000} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
