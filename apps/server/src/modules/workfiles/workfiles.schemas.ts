import { z } from 'zod';
import { isLocalDate } from '@vanthu/vn';
import { RETENTIONS } from './workfiles.tables';

export const uuid = z.string().uuid();
export const localDate = z.string().refine((s) => isLocalDate(s), 'Ngày không hợp lệ (dạng YYYY-MM-DD).');
export const Retention = z.enum(RETENTIONS);
export const Mode = z.enum(['01', '02', '03']);
export const OrganQuery = z.object({ organId: uuid.optional() });
export const IdParams = z.object({ id: uuid });
export const Extra = z.record(z.string().max(60), z.string().max(1000));

export const CreateFileBody = z
  .object({
    planEntryId: uuid.optional(),
    title: z.string().trim().min(1).max(1000).optional(),
    notation: z.string().trim().min(1).max(20).optional(),
    retention: Retention.optional(),
    startDate: localDate.optional(),
    unitId: uuid.optional(),
    description: z.string().max(2000).optional(),
    keyword: z.string().max(500).optional(),
    mode: Mode.optional(),
    extra: Extra.optional(),
  })
  .refine(
    (b) => b.planEntryId || (b.title && b.notation),
    'Chọn một mục của danh mục hồ sơ, hoặc nhập tiêu đề và ký hiệu hồ sơ.',
  );

export const UpdateFileBody = z.object({
  title: z.string().trim().min(1).max(1000).optional(),
  retention: Retention.nullable().optional(),
  startDate: localDate.optional(),
  description: z.string().max(2000).optional(),
  keyword: z.string().max(500).optional(),
  mode: Mode.optional(),
  language: z.string().max(100).optional(),
  inforSign: z.string().max(100).optional(),
  confidenceLevel: Mode.optional(),
  paperFileCode: z.string().max(100).nullable().optional(),
  format: z.string().max(100).optional(),
  riskRecovery: z.string().max(100).optional(),
  riskRecoveryStatus: z.string().max(100).optional(),
  extra: Extra.optional(),
});

export const AddMemberBody = z
  .object({
    kind: z.enum(['incoming', 'outgoing', 'upload']),
    refId: uuid,
    upload: z
      .object({
        subject: z.string().trim().min(1).max(500),
        docDate: localDate,
        typeName: z.string().max(100).optional(),
        codeNumber: z.string().max(11).optional(),
        codeNotation: z.string().max(30).optional(),
        organName: z.string().max(200).optional(),
        pageCount: z.number().int().min(1).max(100000).nullable().optional(),
        confidentiality: z.enum(['thuong', 'mat', 'toi_mat', 'tuyet_mat']).optional(),
        description: z.string().max(500).optional(),
      })
      .optional(),
  })
  .refine((b) => b.kind !== 'upload' || !!b.upload, 'Tài liệu tải lên cần trích yếu và ngày.');

export const ListQuery = z.object({
  scope: z.enum(['mine', 'unit', 'organ']).default('mine'),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  unitId: uuid.optional(),
  status: z.enum(['open', 'closed']).optional(),
  q: z.string().max(200).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const FileItem = z.object({
  id: z.string(),
  code: z.string(),
  notation: z.string(),
  title: z.string(),
  year: z.number(),
  retention: Retention.nullable(),
  status: z.enum(['open', 'closed']),
  startDate: z.string(),
  endDate: z.string().nullable(),
  memberCount: z.number(),
  unitId: z.string(),
  creatorId: z.string(),
});
export const FileList = z.object({
  items: z.array(FileItem),
  total: z.number(),
  counts: z.object({ open: z.number(), closed: z.number() }),
  page: z.number(),
  pageSize: z.number(),
});

export const Member = z.object({
  id: z.string(),
  ordinal: z.number(),
  docCode: z.string(),
  kind: z.enum(['incoming', 'outgoing', 'upload']),
  refId: z.string(),
  docDate: z.string(),
  typeName: z.string(),
  codeNumber: z.string(),
  codeNotation: z.string(),
  numberNotation: z.string(),
  organName: z.string(),
  subject: z.string(),
  pageCount: z.number().nullable(),
  confidentiality: z.string(),
  draft: z.boolean(),
  autograph: z.string(),
  fileIds: z.array(z.string()),
  addedAt: z.string(),
  link: z.string(),
});
export const FileCanSchema = z.object({
  read: z.boolean(),
  edit: z.boolean(),
  close: z.boolean(),
  reopen: z.boolean(),
  grant: z.boolean(),
  export: z.boolean(),
  submit: z.boolean(),
});
export const FileDetail = FileItem.extend({
  creatorName: z.string(),
  unitName: z.string(),
  planEntryId: z.string().nullable(),
  tt05: z.object({
    language: z.string(),
    mode: z.string(),
    keyword: z.string(),
    inforSign: z.string(),
    confidenceLevel: z.string(),
    paperFileCode: z.string().nullable(),
    format: z.string(),
    riskRecovery: z.string(),
    riskRecoveryStatus: z.string(),
    description: z.string(),
  }),
  extra: z.record(z.string(), z.string()),
  closedAt: z.string().nullable(),
  members: z.array(Member),
  hiddenMembers: z.number(),
  grants: z.array(z.object({ userId: z.string(), name: z.string(), access: z.enum(['read', 'edit']) })),
  history: z.array(
    z.object({ at: z.string(), actorName: z.string().nullable(), action: z.string(), summary: z.string().nullable() }),
  ),
  can: FileCanSchema,
});
export const Created = z.object({
  id: z.string(),
  code: z.string(),
  retention: Retention.nullable(),
  proposedBy: z.string().nullable(),
});
export const Added = z.object({ id: z.string(), ordinal: z.number(), docCode: z.string() });
export const PickItem = z.object({ id: z.string(), code: z.string(), title: z.string(), memberCount: z.number() });
export const ErrorOut = z.object({
  code: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
