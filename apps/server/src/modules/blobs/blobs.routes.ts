import { z } from 'zod';
import type { RouteModule } from '../../http/app';
import { actorOf, requirePrincipal } from '../../http/context';
import { AppError } from '../../http/errors';
import { ALL_KINDS } from './blobs.sniff';
import { getFileForUploader, uploadFile } from './blobs.service';

const FileOut = z.object({ id: z.string(), sha256: z.string(), size: z.number(), mime: z.string(), name: z.string() });

export const blobRoutes: RouteModule = (app, deps) => {
  app.post('/api/files', { schema: { tags: ['files'], summary: 'Tải lên một tệp (multipart, trường "file"); kiểu tệp kiểm tra theo nội dung', consumes: ['multipart/form-data'], response: { 200: FileOut } } }, async (req) => {
    const p = requirePrincipal(req);
    if (!req.isMultipart()) throw new AppError('blobs.not_multipart', 400, 'Yêu cầu phải gửi tệp dạng multipart/form-data (trường "file").');
    const part = await req.file();
    if (!part) throw new AppError('blobs.no_file', 400, 'Chưa chọn tệp.');
    return uploadFile(deps, p, actorOf(req), part.file, part.filename, ALL_KINDS);
  });
  app.get('/api/files/:id', { schema: { tags: ['files'], summary: 'Tải về tệp đã tải lên', params: z.object({ id: z.string().uuid() }) } }, async (req, reply) => {
    const f = await getFileForUploader(deps, requirePrincipal(req), req.params.id);
    reply.header('content-type', f.mime);
    reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`);
    reply.header('x-content-type-options', 'nosniff');
    return reply.send(deps.blobs.open(f.sha256));
  });
};
