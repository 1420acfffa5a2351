/** Vietnamese labels of the outgoing-documents screens (statuses, steps, recipient tracking). */
import type { Box, DocStatus, StepAction } from './outgoing.api';

export const STATUS_LABELS: Record<DocStatus, string> = {
  draft: 'Dự thảo',
  in_review: 'Đang trình ký',
  signed: 'Đã ký, chờ phát hành',
  issued: 'Đã phát hành',
  recalled: 'Đã thu hồi',
};
export const STATUS_COLORS: Record<DocStatus, string> = {
  draft: 'default',
  in_review: 'blue',
  signed: 'gold',
  issued: 'green',
  recalled: 'red',
};

/** A step's name in the route. */
export const STEP_LABELS: Record<StepAction, string> = {
  review: 'Xem xét',
  initial: 'Ký nháy',
  format_check: 'Kiểm tra thể thức',
  sign: 'Ký ban hành',
};
/** The approve button of the step waiting for me. */
export const APPROVE_LABELS: Record<StepAction, string> = {
  review: 'Duyệt',
  initial: 'Ký nháy',
  format_check: 'Kiểm tra thể thức',
  sign: 'Ký',
};
export const STEP_STATE_LABELS: Record<string, string> = { pending: 'Chờ', active: 'Đang xử lý', done: 'Đã xong' };

export const DECISION_LABELS: Record<string, string> = {
  submit: 'Trình',
  approve: 'Đồng ý',
  return: 'Trả lại',
  forward: 'Chuyển tiếp',
  adjust: 'Điều chỉnh quy trình',
};

export const RECIPIENT_STATUS_LABELS: Record<string, string> = {
  pending: 'Chưa gửi',
  queued: 'Chờ gửi liên thông',
  sent: 'Đã gửi',
  received: 'Đã nhận',
  registered: 'Đã vào sổ',
  assigned: 'Đã phân công',
  in_progress: 'Đang xử lý',
  done: 'Hoàn thành',
  rejected: 'Từ chối',
  withdrawn: 'Đã thu hồi',
};
export const RECIPIENT_STATUS_COLORS: Record<string, string> = {
  pending: 'default',
  queued: 'gold',
  sent: 'blue',
  received: 'cyan',
  registered: 'geekblue',
  assigned: 'purple',
  in_progress: 'processing',
  done: 'green',
  rejected: 'red',
  withdrawn: 'default',
};

export const COPY_LABELS = { SY: 'Sao y', SL: 'Sao lục', TrS: 'Trích sao' } as const;
export const RECALL_LABELS = { recall: 'Thu hồi', update: 'Cập nhật', replace: 'Thay thế' } as const;

export const BOX_ITEMS: { key: Box; label: string; clerkOnly?: boolean }[] = [
  { key: 'mine', label: 'Dự thảo của tôi' },
  { key: 'todo', label: 'Chờ tôi xử lý' },
  { key: 'to_issue', label: 'Chờ phát hành', clerkOnly: true },
  { key: 'issued', label: 'Đã phát hành' },
  { key: 'received', label: 'Gửi đơn vị tôi' },
];

export const URGENCY_OPTIONS = [
  { value: 'thuong', label: 'Thường' },
  { value: 'khan', label: 'Khẩn' },
  { value: 'thuong_khan', label: 'Thượng khẩn' },
  { value: 'hoa_toc', label: 'Hỏa tốc' },
];
export const CONF_OPTIONS = [
  { value: 'thuong', label: 'Thường' },
  { value: 'mat', label: 'Mật' },
  { value: 'toi_mat', label: 'Tối mật' },
  { value: 'tuyet_mat', label: 'Tuyệt mật' },
];
export const labelOf = (opts: { value: string; label: string }[], v: string) =>
  opts.find((o) => o.value === v)?.label ?? v;

/** The label of a document's current stage, for lists: the step waiting, or the văn thư's step once signed. */
export function stageLabel(status: DocStatus, active: StepAction | null): string {
  if (status === 'in_review' && active) return `Chờ ${STEP_LABELS[active].toLowerCase()}`;
  if (status === 'signed') return 'Chờ đóng dấu số & phát hành';
  return STATUS_LABELS[status];
}

/** The list a user lands on: the văn thư's queue, the signers' and reviewers' work, the drafter's drafts. */
export function defaultBox(roles: readonly string[]): Box {
  if (roles.includes('clerk')) return 'to_issue';
  if (roles.some((r) => r === 'organ_leader' || r === 'office_chief' || r === 'unit_leader')) return 'todo';
  return 'mine';
}
