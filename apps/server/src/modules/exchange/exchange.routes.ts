import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RouteModule } from '../../http/app';
import { actorOf, requirePrincipal } from '../../http/context';
import { AppError, forbidden } from '../../http/errors';
import { localDate } from '../../http/schemas';
import { targetOrgan } from '../org';
import { getConnector, publicConnector, saveConnector, testConnector } from './exchange.connector';
import { canExchange, type ExchangeAction } from './exchange.policy';
import { exchangeCounts, listInbox, listOutbox } from './exchange.queries';
import * as ex from './exchange.service';
import { listMailIn } from './exchange.mailin';
import { deleteHubSystem, listHubSystems, saveHubSystem } from './exchange.hubadmin';

const tags = ['liên thông'];
const uuid = z.string().uuid();
const OrganQuery = z.object({ organId: uuid.optional() });
const IdParams = z.object({ id: uuid });
const isoDate = localDate;

const ConnectorBody = z.object({
  kind: z.enum(['internal_hub', 'national_hub']),
  endpoint: z.string().trim().min(1).max(500),
  systemId: z.string().trim().min(1).max(100),
  secret: z.string().min(16).max(500).optional(),
  enabled: z.boolean(),
  pollIntervalMs: z.number().int().min(200).max(3600_000).optional(),
});

const SendBody = z.object({
  outgoingRef: z.string().max(100).nullish(),
  recipients: z
    .array(z.object({ code: z.string().trim().min(1).max(30), name: z.string().max(200).optional() }))
    .min(1)
    .max(200),
  number: z.string().trim().min(1).max(11),
  notation: z.string().trim().min(1).max(30),
  issuedDate: isoDate,
  docTypeCode: z.string().max(50).nullish(),
  typeName: z.string().max(100).nullish(),
  subject: z.string().trim().min(1).max(500),
  summary: z.string().max(500).nullish(),
  place: z.string().max(50).nullish(),
  signer: z
    .object({
      fullName: z.string().max(100).optional(),
      position: z.string().max(100).optional(),
      competence: z.string().max(100).optional(),
    })
    .nullish(),
  urgency: z.string().max(30).nullish(),
  confidentiality: z.enum(['thuong', 'mat', 'toi_mat', 'tuyet_mat']),
  dueDate: isoDate.nullish(),
  pageCount: z.number().int().min(0).max(65535).nullish(),
  toPlaces: z.array(z.string().max(150)).max(100).optional(),
  fileIds: z.array(uuid).min(1).max(50),
});

