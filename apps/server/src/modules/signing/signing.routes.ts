import { z } from 'zod';
import type { RouteModule } from '../../http/app';
import { actorOf, requirePrincipal } from '../../http/context';
import { completeSession, createSession } from './signing.sessions';
import { reportForFile, signFileAsOrgan } from './signing.service';
import { issueDemoP12 } from './signing.demo';
import { demoCaCertificate } from './signing.keys';
import { reloadTrustStore } from './signing.trust';
import { forbidden } from '../../http/errors';
import { signingErrors } from './signing.errors';
import { recordAudit } from '../audit';
import type { FastifyInstance } from 'fastify';
import { respondTimestamp } from '@vanthu/pades';
import { cscTestServer } from './signing.csc.server';
import { demoCrl, demoTsa } from './signing.ltv';
import { completeRemote, readSettings, resendRemoteOtp, startRemote, writeSettings } from './signing.remote';
import { DEMO_CRL_PATH, DEMO_TSA_PATH } from './signing.urls';

const tags = ['ký số'];
const Reason = z.object({ code: z.string(), message: z.string() });
const SignatureOut = z.object({
  fieldName: z.string(),
  signerName: z.string().nullable(),
  signingTime: z.string().nullable(),
  verdict: z.enum(['valid', 'invalid', 'indeterminate']),
  verdictLabel: z.string(),
  reasons: z.array(Reason),
  changesAfter: z.array(
    z.object({ kind: z.string(), allowed: z.boolean(), label: z.string(), detail: z.string().nullable() }),
  ),
  chainTrusted: z.boolean(),
  anchor: z.string().nullable(),
  revocation: z.object({ status: z.enum(['good', 'revoked', 'unknown']), label: z.string() }),
  timestamp: z.object({ present: z.boolean(), valid: z.boolean(), trusted: z.boolean(), time: z.string().nullable() }),
  level: z.enum(['B-B', 'B-T', 'B-LT', 'B-LTA']).nullable().describe('mức PAdES đạt được'),
  revocationSource: z.string().nullable().describe('nguồn dữ liệu thu hồi: dss (trong tệp), cms, fetched'),
});
const VisualOut = z.object({
  status: z.enum(['pending', 'same', 'different', 'error', 'skipped']),
  label: z.string(),
  pages: z.array(z.number().int()),
  checkedAt: z.string().nullable(),
});
const ReportOut = z.object({
  verdict: z.enum(['valid', 'invalid', 'indeterminate', 'unsigned']),
  verdictLabel: z.string(),
  problems: z.array(Reason),
  signatures: z.array(SignatureOut),
  verifiedAt: z.string(),
  visual: VisualOut.nullable().optional(),
});
const Rect = z.object({
  x: z.number().min(0).max(20000),
  y: z.number().min(0).max(20000),
  width: z.number().positive().max(2000),
  height: z.number().positive().max(2000),
});
const page = z.number().int().min(0).max(10000).optional();
const Appearance = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('signature'), rect: Rect, page }),
  z.object({ kind: z.literal('seal'), signerRect: Rect, page }),
  z.object({
    kind: z.literal('stamp'),
    firstLine: z.string().min(1).max(200),
    extraLines: z.array(z.string().max(200)).max(5).optional(),
  }),
]);
const b64 = z
  .string()
  .max(4 * 1024 * 1024)
  .regex(/^[A-Za-z0-9+/=\s]+$/, 'base64');
const Signed = z.object({ sha256: z.string(), fileId: z.string(), report: ReportOut });

