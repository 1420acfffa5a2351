import { z } from 'zod';
import { CONFIDENTIALITY_VALUES, URGENCY_VALUES, isLocalDate } from '@vanthu/vn';
import { AppError } from '../../http/errors';

const required = (label: string) => ({
  error: (iss: { input: unknown }) =>
    iss.input === undefined || iss.input === null
      ? `Chưa nhập ${label}.`
      : `${label[0]!.toUpperCase()}${label.slice(1)} không hợp lệ.`,
});
const text = (label: string, max: number) =>
  z
    .string(required(label))
    .trim()
    .min(1, `Chưa nhập ${label}.`)
    .max(max, `${label[0]!.toUpperCase()}${label.slice(1)} dài quá ${max} ký tự.`);
const optText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label[0]!.toUpperCase()}${label.slice(1)} dài quá ${max} ký tự.`)
    .nullish()
    .transform((s) => (s ? s.normalize('NFC') : null));
export const localDate = (label: string) =>
  z
    .string(required(label))
    .refine((s) => isLocalDate(s), `${label[0]!.toUpperCase()}${label.slice(1)} không hợp lệ (dạng YYYY-MM-DD).`);
const uuid = z.string().uuid('Mã không hợp lệ.');

/** Incoming metadata (documents.md §4); fields marked (auto) there are filled by the server, not taken from here. */
export const IncomingMetaSchema = z
  .object({
    docTypeCode: z.string(required('loại văn bản')).min(1, 'Chưa chọn loại văn bản.').max(50),
    number: text('số văn bản', 11),
    notation: text('ký hiệu', 30),
    issuedDate: localDate('ngày văn bản'),
    issuingOrganId: uuid.nullish(),
    issuingOrganName: optText('cơ quan ban hành', 200),
    subject: text('trích yếu', 500),
    signerPosition: optText('chức vụ người ký', 100),
    signerName: optText('người ký', 50),
    urgency: z.enum(URGENCY_VALUES as [string, ...string[]], { error: 'Độ khẩn không hợp lệ.' }).default('thuong'),
    confidentiality: z
      .enum(CONFIDENTIALITY_VALUES as [string, ...string[]], { error: 'Độ mật không hợp lệ.' })
      .default('thuong'),
    pageCount: z.number().int().min(1, 'Số trang phải từ 1.').max(999, 'Số trang tối đa 999.').nullish(),
    recipients: optText('nơi nhận', 1000),
    description: optText('ghi chú', 500),
    arrivalDate: localDate('ngày đến').optional(),
    deadline: localDate('hạn xử lý').nullish(),
    registerId: uuid.optional(),
    documentIdentifier: optText('mã định danh văn bản', 100),
    confirmDuplicate: z.boolean().default(false),
    presentTo: z
      .object({ userId: uuid.optional(), unitId: uuid.optional(), note: optText('ý kiến trình', 1000) })
      .optional(),
  })
  .superRefine((m, ctx) => {
    if (!m.issuingOrganId && !m.issuingOrganName)
      ctx.addIssue({ code: 'custom', path: ['issuingOrganName'], message: 'Chưa nhập cơ quan ban hành.' });
    if (m.presentTo && !m.presentTo.userId === !m.presentTo.unitId)
      ctx.addIssue({ code: 'custom', path: ['presentTo'], message: 'Trình cho một lãnh đạo hoặc một đơn vị.' });
  });
export type IncomingMeta = z.output<typeof IncomingMetaSchema>;

/** zod issues → 400 validation.failed with field paths (the platform's contract). */
export function validationError(issues: readonly { path: PropertyKey[]; message: string }[], prefix = ''): AppError {
  const fields = issues.map((i) => ({ path: prefix + i.path.map(String).join('.'), message: i.message }));
  return new AppError(
    'validation.failed',
    400,
    'Dữ liệu không hợp lệ: ' + fields.map((f) => `${f.path || 'meta'} — ${f.message}`).join('; '),
    { fields },
  );
}

export function parseMeta(raw: unknown): IncomingMeta {
  const r = IncomingMetaSchema.safeParse(raw);
  if (!r.success) throw validationError(r.error.issues);
  return r.data;
}

const Party = z
  .object({ userId: uuid.optional(), unitId: uuid.optional() })
  .refine((x) => !x.userId !== !x.unitId, 'Chọn một người hoặc một đơn vị.');
export const DeadlineSchema = z.union([
  z.object({ workingDays: z.number().int().min(0).max(365) }),
  z.object({ date: localDate('hạn xử lý') }),
]);

export const AssignSchema = z.object({
  direction: z.string().trim().max(2000).default(''),
  lead: Party,
  coordinate: z.array(Party).max(50).default([]),
  info: z.array(Party).max(100).default([]),
  deadline: DeadlineSchema.nullish(),
});
export const ReassignSchema = z.object({
  direction: z.string().trim().max(2000).default(''),
  lead: z.string().uuid().optional(),
  coordinate: z.array(z.string().uuid()).max(50).default([]),
  info: z.array(z.string().uuid()).max(100).default([]),
  deadline: DeadlineSchema.nullish(),
});
export const PresentSchema = z
  .object({ userId: uuid.optional(), unitId: uuid.optional(), note: z.string().trim().max(1000).optional() })
  .refine((x) => !x.userId !== !x.unitId, 'Trình cho một lãnh đạo hoặc một đơn vị.');
export const NoteSchema = z.object({
  note: z.string().trim().min(1, 'Chưa nhập nội dung.').max(4000),
  fileIds: z.array(uuid).max(20).default([]),
});
export const ReasonSchema = z.object({ reason: z.string().trim().min(1, 'Chưa nhập lý do.').max(2000) });
/** Completion: the answer is an issued outgoing document (answerOutgoingId) or, outside the system, its number as text (answerRef). */
export const CompleteSchema = z.object({
  note: z.string().trim().max(4000).default(''),
  answerOutgoingId: uuid.nullish().transform((v) => v ?? undefined),
  answerRef: z
    .string()
    .trim()
    .max(100, 'Số, ký hiệu văn bản trả lời dài quá 100 ký tự.')
    .nullish()
    .transform((s) => (s ? s.normalize('NFC') : undefined)),
  fileIds: z.array(uuid).max(20).default([]),
});