export const exchangeRoutes: RouteModule = (app, deps) => {
  const ctx = (req: FastifyRequest, action: ExchangeAction) => {
    const p = requirePrincipal(req);
    const organId = targetOrgan(p, (req.query as { organId?: string } | undefined)?.organId);
    if (!canExchange(p, action)) throw forbidden();
    return { p, organId, actor: actorOf(req, organId) };
  };

  app.get(
    '/api/exchange/connector',
    { schema: { tags, summary: 'Cấu hình kết nối trục liên thông của cơ quan', querystring: OrganQuery } },
    async (req) => {
      const { organId } = ctx(req, 'queue.read');
      const c = await getConnector(deps.db, organId);
      return c ? publicConnector(c) : null;
    },
  );
  app.put(
    '/api/exchange/connector',
    {
      schema: {
        tags,
        summary: 'Lưu cấu hình kết nối (khóa bí mật chỉ gửi khi đổi)',
        querystring: OrganQuery,
        body: ConnectorBody,
      },
    },
    async (req) => {
      const { organId, actor } = ctx(req, 'connector.manage');
      return publicConnector(await saveConnector(deps, actor, organId, req.body));
    },
  );
  app.post(
    '/api/exchange/connector/test',
    { schema: { tags, summary: 'Kiểm tra kết nối', querystring: OrganQuery } },
    async (req) => {
      const { organId } = ctx(req, 'connector.manage');
      return testConnector(deps, organId);
    },
  );
  app.post(
    '/api/exchange/poll',
    { schema: { tags, summary: 'Nhận gói tin và gửi hàng đợi ngay', querystring: OrganQuery } },
    async (req) => {
      const { organId } = ctx(req, 'queue.retry');
      const received = await ex.pollOnce(deps, organId);
      const sent = await ex.drainOutbox(deps, organId);
      return { received, sent };
    },
  );

  app.get(
    '/api/exchange/counts',
    { schema: { tags, summary: 'Số gói tin theo trạng thái', querystring: OrganQuery } },
    async (req) => exchangeCounts(deps.db, ctx(req, 'queue.read').organId),
  );
  app.get(
    '/api/exchange/outbox',
    {
      schema: {
        tags,
        summary: 'Hàng đợi gửi (gói văn bản và trạng thái)',
        querystring: OrganQuery.extend({
          state: z.enum(['queued', 'sent', 'failed', 'failing']).optional(),
          messageType: z.enum(['edoc', 'status']).optional(),
          documentId: z.string().max(300).optional(),
          outgoingRef: z.string().max(100).optional(),
        }),
      },
    },
    async (req) => listOutbox(deps.db, ctx(req, 'queue.read').organId, req.query),
  );
  app.post(
    '/api/exchange/outbox/:id/retry',
    { schema: { tags, summary: 'Gửi lại gói tin lỗi', params: IdParams, querystring: OrganQuery } },
    async (req, reply) => {
      const { organId } = ctx(req, 'queue.retry');
      if (!(await ex.retryOutbox(deps.db, organId, req.params.id)))
        throw new AppError('exchange.not_found', 404, 'Không tìm thấy gói tin cần gửi lại.');
      return reply.status(204).send();
    },
  );
  app.get(
    '/api/exchange/mail',
    {
      schema: {
        tags,
        summary: 'Thư điện tử gửi đến hộp thư văn thư: đã nhận (chờ vào sổ) hoặc từ chối, kèm lý do',
        querystring: OrganQuery,
        response: {
          200: z.array(
            z.object({
              id: uuid,
              sender: z.string(),
              subject: z.string(),
              status: z.enum(['accepted', 'refused']),
              reason: z.string().nullable(),
              incomingId: uuid.nullable(),
              attachments: z.array(
                z.object({ name: z.string(), size: z.number(), accepted: z.boolean(), reason: z.string().optional() }),
              ),
              receivedAt: z.string(),
            }),
          ),
        },
      },
    },
    async (req) => listMailIn(deps.db, ctx(req, 'queue.read').organId),
  );
  app.get(
    '/api/exchange/inbox',
    {
      schema: {
        tags,
        summary: 'Gói tin đã nhận',
        querystring: OrganQuery.extend({
          state: z.string().max(20).optional(),
          messageType: z.enum(['edoc', 'status']).optional(),
          documentId: z.string().max(300).optional(),
        }),
      },
    },
    async (req) => listInbox(deps.db, ctx(req, 'queue.read').organId, req.query),
  );
  app.post(
    '/api/exchange/inbox/:id/status',
    {
      schema: {
        tags,
        summary: 'Gửi trạng thái xử lý văn bản nhận qua liên thông (02, 03, 04, 05, 06)',
        params: IdParams,
        querystring: OrganQuery,
        body: z.object({ code: z.enum(['02', '03', '04', '05', '06']), description: z.string().max(500).nullish() }),
      },
    },
    async (req, reply) => {
      const { organId, actor } = ctx(req, 'document.handle');
      await ex.setReceivedStatus(deps, organId, req.params.id, req.body.code, req.body.description ?? null, actor);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/exchange/inbox/:id/retrieval',
    {
      schema: {
        tags,
        summary: 'Trả lời yêu cầu lấy lại văn bản (đồng ý 15 / từ chối 16)',
        params: IdParams,
        querystring: OrganQuery,
        body: z.object({ accept: z.boolean(), note: z.string().max(500).nullish() }),
      },
    },
    async (req, reply) => {
      const { organId, actor } = ctx(req, 'document.handle');
      await ex.decideRetrieval(deps, organId, req.params.id, req.body.accept, req.body.note ?? null, actor);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/exchange/send',
    { schema: { tags, summary: 'Gửi văn bản đã ban hành qua liên thông', querystring: OrganQuery, body: SendBody } },
    async (req) => {
      const { organId, actor } = ctx(req, 'document.send');
      return ex.sendDocument(deps, organId, req.body, actor);
    },
  );
  app.post(
    '/api/exchange/documents/revoke',
    {
      schema: {
        tags,
        summary: 'Thu hồi văn bản đã gửi (BussinessDocType 1)',
        querystring: OrganQuery,
        body: z.object({ documentId: z.string().min(1).max(300), reason: z.string().trim().min(1).max(500) }),
      },
    },
    async (req) => {
      const { organId, actor } = ctx(req, 'document.send');
      return { queued: await ex.revokeDocument(deps, organId, req.body.documentId, req.body.reason, actor) };
    },
  );
  app.post(
    '/api/exchange/documents/update',
    {
      schema: {
        tags,
        summary: 'Gửi cập nhật văn bản đã gửi (BussinessDocType 2)',
        querystring: OrganQuery,
        body: z.object({ documentId: z.string().min(1).max(300), reason: z.string().trim().min(1).max(500) }),
      },
    },
    async (req) => {
      const { organId, actor } = ctx(req, 'document.send');
      return { queued: await ex.sendBusiness(deps, organId, req.body.documentId, 2, req.body.reason, actor) };
    },
  );
  app.post(
    '/api/exchange/documents/retrieve',
    {
      schema: {
        tags,
        summary: 'Yêu cầu lấy lại văn bản (trạng thái 13)',
        querystring: OrganQuery,
        body: z.object({ documentId: z.string().min(1).max(300), reason: z.string().trim().min(1).max(500) }),
      },
    },
    async (req) => {
      const { organId, actor } = ctx(req, 'document.send');
      return { queued: await ex.requestRetrieval(deps, organId, req.body.documentId, req.body.reason, actor) };
    },
  );
  // Hub administration (issue 13): systems registered on the hub, for the system administrator only.
  const sysadmin = (req: FastifyRequest) => {
    const p = requirePrincipal(req);
    if (!p.sysadmin) throw forbidden('Chỉ quản trị hệ thống được quản lý các hệ thống kết nối trục liên thông.');
    return actorOf(req);
  };
  const SystemParams = z.object({
    systemId: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, 'Mã hệ thống gồm chữ, số và . _ : - (tối đa 100 ký tự)'),
  });
  const HubSystem = z.object({
    systemId: z.string(),
    name: z.string(),
    isAdmin: z.boolean(),
    organs: z.array(z.string()),
    createdAt: z.string(),
  });
  const HubSystemBody = z.object({
    name: z.string().trim().max(200).optional(),
    secret: z.string().min(16, 'Khóa bí mật dài ít nhất 16 ký tự').max(256).optional(),
    organs: z
      .array(
        z
          .string()
          .trim()
          .regex(/^[0-9A-Za-z][0-9A-Za-z.]{1,39}$/, 'Mã định danh cơ quan không hợp lệ (ví dụ 000.00.00.G01)'),
      )
      .max(1000),
    isAdmin: z.boolean().optional(),
  });
  app.get(
    '/api/exchange/hub/systems',
    {
      schema: {
        tags,
        summary: 'Các hệ thống đăng ký trên trục liên thông (không kèm khóa bí mật)',
        response: { 200: z.array(HubSystem) },
      },
    },
    async (req) => {
      sysadmin(req);
      return listHubSystems(deps);
    },
  );
  app.put(
    '/api/exchange/hub/systems/:systemId',
    {
      schema: {
        tags,
        summary: 'Đăng ký hoặc sửa hệ thống của một cơ quan trên trục (mã, khóa bí mật, mã định danh cơ quan)',
        params: SystemParams,
        body: HubSystemBody,
        response: { 200: HubSystem },
      },
    },
    async (req) => {
      return saveHubSystem(deps, sysadmin(req), req.params.systemId, req.body);
    },
  );
  app.delete(
    '/api/exchange/hub/systems/:systemId',
    { schema: { tags, summary: 'Xóa hệ thống khỏi trục liên thông', params: SystemParams } },
    async (req, reply) => {
      await deleteHubSystem(deps, sysadmin(req), req.params.systemId);
      return reply.status(204).send();
    },
  );
};
