import { z } from 'zod';
import type { RouteModule } from '../../http/app';
import { actorOf, requirePrincipal } from '../../http/context';
import {
  AddMemberBody,
  Added,
  CreateFileBody,
  Created,
  FileDetail,
  FileList,
  IdParams,
  ListQuery,
  PickItem,
  UpdateFileBody,
  uuid,
} from './workfiles.schemas';
import { exportPdf, exportXml } from './workfiles.export';
import {
  addMember,
  closeFile,
  createFile,
  filesOfDocument,
  getFile,
  listFiles,
  reopenFile,
  removeMember,
  searchFilesToAdd,
  setGrant,
  updateFile,
} from './workfiles.service';

const tags = ['hồ sơ công việc'];

export const workfileFileRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/workfiles',
    {
      schema: {
        tags,
        summary: 'Danh sách hồ sơ: của tôi (kèm số đếm), của đơn vị, của cơ quan (văn thư)',
        querystring: ListQuery,
        response: { 200: FileList },
      },
    },
    async (req) => {
      return listFiles(deps, requirePrincipal(req), req.query);
    },
  );
  app.post(
    '/api/workfiles',
    {
      schema: {
        tags,
        summary: 'Lập hồ sơ từ danh mục hồ sơ hoặc ngoài danh mục',
        body: CreateFileBody,
        response: { 200: Created },
      },
    },
    async (req) => {
      return createFile(deps, requirePrincipal(req), actorOf(req), req.body);
    },
  );
  app.get(
    '/api/workfiles/pick',
    {
      schema: {
        tags,
        summary: '"Đưa vào hồ sơ": tìm hồ sơ đang mở của tôi theo mã hoặc tiêu đề (gõ không dấu được)',
        querystring: z.object({ q: z.string().max(200).optional() }),
        response: { 200: z.array(PickItem) },
      },
    },
    async (req) => {
      return searchFilesToAdd(deps, requirePrincipal(req), req.query.q);
    },
  );
  app.get(
    '/api/workfiles/of-document',
    {
      schema: {
        tags,
        summary: 'Các hồ sơ chứa một văn bản',
        querystring: z.object({ kind: z.enum(['incoming', 'outgoing', 'upload']), refId: uuid }),
        response: {
          200: z.array(z.object({ id: z.string(), code: z.string(), title: z.string(), ordinal: z.number() })),
        },
      },
    },
    async (req) => {
      return filesOfDocument(deps, requirePrincipal(req), req.query.kind, req.query.refId);
    },
  );
  app.get(
    '/api/workfiles/:id',
    {
      schema: {
        tags,
        summary: 'Trang hồ sơ: thông tin, văn bản theo thứ tự ngày, quyền truy cập, lịch sử',
        params: IdParams,
        response: { 200: FileDetail },
      },
    },
    async (req) => {
      return getFile(deps, requirePrincipal(req), req.params.id);
    },
  );
  app.patch(
    '/api/workfiles/:id',
    {
      schema: {
        tags,
        summary: 'Sửa thông tin hồ sơ (các trường TT 05/2025, trường bổ sung)',
        params: IdParams,
        body: UpdateFileBody,
        response: { 200: FileDetail },
      },
    },
    async (req) => {
      return updateFile(deps, requirePrincipal(req), actorOf(req), req.params.id, req.body);
    },
  );
  app.post(
    '/api/workfiles/:id/members',
    {
      schema: {
        tags,
        summary: 'Đưa văn bản vào hồ sơ (tham chiếu, không sao chép; số thứ tự kế tiếp)',
        params: IdParams,
        body: AddMemberBody,
        response: { 200: Added },
      },
    },
    async (req) => {
      return addMember(deps, requirePrincipal(req), actorOf(req), req.params.id, req.body);
    },
  );
  app.delete(
    '/api/workfiles/:id/members/:memberId',
    { schema: { tags, summary: 'Loại văn bản khỏi hồ sơ', params: IdParams.extend({ memberId: uuid }) } },
    async (req, reply) => {
      await removeMember(deps, requirePrincipal(req), actorOf(req), req.params.id, req.params.memberId);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/workfiles/:id/close',
    {
      schema: {
        tags,
        summary: 'Đóng hồ sơ (kiểm tra theo quy định; từ chối kèm từng lý do)',
        params: IdParams,
        response: { 200: FileDetail },
      },
    },
    async (req) => {
      return closeFile(deps, requirePrincipal(req), actorOf(req), req.params.id);
    },
  );
  app.post(
    '/api/workfiles/:id/reopen',
    {
      schema: {
        tags,
        summary: 'Mở lại hồ sơ đã đóng (bắt buộc lý do, ghi nhật ký)',
        params: IdParams,
        body: z.object({ reason: z.string().trim().min(1).max(2000) }),
        response: { 200: FileDetail },
      },
    },
    async (req) => {
      return reopenFile(deps, requirePrincipal(req), actorOf(req), req.params.id, req.body.reason);
    },
  );
  app.put(
    '/api/workfiles/:id/grants/:userId',
    {
      schema: {
        tags,
        summary: 'Cấp, đổi hoặc thu hồi quyền của một người với hồ sơ',
        params: IdParams.extend({ userId: uuid }),
        body: z.object({ access: z.enum(['read', 'edit', 'none']) }),
        response: { 200: FileDetail },
      },
    },
    async (req) => {
      return setGrant(deps, requirePrincipal(req), actorOf(req), req.params.id, req.params.userId, req.body.access);
    },
  );
  app.get(
    '/api/workfiles/:id/export.pdf',
    {
      schema: {
        tags,
        summary:
          'Xuất toàn bộ hồ sơ ra một tệp PDF: trang bìa, văn bản theo thứ tự thời gian có dấu trang, bản gốc ký số đính kèm nguyên vẹn',
        params: IdParams,
      },
    },
    async (req, reply) => {
      const x = await exportPdf(deps, requirePrincipal(req), req.params.id);
      reply.header('content-type', 'application/pdf');
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(x.name)}`);
      return reply.send(Buffer.from(x.bytes.buffer, x.bytes.byteOffset, x.bytes.byteLength));
    },
  );
  app.get(
    '/api/workfiles/:id/export.xml',
    {
      schema: {
        tags,
        summary: 'Xuất thông tin hồ sơ và văn bản theo TT 05/2025/TT-BNV (XML, lược đồ tt05-hoso.xsd)',
        params: IdParams,
      },
    },
    async (req, reply) => {
      const x = await exportXml(deps, requirePrincipal(req), req.params.id);
      reply.header('content-type', 'application/xml; charset=utf-8');
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(x.name)}`);
      return reply.send(x.stream);
    },
  );
};
