import { z } from 'zod';
import { isLocalDate } from '@vanthu/vn';
import type { RouteModule } from '../../http/app';
import { actorOf, requirePrincipal } from '../../http/context';
import {
  changeMode,
  decideRequest,
  downloadAip,
  downloadCopy,
  downloadDip,
  holdSet,
  getRecord,
  listRecords,
  listRequests,
  requestAccess,
  setHold,
} from './archive.access';
import {
  destructionCandidates,
  destructionStep,
  getDestruction,
  listDestructions,
  proposeDestruction,
} from './archive.destruction';
import { minutesPdf } from './archive.pdf';
import { isArchiveHead, isArchivist } from './archive.policy';
import { dueFiles, getTransfer, listTransfers, receiveTransfer } from './archive.service';
import { importSip } from './archive.sip';
import { formatDate, formatDateTime } from '@vanthu/vn';

const tags = ['lưu trữ'];
const uuid = z.string().uuid();
const IdParams = z.object({ id: uuid });
const localDate = z.string().refine((s) => isLocalDate(s), 'Ngày không hợp lệ (dạng YYYY-MM-DD).');
const text = (max: number) => z.string().trim().min(1).max(max);
const Mode = z.enum(['01', '02', '03']);
const RecordStatus = z.enum(['packaging', 'archived', 'failed', 'destroyed']);
const Hist = z.array(
  z.object({ at: z.string(), actorName: z.string().nullable(), action: z.string(), summary: z.string().nullable() }),
);

