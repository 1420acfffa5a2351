import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { RouteModule } from '../../http/app';
import { actorOf, requirePrincipal } from '../../http/context';
import { AppError } from '../../http/errors';
import { ALL_KINDS } from './blobs.sniff';
import { getFileForUploader, uploadFile } from './blobs.service';
import { auditContentRead } from './blobs.access';

const FileOut = z.object({ id: z.string(), sha256: z.string(), size: z.number(), mime: z.string(), name: z.string() });

export const blobRoutes: RouteModule = (app, deps) => {
  app.post(
    '/api/files',
    {
      schema: {
        tags: ['files'],
        summary: 'Tải lên một tệp (multipart, trường "file"); kiểu tệp kiểm tra theo nội dung',
        consumes: ['multipart/form-data'],
        response: { 200: FileOut },
      },
    },
    async (req) => {
      const p = requirePrincipal(req);
      if (!req.isMultipart())
        throw new AppError(
          'blobs.not_multipart',
          400,
          'Yêu cầu phải gửi tệp dạng multipart/form-data (trường "file").',
        );
      const part = await req.file();
      if (!part) throw new AppError('blobs.no_file', 400, 'Chưa chọn tệp.');
      return uploadFile(deps, p, actorOf(req), part.file, part.filename, ALL_KINDS);
    },
  );
  app.get(
    '/api/files/:id',
    { schema: { tags: ['files'], summary: 'Tải về tệp đã tải lên', params: z.object({ id: z.string().uuid() }) } },
    async (req, reply) => {
      const f = await getFileForUploader(deps, requirePrincipal(req), req.params.id);
      await auditContentRead(deps, actorOf(req), f, 'GET /api/files/:id');
      setUserFileHeaders(reply, f, 'attachment');
      return reply.send(deps.blobs.open(f.sha256));
    },
  );
};

/**
 * Headers for serving a file a user supplied (uploads, received attachments): its stored type, no sniffing, and
 * `Content-Security-Policy: sandbox` so that active content (JavaScript in a PDF, an HTML or SVG payload) runs in
 * an opaque origin with no access to the app's cookies, storage or API. Only PDFs may be shown inline; every
 * other type is an attachment.
 */
export function setUserFileHeaders(
  reply: FastifyReply,
  f: { name: string; mime: string },
  disposition: 'inline' | 'attachment' = 'attachment',
): void {
  const how = disposition === 'inline' && f.mime === 'application/pdf' ? 'inline' : 'attachment';
  reply.header('content-type', f.mime);
  reply.header('content-disposition', `${how}; filename*=UTF-8''${encodeURIComponent(f.name)}`);
  reply.header('x-content-type-options', 'nosniff');
  reply.header(
    'content-security-policy',
    "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; object-src 'self'; frame-ancestors 'self'",
  );
  reply.header('cross-origin-resource-policy', 'same-origin');
}
