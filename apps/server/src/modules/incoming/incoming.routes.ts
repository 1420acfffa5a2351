import { z } from 'zod';
import type { RouteModule } from '../../http/app';
import { actorOf, requirePrincipal } from '../../http/context';
import { AppError, forbidden } from '../../http/errors';
import { cleanFileName, discardStaged, stageUpload } from '../blobs';
import type { FileKind } from '../blobs';
import { BOXES, TRACKS, incomingCounts, listIncoming } from './incoming.lists';
import type { StagedFile } from './incoming.prepare';
import {
  AssignSchema,
  CompleteSchema,
  NoteSchema,
  PresentSchema,
  ReassignSchema,
  ReasonSchema,
  localDate,
  parseMeta,
  validationError,
} from './incoming.schemas';
import { registerPaper, registerReceived, rejectDocument } from './incoming.service';
import { documentFile, getDocument } from './incoming.view';
import { assign, complete, contribute, present, progress, reassign, returnUp } from './incoming.workflow';
import { incomingReportRoutes } from './incoming.reports.routes';
import './incoming.content'; // registers incoming documents as a content owner (blobs.access)

const tags = ['văn bản đến'];
const SCAN_KINDS: readonly FileKind[] = ['pdf', 'png', 'jpeg', 'tiff'];
const IdParams = z.object({ id: z.string().uuid() });