export const signingRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/signatures/:fileId',
    {
      schema: {
        tags,
        summary: 'Kết quả kiểm tra chữ ký số của một tệp PDF',
        params: z.object({ fileId: z.string().uuid() }),
        response: { 200: ReportOut },
      },
    },
    async (req) => reportForFile(deps, requirePrincipal(req), req.params.fileId),
  );

  app.post(
    '/api/signing/sessions',
    {
      schema: {
        tags,
        summary: 'Bắt đầu ký số trì hoãn: máy chủ chuẩn bị tệp, trả về dữ liệu cần ký (signed attributes)',
        body: z
          .object({
            fileId: z.string().uuid().optional(),
            sha256: z
              .string()
              .regex(/^[0-9a-f]{64}$/)
              .optional(),
            certificate: b64,
            appearance: Appearance.optional(),
            reason: z.string().max(200).optional(),
          })
          .refine((b) => !!b.fileId !== !!b.sha256, 'cần đúng một trong fileId, sha256'),
        response: {
          200: z.object({
            sessionId: z.string(),
            toBeSigned: z.string(),
            digestAlgorithm: z.literal('SHA-256'),
            keyAlgorithm: z.enum(['RSA', 'ECDSA']),
            fieldName: z.string(),
            expiresAt: z.string(),
          }),
        },
      },
    },
    async (req) => createSession(deps, requirePrincipal(req), actorOf(req), req.body),
  );

  app.post(
    '/api/signing/sessions/:id/complete',
    {
      schema: {
        tags,
        summary: 'Hoàn tất ký số trì hoãn: gửi chữ ký (hoặc CMS), máy chủ ghép, kiểm tra và lưu tệp đã ký',
        params: z.object({ id: z.string().uuid() }),
        body: z
          .object({ signature: b64.optional(), cms: b64.optional(), chain: z.array(b64).max(10).optional() })
          .refine((b) => !!b.signature !== !!b.cms, 'cần đúng một trong signature, cms'),
        response: { 200: Signed },
      },
    },
    async (req) => completeSession(deps, requirePrincipal(req), actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/signing/demo/p12',
    {
      schema: {
        tags,
        summary: 'Chế độ trình diễn: cấp tệp PKCS#12 (CA trình diễn) cho người dùng hiện tại để nạp vào vanthu-signer',
        body: z.object({ password: z.string().min(4).max(100) }),
        response: { 200: z.object({ p12: z.string(), certificate: z.string() }) },
      },
    },
    async (req) => {
      const p = requirePrincipal(req);
      if (!deps.config.demo) throw signingErrors.demoOnly();
      const r = await issueDemoP12(deps, p, req.body.password);
      await deps.db.transaction().execute((trx) =>
        recordAudit(trx, actorOf(req), {
          action: 'signing.demo_p12',
          entityType: 'user',
          entityId: p.userId,
          summary: 'Cấp tệp PKCS#12 trình diễn',
        }),
      );
      return { p12: Buffer.from(r.p12).toString('base64'), certificate: Buffer.from(r.certificate).toString('base64') };
    },
  );

  app.post(
    '/api/signing/trust/reload',
    {
      schema: {
        tags,
        summary: 'Quản trị hệ thống: đọc lại thư mục chứng thư tin cậy (VANTHU_TRUST_DIR)',
        response: { 200: z.object({ anchors: z.number(), fingerprint: z.string(), skipped: z.array(z.string()) }) },
      },
    },
    async (req) => {
      const p = requirePrincipal(req);
      if (!p.sysadmin) throw forbidden('Chỉ quản trị hệ thống được nạp lại danh sách chứng thư tin cậy.');
      const t = await reloadTrustStore(deps);
      await deps.db.transaction().execute((trx) =>
        recordAudit(trx, actorOf(req), {
          action: 'signing.trust_reload',
          entityType: 'trust_store',
          entityId: null,
          summary: `Nạp lại ${t.anchors.length} chứng thư tin cậy`,
          after: { fingerprint: t.fingerprint },
        }),
      );
      return {
        anchors: t.anchors.length,
        fingerprint: t.fingerprint,
        skipped: t.skipped.map((f) => f.split('/').pop() ?? f),
      };
    },
  );

  app.get(
    '/api/signing/demo/ca',
    {
      schema: {
        tags,
        summary: 'Chế độ trình diễn: chứng thư CA trình diễn (DER, base64) để tin cậy khi kiểm tra ở nơi khác',
        response: { 200: z.object({ certificate: z.string() }) },
      },
    },
    async (req) => {
      requirePrincipal(req);
      if (!deps.config.demo) throw signingErrors.demoOnly();
      return { certificate: Buffer.from(await demoCaCertificate(deps)).toString('base64') };
    },
  );

  app.post(
    '/api/signing/organ',
    {
      schema: {
        tags,
        summary:
          'Văn thư ký số của cơ quan bằng khoá của cơ quan trên máy chủ (PKCS#11; khoá trình diễn ở chế độ demo)',
        body: z.object({
          fileId: z.string().uuid(),
          reason: z.string().max(200).default('Ký số của cơ quan'),
          seal: z.object({ signerRect: Rect, page }).optional(),
          stamp: z
            .object({
              firstLine: z.string().min(1).max(200),
              extraLines: z.array(z.string().max(200)).max(5).optional(),
            })
            .optional(),
        }),
        response: { 200: Signed },
      },
    },
    async (req) => signFileAsOrgan(deps, requirePrincipal(req), actorOf(req), req.body),
  );

  // --- issue 12: long-term validation (demo CA's CRL, demo TSA), organ settings, remote signing (CSC) ---
  app.get(
    DEMO_CRL_PATH,
    {
      schema: {
        tags,
        summary:
          'Chế độ trình diễn: danh sách chứng thư bị thu hồi (CRL, DER) của CA trình diễn — điểm phân phối ghi trong chứng thư',
      },
    },
    async (_req, reply) => {
      if (!deps.config.demo) throw signingErrors.demoOnly();
      return reply
        .header('content-type', 'application/pkix-crl')
        .header('cache-control', 'no-store')
        .send(Buffer.from(await demoCrl(deps)));
    },
  );

  app.addContentTypeParser(
    'application/timestamp-query',
    { parseAs: 'buffer', bodyLimit: 64 * 1024 },
    (_req, body, done) => done(null, body),
  );
  app.post(
    DEMO_TSA_PATH,
    {
      schema: {
        tags,
        summary:
          'Chế độ trình diễn: máy chủ cấp dấu thời gian RFC 3161 (application/timestamp-query → application/timestamp-reply)',
      },
    },
    async (req, reply) => {
      if (!deps.config.demo) throw signingErrors.demoOnly();
      if (!Buffer.isBuffer(req.body)) throw signingErrors.tsaRequestInvalid();
      return reply
        .header('content-type', 'application/timestamp-reply')
        .send(Buffer.from(respondTimestamp(await demoTsa(deps), new Uint8Array(req.body), deps.now())));
    },
  );

  const Settings = z.object({
    tsaUrl: z.string().nullable(),
    envTsaUrl: z.string().nullable(),
    demoTsa: z.boolean(),
    csc: z.object({
      enabled: z.boolean(),
      baseUrl: z.string().nullable(),
      clientId: z.string().nullable(),
      hasSecret: z.boolean(),
      demoService: z.string().nullable(),
    }),
  });
  const httpUrl = z
    .string()
    .max(500)
    .regex(/^https?:\/\/[^\s]+$/, 'địa chỉ http(s)');
  const organQuery = z.object({ organId: z.string().uuid().optional() });
  app.get(
    '/api/signing/settings',
    {
      schema: {
        tags,
        summary: 'Cấu hình ký số của cơ quan: máy chủ dấu thời gian (TSA), dịch vụ ký số từ xa (CSC)',
        querystring: organQuery,
        response: { 200: Settings },
      },
    },
    async (req) => {
      const p = requirePrincipal(req);
      return readSettings(deps, p, (p.sysadmin && req.query.organId) || p.organId);
    },
  );
  app.put(
    '/api/signing/settings',
    {
      schema: {
        tags,
        summary: 'Sửa cấu hình ký số của cơ quan (TSA; ký số từ xa CSC API v2: địa chỉ, client id, client secret)',
        querystring: organQuery,
        body: z.object({
          tsaUrl: httpUrl.nullable(),
          csc: z.object({
            enabled: z.boolean(),
            baseUrl: httpUrl.nullable(),
            clientId: z.string().max(200).nullable(),
            clientSecret: z.string().max(500).optional(),
          }),
        }),
        response: { 200: Settings },
      },
    },
    async (req) => {
      const p = requirePrincipal(req);
      return writeSettings(deps, p, actorOf(req), (p.sysadmin && req.query.organId) || p.organId, req.body);
    },
  );

  app.post(
    '/api/signing/remote/sessions',
    {
      schema: {
        tags,
        summary: 'Ký số từ xa (CSC): chuẩn bị tệp bằng chứng thư của người ký tại dịch vụ ký từ xa và gửi mã OTP',
        body: z.object({
          fileId: z.string().uuid(),
          appearance: Appearance.optional(),
          reason: z.string().max(200).optional(),
        }),
        response: {
          200: z.object({
            sessionId: z.string(),
            fieldName: z.string(),
            expiresAt: z.string(),
            otp: z.object({ label: z.string(), description: z.string() }).nullable(),
            demoOtp: z.string().nullable(),
          }),
        },
      },
    },
    async (req) => startRemote(deps, requirePrincipal(req), actorOf(req), req.body),
  );

  app.post(
    '/api/signing/remote/sessions/:id/otp',
    {
      schema: {
        tags,
        summary: 'Ký số từ xa: gửi lại mã OTP',
        params: z.object({ id: z.string().uuid() }),
        response: { 200: z.object({ demoOtp: z.string().nullable() }) },
      },
    },
    async (req) => resendRemoteOtp(deps, requirePrincipal(req), req.params.id),
  );

  app.post(
    '/api/signing/remote/sessions/:id/complete',
    {
      schema: {
        tags,
        summary: 'Ký số từ xa: xác nhận bằng mã OTP — dịch vụ ký, máy chủ ghép, kiểm tra và lưu tệp đã ký',
        params: z.object({ id: z.string().uuid() }),
        body: z.object({ otp: z.string().regex(/^[0-9A-Za-z]{4,12}$/, 'mã OTP') }),
        response: { 200: Signed },
      },
    },
    async (req) => completeRemote(deps, requirePrincipal(req), actorOf(req), req.params.id, req.body.otp),
  );

  if (deps.config.demo) cscTestServer(app as unknown as FastifyInstance, deps);
};