const DueItem = z.object({
  id: z.string(),
  code: z.string(),
  title: z.string(),
  year: z.number(),
  retention: z.string().nullable(),
  startDate: z.string(),
  endDate: z.string().nullable(),
  memberCount: z.number(),
  unitId: z.string(),
  dueDate: z.string().nullable(),
  overdue: z.boolean(),
  dueSoon: z.boolean(),
});
const Transfer = z.object({
  id: z.string(),
  number: z.number(),
  note: z.string(),
  receivedAt: z.string(),
  receivedByName: z.string(),
  records: z.array(
    z.object({
      id: z.string(),
      code: z.string(),
      title: z.string(),
      retention: z.string(),
      startDate: z.string(),
      endDate: z.string(),
      docCount: z.number(),
      status: RecordStatus,
    }),
  ),
});
const RecordItem = z.object({
  id: z.string(),
  code: z.string(),
  title: z.string(),
  retention: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  mode: Mode,
  status: RecordStatus,
  docCount: z.number(),
  onHold: z.boolean(),
  reads: z.number(),
});
const RecordDetail = z.object({
  id: z.string(),
  code: z.string(),
  title: z.string(),
  retention: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  mode: Mode,
  status: RecordStatus,
  docCount: z.number(),
  unitName: z.string(),
  creatorName: z.string(),
  retentionEnds: z.string().nullable(),
  transfer: z.object({ id: z.string(), number: z.number(), receivedAt: z.string() }),
  aip: z.object({ sha256: z.string(), size: z.number(), valid: z.boolean(), warnings: z.number() }).nullable(),
  hold: z.object({ reason: z.string(), until: z.string().nullable(), at: z.string().nullable() }).nullable(),
  destroyedAt: z.string().nullable(),
  documents: z.array(
    z.object({
      ordinal: z.number(),
      docCode: z.string(),
      docDate: z.string(),
      typeName: z.string(),
      numberNotation: z.string(),
      organName: z.string(),
      subject: z.string(),
      pageCount: z.number().nullable(),
      sha256: z.string().nullable(),
      mime: z.string().nullable(),
      signature: z
        .object({
          verdict: z.enum(['valid', 'invalid', 'indeterminate', 'unsigned', 'not_checked']),
          verdictLabel: z.string(),
          signers: z.array(z.string()),
        })
        .nullable(),
    }),
  ),
  counts: z.object({ view: z.number(), download: z.number(), aip: z.number() }),
  requests: z.array(
    z.object({
      id: z.string(),
      status: z.string(),
      purpose: z.string(),
      requesterName: z.string(),
      createdAt: z.string(),
      note: z.string(),
    }),
  ),
  history: Hist,
  can: z.object({
    see: z.boolean(),
    read: z.boolean(),
    request: z.boolean(),
    aip: z.boolean(),
    hold: z.boolean(),
    changeMode: z.boolean(),
  }),
});
const Request = z.object({
  id: z.string(),
  status: z.string(),
  purpose: z.string(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  note: z.string(),
  validUntil: z.string().nullable(),
  recordId: z.string(),
  code: z.string(),
  title: z.string(),
  mode: Mode,
  requesterName: z.string(),
});
const Destruction = z.object({
  id: z.string(),
  title: z.string(),
  note: z.string(),
  status: z.string(),
  councilRef: z.string().nullable(),
  councilMembers: z.array(z.object({ id: z.string(), name: z.string() })),
  councilMinutes: z.string().nullable(),
  appraisal: z.string().nullable(),
  decisionRef: z.string().nullable(),
  decisionDate: z.string().nullable(),
  destructionMinutes: z.string().nullable(),
  destroyedAt: z.string().nullable(),
  createdAt: z.string(),
  items: z.array(
    z.object({
      recordId: z.string(),
      code: z.string(),
      title: z.string(),
      retention: z.string(),
      endDate: z.string(),
      aipSha256: z.string().nullable(),
      docHashes: z.array(z.object({ ordinal: z.number(), subject: z.string(), sha256: z.array(z.string()) })),
      onHold: z.boolean(),
      status: RecordStatus,
    }),
  ),
  history: Hist,
  can: z.object({
    council: z.boolean(),
    review: z.boolean(),
    appraisal: z.boolean(),
    decide: z.boolean(),
    execute: z.boolean(),
    cancel: z.boolean(),
  }),
});
const Step = z.discriminatedUnion('step', [
  z.object({
    step: z.literal('council'),
    councilRef: text(200),
    members: z.array(uuid).min(3, 'Hội đồng có ít nhất 3 thành viên.').max(20),
  }),
  z.object({ step: z.literal('review'), minutes: text(20000) }),
  z.object({ step: z.literal('appraisal'), appraisal: text(20000) }),
  z.object({ step: z.literal('decide'), decisionRef: text(200), decisionDate: localDate }),
  z.object({ step: z.literal('execute'), minutes: text(20000) }),
  z.object({ step: z.literal('cancel'), reason: text(2000) }),
]);

const pdfReply = (
  reply: { header: (k: string, v: string) => unknown; send: (b: Buffer) => unknown },
  name: string,
  bytes: Uint8Array,
) => {
  reply.header('content-type', 'application/pdf');
  reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`);
  return reply.send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
};

export const archiveRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/archive/me',
    {
      schema: {
        tags,
        summary: 'Vai trò của tôi trong kho lưu trữ (cán bộ lưu trữ, người đứng đầu)',
        response: { 200: z.object({ archivist: z.boolean(), head: z.boolean(), decides: z.boolean() }) },
      },
    },
    async (req) => {
      const p = requirePrincipal(req);
      return { archivist: isArchivist(p), head: isArchiveHead(p), decides: p.roles.has('organ_leader') };
    },
  );
  app.get(
    '/api/archive/due',
    {
      schema: {
        tags,
        summary: 'Hồ sơ đã đóng chưa nộp lưu, kèm hạn nộp lưu (F5b)',
        response: { 200: z.array(DueItem) },
      },
    },
    async (req) => dueFiles(deps, requirePrincipal(req)),
  );
  app.post(
    '/api/archive/transfers',
    {
      schema: {
        tags,
        summary: 'Nhận nộp lưu hồ sơ (kiểm tra từng hồ sơ, lập biên bản giao nhận, đóng gói AIP)',
        body: z.object({ workfileIds: z.array(uuid).min(1).max(200), note: z.string().max(2000).optional() }),
        response: { 200: Transfer },
      },
    },
    async (req) => receiveTransfer(deps, requirePrincipal(req), actorOf(req), req.body),
  );
  app.post(
    '/api/archive/sips',
    {
      schema: {
        tags,
        summary:
          'Nhập gói SIP (E-ARK CSIP) từ hệ thống khác: tệp ZIP đã tải lên qua /api/files; kiểm tra, lập hồ sơ lưu trữ và gói AIP',
        body: z.object({
          fileId: uuid,
          retention: z.enum(['permanent', '70', '50', '30', '20', '10', '5', 'lapse']),
          mode: Mode.optional(),
          title: z.string().trim().max(500).optional(),
        }),
        response: {
          200: z.object({
            id: z.string(),
            code: z.string(),
            title: z.string(),
            docCount: z.number(),
            warnings: z.number(),
          }),
        },
      },
    },
    async (req) => importSip(deps, requirePrincipal(req), actorOf(req), req.body),
  );
  app.get(
    '/api/archive/transfers',
    {
      schema: {
        tags,
        summary: 'Các biên bản giao nhận',
        response: {
          200: z.array(
            z.object({
              id: z.string(),
              number: z.number(),
              receivedAt: z.string(),
              receivedByName: z.string(),
              fileCount: z.number(),
            }),
          ),
        },
      },
    },
    async (req) => listTransfers(deps, requirePrincipal(req)),
  );
  app.get(
    '/api/archive/transfers/:id',
    {
      schema: {
        tags,
        summary: 'Biên bản giao nhận và mục lục hồ sơ nộp lưu',
        params: IdParams,
        response: { 200: Transfer },
      },
    },
    async (req) => getTransfer(deps, requirePrincipal(req), req.params.id),
  );
  app.get(
    '/api/archive/transfers/:id/minutes.pdf',
    { schema: { tags, summary: 'Biên bản giao nhận tài liệu (PDF)', params: IdParams } },
    async (req, reply) => {
      const p = requirePrincipal(req);
      const t = await getTransfer(deps, p, req.params.id);
      const organ = await deps.db
        .selectFrom('organs')
        .select('name')
        .where('id', '=', p.organId)
        .executeTakeFirstOrThrow();
      const bytes = await minutesPdf({
        organName: organ.name,
        title: `BIÊN BẢN GIAO NHẬN TÀI LIỆU SỐ ${t.number}`,
        subtitle: `Thời gian: ${formatDateTime(new Date(t.receivedAt))}`,
        paragraphs: [
          `Lưu trữ cơ quan nhận nộp lưu ${t.records.length} hồ sơ điện tử. Mỗi hồ sơ được kiểm tra thông tin theo TT 05/2025/TT-BNV, định dạng và mã băm SHA-256 và được đóng gói AIP.`,
          ...(t.note ? [`Ghi chú: ${t.note}`] : []),
        ],
        items: t.records.map(
          (r) =>
            `${r.code} — ${r.title} — ${formatDate(r.startDate)}–${formatDate(r.endDate)} — ${r.docCount} văn bản — thời hạn bảo quản: ${r.retention === 'permanent' ? 'vĩnh viễn' : `${r.retention} năm`}`,
        ),
        signatures: [
          ['BÊN GIAO', ''],
          ['BÊN NHẬN', t.receivedByName],
        ],
      });
      return pdfReply(reply, `bien-ban-giao-nhan-${t.number}.pdf`, bytes);
    },
  );

  app.get(
    '/api/archive/records',
    {
      schema: {
        tags,
        summary: 'Mục lục hồ sơ lưu trữ (tra cứu)',
        querystring: z.object({
          q: z.string().max(200).optional(),
          status: RecordStatus.optional(),
          page: z.coerce.number().int().min(1).max(100000).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: {
          200: z.object({ items: z.array(RecordItem), total: z.number(), page: z.number(), pageSize: z.number() }),
        },
      },
    },
    async (req) => listRecords(deps, requirePrincipal(req), req.query),
  );
  app.get(
    '/api/archive/records/:id',
    {
      schema: {
        tags,
        summary: 'Hồ sơ lưu trữ: thông tin, văn bản (khi được khai thác), số lượt xem/tải, lịch sử',
        params: IdParams,
        response: { 200: RecordDetail },
      },
    },
    async (req) => getRecord(deps, requirePrincipal(req), actorOf(req), req.params.id),
  );
  app.get(
    '/api/archive/records/:id/aip',
    { schema: { tags, summary: 'Tải gói lưu trữ AIP (E-ARK CSIP, ZIP) — cán bộ lưu trữ', params: IdParams } },
    async (req, reply) => {
      const x = await downloadAip(deps, requirePrincipal(req), actorOf(req), req.params.id);
      reply.header('content-type', 'application/zip');
      reply.header('content-length', String(x.size));
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(x.name)}`);
      return reply.send(x.stream);
    },
  );
  app.get(
    '/api/archive/records/:id/documents/:ordinal/copy.pdf',
    {
      schema: {
        tags,
        summary: 'Tải bản sao văn bản có dấu khai thác (người đọc, thời gian, mục đích); bản gốc trong AIP giữ nguyên',
        params: IdParams.extend({ ordinal: z.coerce.number().int().min(1).max(1000000) }),
      },
    },
    async (req, reply) => {
      const x = await downloadCopy(deps, requirePrincipal(req), actorOf(req), req.params.id, req.params.ordinal);
      return pdfReply(reply, x.name, x.bytes);
    },
  );
  app.get(
    '/api/archive/records/:id/dip',
    {
      schema: {
        tags,
        summary: 'Tải gói khai thác DIP (E-ARK CSIP, ZIP): mọi văn bản là bản sao có dấu khai thác',
        params: IdParams,
      },
    },
    async (req, reply) => {
      const x = await downloadDip(deps, requirePrincipal(req), actorOf(req), req.params.id);
      reply.header('content-type', 'application/zip');
      reply.header('content-length', String(x.size));
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(x.name)}`);
      return reply.send(x.stream);
    },
  );
  app.put(
    '/api/archive/holds',
    {
      schema: {
        tags,
        summary: 'Phong tỏa một bộ hồ sơ cùng lúc (giữ theo yêu cầu pháp lý)',
        body: z.object({
          recordIds: z.array(uuid).min(1).max(1000),
          reason: text(1000),
          until: localDate.nullable().optional(),
        }),
        response: { 200: z.object({ held: z.number() }) },
      },
    },
    async (req) => holdSet(deps, requirePrincipal(req), actorOf(req), req.body),
  );
  app.post(
    '/api/archive/records/:id/requests',
    {
      schema: {
        tags,
        summary: 'Yêu cầu khai thác hồ sơ hạn chế sử dụng hoặc mật',
        params: IdParams,
        body: z.object({ purpose: text(500) }),
        response: { 200: z.object({ id: z.string(), status: z.literal('pending') }) },
      },
    },
    async (req) => requestAccess(deps, requirePrincipal(req), actorOf(req), req.params.id, req.body.purpose),
  );
  app.put(
    '/api/archive/records/:id/hold',
    {
      schema: {
        tags,
        summary: 'Phong tỏa hồ sơ (giữ theo yêu cầu pháp lý): chặn tiêu hủy',
        params: IdParams,
        body: z.object({ reason: text(1000), until: localDate.nullable().optional() }),
      },
    },
    async (req, reply) => {
      await setHold(deps, requirePrincipal(req), actorOf(req), req.params.id, {
        reason: req.body.reason,
        until: req.body.until ?? null,
      });
      return reply.status(204).send();
    },
  );
  app.delete(
    '/api/archive/records/:id/hold',
    { schema: { tags, summary: 'Gỡ phong tỏa hồ sơ', params: IdParams } },
    async (req, reply) => {
      await setHold(deps, requirePrincipal(req), actorOf(req), req.params.id, null);
      return reply.status(204).send();
    },
  );
  app.put(
    '/api/archive/records/:id/mode',
    {
      schema: {
        tags,
        summary: 'Đổi chế độ khai thác của hồ sơ (công khai / hạn chế / mật), ghi lý do',
        params: IdParams,
        body: z.object({ mode: Mode, reason: text(1000) }),
      },
    },
    async (req, reply) => {
      await changeMode(deps, requirePrincipal(req), actorOf(req), req.params.id, req.body.mode, req.body.reason);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/archive/requests',
    {
      schema: {
        tags,
        summary: 'Yêu cầu khai thác: chờ duyệt, của tôi, tất cả',
        querystring: z.object({ box: z.enum(['pending', 'mine', 'all']).default('mine') }),
        response: { 200: z.array(Request) },
      },
    },
    async (req) => listRequests(deps, requirePrincipal(req), req.query.box),
  );
  app.post(
    '/api/archive/requests/:id/decide',
    {
      schema: {
        tags,
        summary: 'Người đứng đầu lưu trữ duyệt hoặc từ chối yêu cầu khai thác',
        params: IdParams,
        body: z.object({
          approve: z.boolean(),
          note: z.string().max(1000).optional(),
          validUntil: localDate.nullable().optional(),
        }),
        response: { 200: z.object({ id: z.string(), status: z.enum(['approved', 'rejected']) }) },
      },
    },
    async (req) => decideRequest(deps, requirePrincipal(req), actorOf(req), req.params.id, req.body),
  );

  app.get(
    '/api/archive/destruction/candidates',
    {
      schema: {
        tags,
        summary: 'Xem xét hủy: hồ sơ đã hết thời hạn bảo quản',
        response: {
          200: z.array(
            z.object({
              id: z.string(),
              code: z.string(),
              title: z.string(),
              retention: z.string(),
              endDate: z.string(),
              retentionEnded: z.string(),
              onHold: z.boolean(),
              holdReason: z.string().nullable(),
              proposed: z.boolean(),
              docCount: z.number(),
            }),
          ),
        },
      },
    },
    async (req) => destructionCandidates(deps, requirePrincipal(req)),
  );
  app.get(
    '/api/archive/destructions',
    {
      schema: {
        tags,
        summary: 'Các hồ sơ xét hủy tài liệu',
        response: {
          200: z.array(
            z.object({
              id: z.string(),
              title: z.string(),
              status: z.string(),
              decisionRef: z.string().nullable(),
              destroyedAt: z.string().nullable(),
              createdAt: z.string(),
              itemCount: z.number(),
            }),
          ),
        },
      },
    },
    async (req) => listDestructions(deps, requirePrincipal(req)),
  );
  app.post(
    '/api/archive/destructions',
    {
      schema: {
        tags,
        summary: 'Lập danh mục tài liệu hết giá trị và bản thuyết minh',
        body: z.object({ title: text(500), note: text(20000), recordIds: z.array(uuid).min(1).max(1000) }),
        response: { 200: Destruction },
      },
    },
    async (req) => proposeDestruction(deps, requirePrincipal(req), actorOf(req), req.body),
  );
  app.get(
    '/api/archive/destructions/:id',
    {
      schema: {
        tags,
        summary: 'Hồ sơ xét hủy: danh mục, các bước, lịch sử',
        params: IdParams,
        response: { 200: Destruction },
      },
    },
    async (req) => getDestruction(deps, requirePrincipal(req), req.params.id),
  );
  app.post(
    '/api/archive/destructions/:id/steps',
    {
      schema: {
        tags,
        summary: 'Bước của quy trình hủy: hội đồng, biên bản họp, thẩm định, quyết định hủy, thực hiện hủy, dừng',
        params: IdParams,
        body: Step,
        response: { 200: Destruction },
      },
    },
    async (req) => destructionStep(deps, requirePrincipal(req), actorOf(req), req.params.id, req.body),
  );
  app.get(
    '/api/archive/destructions/:id/minutes.pdf',
    { schema: { tags, summary: 'Biên bản hủy tài liệu (danh mục, quyết định, mã băm)', params: IdParams } },
    async (req, reply) => {
      const p = requirePrincipal(req);
      const d = await getDestruction(deps, p, req.params.id);
      const organ = await deps.db
        .selectFrom('organs')
        .select('name')
        .where('id', '=', p.organId)
        .executeTakeFirstOrThrow();
      const bytes = await minutesPdf({
        organName: organ.name,
        title:
          d.status === 'destroyed' ? 'BIÊN BẢN HỦY TÀI LIỆU HẾT GIÁ TRỊ' : 'DANH MỤC TÀI LIỆU HẾT GIÁ TRỊ ĐỀ NGHỊ HỦY',
        subtitle: d.title,
        paragraphs: [
          `Thuyết minh: ${d.note}`,
          ...(d.councilRef ? [`Hội đồng: ${d.councilRef} — ${d.councilMembers.map((m) => m.name).join(', ')}`] : []),
          ...(d.decisionRef
            ? [`Quyết định hủy: ${d.decisionRef}${d.decisionDate ? ` ngày ${formatDate(d.decisionDate)}` : ''}`]
            : []),
          ...(d.destroyedAt
            ? [`Đã hủy lúc ${formatDateTime(new Date(d.destroyedAt))}. ${d.destructionMinutes ?? ''}`]
            : []),
        ],
        items: d.items.map((i) => `${i.code} — ${i.title} — AIP SHA-256 ${i.aipSha256 ?? '—'}`),
        signatures: [['NGƯỜI LẬP', '']],
      });
      return pdfReply(reply, `huy-tai-lieu-${d.id.slice(0, 8)}.pdf`, bytes);
    },
  );
};
