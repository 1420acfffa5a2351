/** HTTP API of outgoing documents (văn bản đi): /api/outgoing/... */
import { z } from 'zod';
import { CONFIDENTIALITY_VALUES, URGENCY_VALUES, isClearedFor } from '@vanthu/vn';
import type { RouteModule } from '../../http/app';
import { actorOf, requirePrincipal } from '../../http/context';
import { AppError } from '../../http/errors';
import { localDate as edgeDate } from '../../http/schemas';
import { STEP_ACTIONS } from './outgoing.model';
import * as drafts from './outgoing.drafts.service';
import { adjustRoute, submit } from './outgoing.route.service';
import { cancelNumber, decide, ensureFinalPdf } from './outgoing.sign.service';
import { completeSign, prepareSign } from './outgoing.deferred.service';
import { issue } from './outgoing.issue.service';
import { completeSeal, demoOrganP12, prepareSeal } from './outgoing.deferred-seal.service';
import { listCopies, makeCopy } from './outgoing.copies.service';
import { recall, recallRecords } from './outgoing.recall.service';
import { docFile, getDocView, listDocs } from './outgoing.view.service';
import { createDelegation, listDelegations, revokeDelegation } from './outgoing.delegations.service';
import { ensureOutgoingRegisters, listNumbers, reserveNumber } from './outgoing.numbering';
import { outgoingReportRoutes } from './outgoing.reports.routes';
import { searchIssued } from './outgoing.search.service';
import './outgoing.content'; // registers outgoing documents as a content owner (blobs.access)

const tags = ['văn bản đi'];
const uuid = z.string().uuid();
const IdParams = z.object({ id: uuid });
const localDate = edgeDate;
const RectOut = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });
const Recipient = z.object({
  kind: z.enum(['internal', 'external']),
  unitId: uuid.optional(),
  organCode: z.string().max(30).optional(),
  name: z.string().max(200).optional(),
});
const DraftBody = z.object({
  docType: z.string().min(1).max(50),
  subject: z.string().trim().min(1).max(500),
  urgency: z.enum(URGENCY_VALUES as [string, ...string[]]).default('thuong'),
  confidentiality: z.enum(CONFIDENTIALITY_VALUES as [string, ...string[]]).default('thuong'),
  signerId: uuid,
  draftingUnitId: uuid.optional(),
  answersIncomingId: uuid.nullish(),
  advisoryBody: z.string().max(20).nullish(),
  recipients: z.array(Recipient).max(200).default([]),
  emailRecipients: z.array(z.string().email()).max(50).optional(),
});

