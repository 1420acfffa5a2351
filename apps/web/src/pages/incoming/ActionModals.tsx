import { Form, Input, InputNumber, Modal, Radio, Select, DatePicker } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import AnswerSelect from './AnswerSelect';
import { incomingApi, type CompleteBody, type Deadline, type Party } from './incoming.api';

export type NoteAction = 'progress' | 'contribute' | 'complete' | 'return' | 'reject';
const NOTE_TEXT: Record<NoteAction, { title: string; label: string; ok: string; required: boolean }> = {
  progress: { title: 'Cập nhật tiến độ', label: 'Nội dung đã thực hiện', ok: 'Lưu tiến độ', required: true },
  contribute: { title: 'Ý kiến phối hợp', label: 'Ý kiến', ok: 'Gửi ý kiến', required: true },
  complete: { title: 'Hoàn thành xử lý', label: 'Kết quả xử lý', ok: 'Xác nhận hoàn thành', required: false },
  return: { title: 'Trả lại', label: 'Lý do trả lại', ok: 'Trả lại', required: true },
  reject: { title: 'Trả lại nơi gửi', label: 'Lý do trả lại', ok: 'Trả lại nơi gửi', required: true },
};

interface NoteValues {
  note: string;
  answerOutgoingId?: string;
  answerRef?: string;
}

export function NoteModal({
  action,
  onCancel,
  onOk,
  busy,
}: {
  action: NoteAction;
  onCancel: () => void;
  onOk: (v: CompleteBody) => void;
  busy: boolean;
}) {
  const [form] = Form.useForm<NoteValues>();
  const picked = Form.useWatch('answerOutgoingId', form);
  const t = NOTE_TEXT[action];
  return (
    <Modal
      open
      title={t.title}
      okText={t.ok}
      cancelText="Hủy"
      confirmLoading={busy}
      onCancel={onCancel}
      onOk={() => form.submit()}
      destroyOnHidden
      width={action === 'complete' ? 640 : undefined}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          onOk({
            note: v.note?.trim() ?? '',
            answerOutgoingId: v.answerOutgoingId || undefined,
            answerRef: v.answerOutgoingId ? undefined : v.answerRef?.trim() || undefined,
          })
        }
      >
        <Form.Item
          name="note"
          label={t.label}
          rules={
            t.required ? [{ required: true, whitespace: true, message: `Chưa nhập ${t.label.toLowerCase()}.` }] : []
          }
        >
          <Input.TextArea rows={3} maxLength={2000} autoFocus />
        </Form.Item>
        {action === 'complete' && (
          <>
            <Form.Item
              name="answerOutgoingId"
              label="Văn bản đi trả lời"
              extra="Văn bản đi đã phát hành của cơ quan; để trống nếu không có."
            >
              <AnswerSelect />
            </Form.Item>
            <Form.Item
              name="answerRef"
              label="Số, ký hiệu văn bản trả lời (nếu ngoài hệ thống)"
              extra={picked ? 'Đã chọn văn bản đi trả lời ở trên.' : undefined}
            >
              <Input maxLength={100} placeholder="Ví dụ 15/UBND-VP" disabled={!!picked} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}

interface DeadlineValues {
  deadlineKind: 'none' | 'days' | 'date';
  workingDays?: number;
  deadlineDate?: Dayjs;
}
function deadlineOf(v: DeadlineValues): Deadline {
  if (v.deadlineKind === 'days' && v.workingDays !== undefined) return { workingDays: v.workingDays };
  if (v.deadlineKind === 'date' && v.deadlineDate) return { date: v.deadlineDate.format('YYYY-MM-DD') };
  return null;
}

function DeadlineFields({ kind }: { kind: DeadlineValues['deadlineKind'] | undefined }) {
  return (
    <>
      <Form.Item name="deadlineKind" label="Hạn xử lý">
        <Radio.Group
          options={[
            { value: 'days', label: 'Số ngày làm việc' },
            { value: 'date', label: 'Ngày cụ thể' },
            { value: 'none', label: 'Không đặt hạn' },
          ]}
        />
      </Form.Item>
      {kind === 'days' && (
        <Form.Item name="workingDays" label="Số ngày làm việc">
          <InputNumber min={0} max={365} />
        </Form.Item>
      )}
      {kind === 'date' && (
        <Form.Item name="deadlineDate" label="Ngày hết hạn">
          <DatePicker format="DD/MM/YYYY" placeholder="dd/mm/yyyy" />
        </Form.Item>
      )}
    </>
  );
}

const partyValue = (p: Party) => (p.userId ? `u:${p.userId}` : `d:${p.unitId}`);
const partyOf = (s: string): Party => (s.startsWith('u:') ? { userId: s.slice(2) } : { unitId: s.slice(2) });

function usePartyOptions() {
  const units = useQuery({ queryKey: ['incoming', 'units'], queryFn: incomingApi.units, staleTime: 600_000 });
  const users = useQuery({ queryKey: ['incoming', 'users'], queryFn: incomingApi.users, staleTime: 300_000 });
  return [
    {
      label: 'Đơn vị',
      options: (units.data ?? []).map((u) => ({ value: partyValue({ unitId: u.id }), label: u.name })),
    },
    {
      label: 'Cá nhân',
      options: (users.data ?? [])
        .filter((u) => u.active && u.memberships.length)
        .map((u) => ({ value: partyValue({ userId: u.id }), label: `${u.fullName} (${u.memberships[0]!.unitName})` })),
    },
  ];
}

interface AssignValues extends DeadlineValues {
  direction: string;
  lead: string;
  coordinate?: string[];
  info?: string[];
}

/** The leader's direction: lead, coordinators, for information, deadline in working days or as a date. */
export function AssignModal({
  onCancel,
  onOk,
  busy,
}: {
  onCancel: () => void;
  onOk: (v: { direction: string; lead: Party; coordinate: Party[]; info: Party[]; deadline: Deadline }) => void;
  busy: boolean;
}) {
  const [form] = Form.useForm<AssignValues>();
  const options = usePartyOptions();
  const kind = Form.useWatch('deadlineKind', form);
  return (
    <Modal
      open
      title="Bút phê, phân công xử lý"
      okText="Giao xử lý"
      cancelText="Hủy"
      confirmLoading={busy}
      onCancel={onCancel}
      onOk={() => form.submit()}
      destroyOnHidden
      width={640}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ deadlineKind: 'days', workingDays: 5 }}
        onFinish={(v) =>
          onOk({
            direction: v.direction?.trim() ?? '',
            lead: partyOf(v.lead),
            coordinate: (v.coordinate ?? []).map(partyOf),
            info: (v.info ?? []).map(partyOf),
            deadline: deadlineOf(v),
          })
        }
      >
        <Form.Item name="direction" label="Ý kiến chỉ đạo">
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item
          name="lead"
          label="Chủ trì"
          rules={[{ required: true, message: 'Chưa chọn đơn vị hoặc người chủ trì.' }]}
        >
          <Select showSearch optionFilterProp="label" options={options} />
        </Form.Item>
        <Form.Item name="coordinate" label="Phối hợp">
          <Select mode="multiple" showSearch optionFilterProp="label" options={options} />
        </Form.Item>
        <Form.Item name="info" label="Để biết">
          <Select mode="multiple" showSearch optionFilterProp="label" options={options} />
        </Form.Item>
        <DeadlineFields kind={kind} />
      </Form>
    </Modal>
  );
}

