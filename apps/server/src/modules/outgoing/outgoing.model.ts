/** Pure rules of an outgoing document's life: statuses, route steps and their transitions. */
import { AppError } from '../../http/errors';

export type DocStatus = 'draft' | 'in_review' | 'signed' | 'issued' | 'recalled';
export type StepAction = 'review' | 'initial' | 'format_check' | 'sign';
export type StepState = 'pending' | 'active' | 'done';
export type ReturnTarget = 'drafter' | 'previous';
export type SignRank = 'TUQ' | 'KT' | 'TL' | 'Q';
export type RecipientStatus =
  | 'pending'
  | 'queued'
  | 'sent'
  | 'received'
  | 'registered'
  | 'assigned'
  | 'in_progress'
  | 'done'
  | 'rejected'
  | 'withdrawn';

export const STEP_ACTIONS: readonly StepAction[] = ['review', 'initial', 'format_check', 'sign'];
export const STEP_LABELS: Record<StepAction, string> = {
  review: 'Xem xét',
  initial: 'Ký nháy',
  format_check: 'Kiểm tra thể thức',
  sign: 'Ký ban hành',
};
export const RECIPIENT_STATUSES: readonly RecipientStatus[] = [
  'pending',
  'queued',
  'sent',
  'received',
  'registered',
  'assigned',
  'in_progress',
  'done',
  'rejected',
  'withdrawn',
];

/** A template step: who acts is a role (resolved per document) or a named person. */
export interface TemplateStep {
  action: StepAction;
  role?: 'unit_leader' | 'office_chief' | 'signer' | 'clerk';
  userId?: string;
}

/** The ISO process used when an organ has configured none: unit head initials, the Office checks format, the signer signs. */
export const DEFAULT_ROUTE: TemplateStep[] = [
  { action: 'initial', role: 'unit_leader' },
  { action: 'format_check', role: 'office_chief' },
  { action: 'sign', role: 'signer' },
];

export interface StepView {
  ord: number;
  state: StepState | string;
}

export const err = (code: string, status: number, message: string) => new AppError(`outgoing.${code}`, status, message);

/** The step currently waiting for a decision, if any. */
export function activeStep<S extends StepView>(steps: S[]): S | undefined {
  return steps.find((s) => s.state === 'active');
}

/** States after the active step `ord` approves: it is done; the next one becomes active. Returns whether the route is complete. */
export function approveTransition(
  steps: StepView[],
  ord: number,
): { states: Map<number, StepState | string>; complete: boolean } {
  const sorted = [...steps].sort((a, b) => a.ord - b.ord);
  const states = new Map<number, StepState | string>(sorted.map((s) => [s.ord, s.state] as const));
  if (states.get(ord) !== 'active') throw err('step_not_active', 409, 'Bước này không ở trạng thái chờ xử lý.');
  states.set(ord, 'done');
  const next = sorted.find((s) => s.ord > ord && states.get(s.ord) !== 'done');
  if (next) states.set(next.ord, 'active');
  return { states, complete: !next };
}

/**
 * States after the active step `ord` returns the draft with comments.
 * 'previous': the nearest earlier step becomes active again (the drafter when there is none);
 * 'drafter': every step waits, and the draft goes back to the drafter, who resubmits to the step that returned it.
 */
export function returnTransition(
  steps: StepView[],
  ord: number,
  target: ReturnTarget,
): { states: Map<number, StepState | string>; toDrafter: boolean; resumeAt: number | null } {
  const sorted = [...steps].sort((a, b) => a.ord - b.ord);
  const states = new Map<number, StepState | string>(sorted.map((s) => [s.ord, s.state] as const));
  if (states.get(ord) !== 'active') throw err('step_not_active', 409, 'Bước này không ở trạng thái chờ xử lý.');
  const prev = [...sorted].reverse().find((s) => s.ord < ord);
  if (target === 'previous' && prev) {
    states.set(ord, 'pending');
    states.set(prev.ord, 'active');
    return { states, toDrafter: false, resumeAt: null };
  }
  states.set(ord, 'pending');
  return { states, toDrafter: true, resumeAt: ord };
}

/** States when the drafter (re)submits: the step that returned it, else the first one that is not done. */
export function submitTransition(steps: StepView[], resumeAt: number | null): Map<number, StepState | string> {
  const sorted = [...steps].sort((a, b) => a.ord - b.ord);
  if (sorted.length === 0) throw err('route_empty', 409, 'Văn bản chưa có quy trình trình ký.');
  const states = new Map<number, StepState | string>(
    sorted.map((s) => [s.ord, s.state === 'active' ? 'pending' : s.state] as const),
  );
  const start =
    (resumeAt !== null && states.has(resumeAt) ? sorted.find((s) => s.ord === resumeAt) : undefined) ??
    sorted.find((s) => states.get(s.ord) !== 'done') ??
    sorted[0]!;
  states.set(start.ord, 'active');
  return states;
}

/** A route is valid when it has steps and its last step is the signature. */
export function validateRoute(steps: { action: StepAction }[]): void {
  if (steps.length === 0) throw err('route_empty', 400, 'Quy trình phải có ít nhất một bước.');
  if (steps[steps.length - 1]!.action !== 'sign')
    throw err('route_no_sign', 400, 'Bước cuối của quy trình phải là ký ban hành.');
  if (steps.filter((s) => s.action === 'sign').length > 1)
    throw err('route_two_signs', 400, 'Quy trình chỉ có một bước ký ban hành.');
}

/** Is a delegation in force on `today` (local date 'YYYY-MM-DD')? */
export function delegationInForce(
  d: { starts_on: string; ends_on: string; revoked_at: Date | null },
  today: string,
): boolean {
  return !d.revoked_at && d.starts_on <= today && today <= d.ends_on;
}