export const outgoingRoutes: RouteModule = async (app, deps) => {
  const ctx = (req: Parameters<typeof requirePrincipal>[0]) => ({ p: requirePrincipal(req), actor: actorOf(req) });

  app.get(
    '/api/outgoing',
    {
      schema: {
        tags,
        summary: 'Danh sách văn bản đi theo hộp',
        querystring: z.object({
          box: z.enum(['all', 'mine', 'todo', 'to_issue', 'issued', 'received']).default('all'),
        }),
      },
    },
    async (req) => listDocs(deps, requirePrincipal(req), req.query.box),
  );
  app.post('/api/outgoing', { schema: { tags, summary: 'Tạo dự thảo văn bản đi', body: DraftBody } }, async (req) => {
    const { p, actor } = ctx(req);
    return { id: await drafts.createDraft(deps, p, actor, req.body) };
  });
  app.get(
    '/api/outgoing/issued/search',
    {
      schema: {
        tags,
        summary:
          'Tìm văn bản đi đã phát hành (số, ký hiệu hoặc trích yếu; có dấu hay không dấu), mới nhất trước, tối đa 20',
        querystring: z.object({ q: z.string().max(200).optional() }),
        response: {
          200: z.array(
            z.object({
              id: uuid,
              numberNotation: z.string(),
              subject: z.string(),
              issuedDate: localDate.nullable(),
              docTypeName: z.string(),
            }),
          ),
        },
      },
    },
    async (req) => searchIssued(deps, requirePrincipal(req), req.query.q),
  );
  app.get(
    '/api/outgoing/:id',
    { schema: { tags, summary: 'Chi tiết văn bản đi (kèm thao tác được phép)', params: IdParams } },
    async (req) => getDocView(deps, requirePrincipal(req), req.params.id),
  );
  app.patch(
    '/api/outgoing/:id',
    { schema: { tags, summary: 'Sửa thông tin dự thảo', params: IdParams, body: DraftBody.partial() } },
    async (req, reply) => {
      const { p, actor } = ctx(req);
      await drafts.updateDraft(deps, p, actor, req.params.id, req.body);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/outgoing/:id/versions',
    {
      schema: {
        tags,
        summary: 'Tải lên phiên bản mới (multipart "file"; ?kind=draft|attachment)',
        params: IdParams,
        querystring: z.object({ kind: z.enum(['draft', 'attachment']).default('draft') }),
        consumes: ['multipart/form-data'],
      },
    },
    async (req) => {
      const { p, actor } = ctx(req);
      if (!req.isMultipart())
        throw new AppError(
          'blobs.not_multipart',
          400,
          'Yêu cầu phải gửi tệp dạng multipart/form-data (trường "file").',
        );
      const part = await req.file();
      if (!part) throw new AppError('blobs.no_file', 400, 'Chưa chọn tệp.');
      return drafts.uploadVersion(deps, p, actor, req.params.id, req.query.kind, part.file, part.filename);
    },
  );
  app.post(
    '/api/outgoing/:id/comments',
    {
      schema: {
        tags,
        summary: 'Góp ý (trên một phiên bản)',
        params: IdParams,
        body: z.object({ body: z.string().trim().min(1).max(4000), versionId: uuid.nullish() }),
      },
    },
    async (req) => {
      const { p, actor } = ctx(req);
      return { id: await drafts.addComment(deps, p, actor, req.params.id, req.body) };
    },
  );
  app.post(
    '/api/outgoing/:id/consultations',
    {
      schema: {
        tags,
        summary: 'Xin ý kiến đơn vị',
        params: IdParams,
        body: z.object({ unitId: uuid, question: z.string().trim().min(1).max(4000) }),
      },
    },
    async (req) => {
      const { p, actor } = ctx(req);
      return { id: await drafts.askConsultation(deps, p, actor, req.params.id, req.body) };
    },
  );
  app.post(
    '/api/outgoing/consultations/:id/answer',
    {
      schema: {
        tags,
        summary: 'Trả lời xin ý kiến (kèm tệp đã tải lên)',
        params: IdParams,
        body: z.object({ answer: z.string().trim().min(1).max(4000), fileId: uuid.nullish() }),
      },
    },
    async (req, reply) => {
      const { p, actor } = ctx(req);
      await drafts.answerConsultation(deps, p, actor, req.params.id, req.body);
      return reply.status(204).send();
    },
  );
  app.put(
    '/api/outgoing/:id/route',
    {
      schema: {
        tags,
        summary: 'Điều chỉnh quy trình của văn bản',
        params: IdParams,
        body: z.object({
          steps: z
            .array(z.object({ action: z.enum(STEP_ACTIONS as [string, ...string[]]), actorId: uuid }))
            .min(1)
            .max(20),
        }),
      },
    },
    async (req, reply) => {
      const { p, actor } = ctx(req);
      await adjustRoute(
        deps,
        p,
        actor,
        req.params.id,
        req.body.steps.map((s) => ({ action: s.action as (typeof STEP_ACTIONS)[number], actorId: s.actorId })),
      );
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/outgoing/:id/submit',
    { schema: { tags, summary: 'Trình (hoặc trình lại) dự thảo', params: IdParams } },
    async (req, reply) => {
      const { p, actor } = ctx(req);
      await submit(deps, p, actor, req.params.id);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/outgoing/:id/decision',
    {
      schema: {
        tags,
        summary: 'Xử lý bước hiện tại: đồng ý (ký nháy, kiểm tra thể thức, ký), trả lại kèm ý kiến, chuyển tiếp',
        params: IdParams,
        body: z.object({
          decision: z.enum(['approve', 'return', 'forward']),
          comment: z.string().max(4000).optional(),
          target: z.enum(['drafter', 'previous']).optional(),
          toUserId: uuid.optional(),
        }),
      },
    },
    async (req, reply) => {
      const { p, actor } = ctx(req);
      await decide(deps, p, actor, req.params.id, req.body);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/outgoing/:id/sign/prepare',
    {
      schema: {
        tags,
        summary:
          'Ký số bằng thiết bị ký (USB token), bước 1: cấp số (hoặc giữ số đã cấp), ghi số và ngày vào bản PDF cuối; trả về tệp cần ký qua /api/signing/sessions',
        params: IdParams,
        response: {
          200: z.object({
            preparedFileId: uuid,
            numberNotation: z.string(),
            date: localDate,
            appearance: z.object({
              kind: z.literal('signature'),
              rect: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }),
            }),
            reason: z.string(),
          }),
        },
      },
    },
    async (req) => {
      const { p, actor } = ctx(req);
      return prepareSign(deps, p, actor, req.params.id);
    },
  );
  app.post(
    '/api/outgoing/:id/sign/complete',
    {
      schema: {
        tags,
        summary:
          'Ký số bằng thiết bị ký, bước cuối: tệp đã ký (kết quả của /api/signing/sessions/:id/complete) được kiểm tra rồi ghi nhận',
        params: IdParams,
        body: z.object({ signedFileId: uuid, comment: z.string().max(4000).optional() }),
      },
    },
    async (req, reply) => {
      const { p, actor } = ctx(req);
      await completeSign(deps, p, actor, req.params.id, req.body);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/outgoing/:id/final',
    { schema: { tags, summary: 'Tạo bản PDF cuối (DOCX → PDF)', params: IdParams } },
    async (req) => {
      const { p, actor } = ctx(req);
      return { fileId: await ensureFinalPdf(deps, p, actor, req.params.id) };
    },
  );
  app.post(
    '/api/outgoing/:id/issue',
    { schema: { tags, summary: 'Ký số cơ quan và phát hành', params: IdParams } },
    async (req, reply) => {
      const { p, actor } = ctx(req);
      await issue(deps, p, actor, req.params.id);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/outgoing/:id/issue/prepare-seal',
    {
      schema: {
        tags,
        summary:
          'Đóng dấu số bằng thiết bị ký của cơ quan (USB token), bước 1: tệp cần đóng dấu (bản đã ký), vị trí dấu và lý do, để ký qua /api/signing/sessions',
        params: IdParams,
        response: {
          200: z.object({
            signedFileId: uuid,
            numberNotation: z.string(),
            appearance: z.object({ kind: z.literal('seal'), signerRect: RectOut }),
            reason: z.string(),
          }),
        },
      },
    },
    async (req) => prepareSeal(deps, requirePrincipal(req), req.params.id),
  );
  app.post(
    '/api/outgoing/:id/issue/complete-seal',
    {
      schema: {
        tags,
        summary:
          'Đóng dấu số bằng thiết bị ký, bước cuối: tệp đã đóng dấu (kết quả của /api/signing/sessions/:id/complete) được kiểm tra (bản đã ký + đúng một chữ ký của cơ quan) rồi phát hành',
        params: IdParams,
        body: z.object({ sealedFileId: uuid }),
      },
    },
    async (req, reply) => {
      const { p, actor } = ctx(req);
      await completeSeal(deps, p, actor, req.params.id, req.body);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/outgoing/demo/organ-p12',
    {
      schema: {
        tags,
        summary:
          'Chế độ trình diễn: văn thư nhận tệp PKCS#12 của cơ quan (CA trình diễn, khoá mới, không lưu trên máy chủ) để nạp vào vanthu-signer',
        body: z.object({ password: z.string().min(4).max(100) }),
        response: { 200: z.object({ p12: z.string(), certificate: z.string() }) },
      },
    },
    async (req) => {
      const { p, actor } = ctx(req);
      return demoOrganP12(deps, p, actor, req.body.password);
    },
  );
  app.post(
    '/api/outgoing/:id/cancel-number',
    {
      schema: {
        tags,
        summary: 'Hủy số (ghi lý do; số không dùng lại)',
        params: IdParams,
        body: z.object({ reason: z.string().trim().min(1).max(1000) }),
      },
    },
    async (req, reply) => {
      const { p, actor } = ctx(req);
      await cancelNumber(deps, p, actor, req.params.id, req.body.reason);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/outgoing/:id/copies',
    {
      schema: {
        tags,
        summary: 'Sao y / sao lục / trích sao',
        params: IdParams,
        body: z.object({ form: z.enum(['SY', 'SL', 'TrS']), recipients: z.string().max(1000).nullish() }),
      },
    },
    async (req) => {
      const { p, actor } = ctx(req);
      return makeCopy(deps, p, actor, req.params.id, req.body);
    },
  );
  app.get('/api/outgoing/:id/copies', { schema: { tags, summary: 'Các bản sao', params: IdParams } }, async (req) =>
    listCopies(deps, requirePrincipal(req), req.params.id),
  );
  app.post(
    '/api/outgoing/:id/recall',
    {
      schema: {
        tags,
        summary: 'Thu hồi / cập nhật / thay thế văn bản đã phát hành',
        params: IdParams,
        body: z.object({
          kind: z.enum(['recall', 'update', 'replace']),
          reason: z.string().trim().min(1).max(2000),
          replacementId: uuid.nullish(),
        }),
      },
    },
    async (req, reply) => {
      const { p, actor } = ctx(req);
      await recall(deps, p, actor, req.params.id, req.body);
      return reply.status(204).send();
    },
  );
  app.get(
    '/api/outgoing/:id/recall-records',
    { schema: { tags, summary: 'Bản ghi còn lại sau thu hồi', params: IdParams } },
    async (req) => recallRecords(deps, requirePrincipal(req), req.params.id),
  );
  app.get(
    '/api/outgoing/:id/files/:fileId',
    {
      schema: {
        tags,
        summary: 'Tệp của văn bản (xem trực tiếp; ?download=1 để tải về)',
        params: z.object({ id: uuid, fileId: uuid }),
        querystring: z.object({ download: z.enum(['1']).optional() }),
      },
    },
    async (req, reply) => {
      const f = await docFile(deps, requirePrincipal(req), req.params.id, req.params.fileId);
      reply.header('content-type', f.mime);
      reply.header(
        'content-disposition',
        `${req.query.download ? 'attachment' : 'inline'}; filename*=UTF-8''${encodeURIComponent(f.name)}`,
      );
      reply.header('x-content-type-options', 'nosniff');
      return reply.send(deps.blobs.open(f.sha256));
    },
  );

  app.get('/api/outgoing-delegations', { schema: { tags, summary: 'Ủy quyền ký' } }, async (req) =>
    listDelegations(deps, requirePrincipal(req)),
  );
  app.post(
    '/api/outgoing-delegations',
    {
      schema: {
        tags,
        summary: 'Tạo ủy quyền ký (TUQ., KT., TL., Q.)',
        body: z.object({
          fromUserId: uuid.optional(),
          toUserId: uuid,
          rank: z.enum(['TUQ', 'KT', 'TL', 'Q']),
          startsOn: localDate,
          endsOn: localDate,
          note: z.string().max(500).nullish(),
        }),
      },
    },
    async (req) => {
      const { p, actor } = ctx(req);
      return { id: await createDelegation(deps, p, actor, req.body) };
    },
  );
  app.delete(
    '/api/outgoing-delegations/:id',
    { schema: { tags, summary: 'Thu hồi ủy quyền', params: IdParams } },
    async (req, reply) => {
      const { p, actor } = ctx(req);
      await revokeDelegation(deps, p, actor, req.params.id);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/outgoing-registers/:id/numbers',
    {
      schema: {
        tags,
        summary: 'Cấp một số từ sổ văn bản đi (văn thư)',
        params: IdParams,
        body: z.object({ notation: z.string().min(1).max(30) }),
      },
    },
    async (req) => {
      const { p, actor } = ctx(req);
      await ensureOutgoingRegisters(deps, p.organId);
      return reserveNumber(deps, p, actor, req.params.id, req.body);
    },
  );
  app.get(
    '/api/outgoing-registers/:id/numbers',
    {
      schema: {
        tags,
        summary: 'Các số đã cấp của sổ trong năm',
        params: IdParams,
        querystring: z.object({ year: z.coerce.number().int().min(1000).max(9999) }),
      },
    },
    async (req) => {
      const p = requirePrincipal(req);
      if (!p.roles.has('clerk') && !p.roles.has('admin'))
        throw new AppError('auth.forbidden', 403, 'Chỉ văn thư xem được sổ cấp số.');
      // A register of another organ, or a confidential one without the clearance, is one that does not exist.
      const reg = await deps.db
        .selectFrom('registers')
        .select('confidential')
        .where('id', '=', req.params.id)
        .where('organ_id', '=', p.organId)
        .executeTakeFirst();
      if (!reg || (reg.confidential && !isClearedFor(p.clearance, 'mat')))
        throw new AppError('outgoing.register_not_found', 404, 'Không tìm thấy sổ văn bản.');
      return listNumbers(deps.db, p.organId, req.params.id, req.query.year);
    },
  );
  await outgoingReportRoutes(app, deps);
};