interface ReassignValues extends DeadlineValues {
  direction: string;
  lead?: string;
  coordinate?: string[];
  info?: string[];
}

/** The unit head gives the unit's part to people of the unit. */
export function ReassignModal({
  unitId,
  onCancel,
  onOk,
  busy,
}: {
  unitId: string | null;
  onCancel: () => void;
  onOk: (v: { direction: string; lead?: string; coordinate: string[]; info: string[]; deadline: Deadline }) => void;
  busy: boolean;
}) {
  const [form] = Form.useForm<ReassignValues>();
  const users = useQuery({ queryKey: ['incoming', 'users'], queryFn: incomingApi.users, staleTime: 300_000 });
  const kind = Form.useWatch('deadlineKind', form);
  const people = (users.data ?? [])
    .filter((u) => u.active && u.memberships.some((m) => m.unitId === unitId))
    .map((u) => ({
      value: u.id,
      label: `${u.fullName} — ${u.memberships.find((m) => m.unitId === unitId)?.positionName ?? ''}`,
    }));
  return (
    <Modal
      open
      title="Giao xử lý trong đơn vị"
      okText="Giao"
      cancelText="Hủy"
      confirmLoading={busy}
      onCancel={onCancel}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ deadlineKind: 'none' }}
        onFinish={(v) =>
          onOk({
            direction: v.direction?.trim() ?? '',
            lead: v.lead,
            coordinate: v.coordinate ?? [],
            info: v.info ?? [],
            deadline: deadlineOf(v),
          })
        }
      >
        <Form.Item name="direction" label="Ý kiến giao việc">
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="lead" label="Cán bộ chủ trì">
          <Select allowClear showSearch optionFilterProp="label" options={people} />
        </Form.Item>
        <Form.Item name="coordinate" label="Cán bộ phối hợp">
          <Select mode="multiple" showSearch optionFilterProp="label" options={people} />
        </Form.Item>
        <Form.Item name="info" label="Cán bộ để biết">
          <Select mode="multiple" showSearch optionFilterProp="label" options={people} />
        </Form.Item>
        <DeadlineFields kind={kind ?? 'none'} />
      </Form>
    </Modal>
  );
}

export function PresentModal({
  onCancel,
  onOk,
  busy,
}: {
  onCancel: () => void;
  onOk: (v: Party & { note?: string }) => void;
  busy: boolean;
}) {
  const [form] = Form.useForm<{ to: string; note?: string }>();
  const options = usePartyOptions();
  return (
    <Modal
      open
      title="Trình / chuyển văn bản"
      okText="Trình"
      cancelText="Hủy"
      confirmLoading={busy}
      onCancel={onCancel}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => onOk({ ...partyOf(v.to), note: v.note?.trim() || undefined })}
      >
        <Form.Item
          name="to"
          label="Trình lãnh đạo hoặc chuyển đơn vị"
          rules={[{ required: true, message: 'Chưa chọn người nhận.' }]}
        >
          <Select showSearch optionFilterProp="label" options={options} />
        </Form.Item>
        <Form.Item name="note" label="Ý kiến trình">
          <Input maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