const ListQuery = z.object({
  box: z.enum(BOXES).default('todo'),
  q: z.string().trim().max(200).optional(),
  from: localDate('từ ngày').optional(),
  to: localDate('đến ngày').optional(),
  docType: z.string().max(50).optional(),
  issuingOrgan: z.string().max(200).optional(),
  urgency: z.string().max(30).optional(),
  unitId: z.string().uuid().optional(),
  status: z.enum(['pending_registration', 'pending_assignment', 'in_progress', 'done', 'returned']).optional(),
  registerId: z.string().uuid().optional(),
  track: z.enum(TRACKS).optional(),
  sort: z.enum(['deadline', 'arrival']).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const incomingRoutes: RouteModule = async (app, deps) => {
  app.get(
    '/api/incoming',
    {
      schema: {
        tags,
        summary:
          'Danh sách văn bản đến theo hộp (cần xử lý, đang xử lý, đã xử lý, quá hạn, sắp đến hạn, để biết, chờ vào sổ, sổ đăng ký, tìm kiếm)',
        querystring: ListQuery,
      },
    },
    async (req) => {
      const p = requirePrincipal(req);
      if ((req.query.box === 'register' || req.query.box === 'pending_registration') && !p.roles.has('clerk'))
        throw forbidden('Chỉ văn thư xem được sổ đăng ký văn bản đến.');
      return listIncoming(deps, p, req.query);
    },
  );
  app.get('/api/incoming/counts', { schema: { tags, summary: 'Số văn bản chờ người dùng (cho menu)' } }, async (req) =>
    incomingCounts(deps, requirePrincipal(req)),
  );

  app.post(
    '/api/incoming',
    {
      schema: {
        tags,
        summary: 'Vào sổ văn bản đến giấy: multipart, phần "meta" (JSON) và một hoặc nhiều "files" (PDF, ảnh quét)',
        consumes: ['multipart/form-data'],
      },
    },
    async (req) => {
      const p = requirePrincipal(req);
      if (!p.roles.has('clerk')) throw forbidden('Chỉ văn thư được vào sổ văn bản đến.');
      if (!req.isMultipart())
        throw new AppError(
          'incoming.not_multipart',
          400,
          'Yêu cầu phải gửi dạng multipart/form-data (phần "meta" và "files").',
        );
      const staged: StagedFile[] = [];
      let metaText: string | undefined;
      try {
        for await (const part of req.parts()) {
          if (part.type === 'file') {
            if (part.fieldname !== 'files' && part.fieldname !== 'file') {
              part.file.resume();
              continue;
            }
            const put = await stageUpload(deps, part.file, { allowed: SCAN_KINDS });
            staged.push({ put, name: cleanFileName(part.filename, put.kind) });
          } else if (part.fieldname === 'meta') {
            metaText = String(part.value);
          }
        }
        let raw: unknown;
        try {
          raw = JSON.parse(metaText ?? '');
        } catch {
          throw validationError([
            { path: ['meta'], message: 'Thiếu hoặc sai dữ liệu văn bản (phần "meta" phải là JSON).' },
          ]);
        }
        const meta = parseMeta(raw);
        return await registerPaper(deps, p, actorOf(req), meta, staged);
      } catch (err) {
        for (const f of staged) await discardStaged(deps, f.put);
        throw err;
      }
    },
  );

  app.get(
    '/api/incoming/:id',
    {
      schema: {
        tags,
        summary: 'Văn bản đến: thông tin, tệp, phân công, lịch sử xử lý, thao tác được phép',
        params: IdParams,
      },
    },
    async (req) => getDocument(deps, requirePrincipal(req), req.params.id),
  );
  app.get(
    '/api/incoming/:id/files/:fileId',
    {
      schema: {
        tags,
        summary: 'Tệp của văn bản đến (xem trực tiếp)',
        params: z.object({ id: z.string().uuid(), fileId: z.string().uuid() }),
        querystring: z.object({ download: z.enum(['1']).optional() }),
      },
    },
    async (req, reply) => {
      const f = await documentFile(deps, requirePrincipal(req), req.params.id, req.params.fileId);
      if (!f) throw new AppError('incoming.not_found', 404, 'Không tìm thấy tệp.');
      reply.header('content-type', f.mime);
      reply.header(
        'content-disposition',
        `${req.query.download ? 'attachment' : 'inline'}; filename*=UTF-8''${encodeURIComponent(f.name)}`,
      );
      reply.header('x-content-type-options', 'nosniff');
      reply.header('cache-control', 'private, max-age=3600');
      return reply.send(deps.blobs.open(f.sha256));
    },
  );

  // Completed by the clerk for a document received by mail (checked again as a whole by parseMeta).
  const MailMeta = z
    .object({
      docTypeCode: z.string().max(50),
      number: z.string().max(11),
      notation: z.string().max(30),
      issuedDate: localDate('ngày văn bản'),
      issuingOrganId: z.string().uuid().nullable(),
      issuingOrganName: z.string().max(200),
      subject: z.string().max(500),
      signerPosition: z.string().max(100).nullable(),
      signerName: z.string().max(50).nullable(),
      urgency: z.string().max(20),
      confidentiality: z.string().max(20),
      pageCount: z.number().int().min(1).max(999).nullable(),
      deadline: localDate('hạn xử lý').nullable(),
    })
    .partial();
  const RegisterBody = z.object({
    meta: MailMeta.optional(),
    registerId: z.string().uuid().optional(),
    arrivalDate: localDate('ngày đến').optional(),
    confirmDuplicate: z.boolean().default(false),
    presentTo: z
      .object({
        userId: z.string().uuid().optional(),
        unitId: z.string().uuid().optional(),
        note: z.string().max(1000).optional(),
      })
      .optional(),
  });
  app.post(
    '/api/incoming/:id/register',
    { schema: { tags, summary: 'Vào sổ văn bản điện tử đã tiếp nhận', params: IdParams, body: RegisterBody } },
    async (req) => registerReceived(deps, requirePrincipal(req), actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/incoming/:id/reject',
    { schema: { tags, summary: 'Trả lại nơi gửi (trạng thái 02)', params: IdParams, body: ReasonSchema } },
    async (req, reply) => {
      await rejectDocument(deps, requirePrincipal(req), actorOf(req), req.params.id, req.body.reason);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/incoming/:id/present',
    { schema: { tags, summary: 'Trình lãnh đạo hoặc chuyển đơn vị', params: IdParams, body: PresentSchema } },
    async (req, reply) => {
      await present(deps, requirePrincipal(req), actorOf(req), req.params.id, req.body);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/incoming/:id/assign',
    {
      schema: {
        tags,
        summary: 'Bút phê, phân công chủ trì / phối hợp / để biết, hạn xử lý',
        params: IdParams,
        body: AssignSchema,
      },
    },
    async (req) => assign(deps, requirePrincipal(req), actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/incoming/:id/reassign',
    {
      schema: { tags, summary: 'Lãnh đạo đơn vị giao cho cán bộ trong đơn vị', params: IdParams, body: ReassignSchema },
    },
    async (req, reply) => {
      await reassign(deps, requirePrincipal(req), actorOf(req), req.params.id, req.body);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/incoming/:id/progress',
    { schema: { tags, summary: 'Cập nhật tiến độ (ghi chú, tệp)', params: IdParams, body: NoteSchema } },
    async (req, reply) => {
      await progress(deps, requirePrincipal(req), actorOf(req), req.params.id, req.body);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/incoming/:id/contribute',
    { schema: { tags, summary: 'Ý kiến phối hợp', params: IdParams, body: NoteSchema } },
    async (req, reply) => {
      await contribute(deps, requirePrincipal(req), actorOf(req), req.params.id, req.body);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/incoming/:id/complete',
    {
      schema: {
        tags,
        summary: 'Hoàn thành xử lý (có thể nêu văn bản đi trả lời)',
        params: IdParams,
        body: CompleteSchema,
      },
    },
    async (req, reply) => {
      await complete(deps, requirePrincipal(req), actorOf(req), req.params.id, req.body);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/incoming/:id/return',
    { schema: { tags, summary: 'Trả lại (lên cấp trên) kèm lý do', params: IdParams, body: ReasonSchema } },
    async (req, reply) => {
      await returnUp(deps, requirePrincipal(req), actorOf(req), req.params.id, req.body.reason);
      return reply.status(204).send();
    },
  );

  await incomingReportRoutes(app, deps);
};
