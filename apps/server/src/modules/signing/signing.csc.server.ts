/**
 * A remote signing service of our own speaking the Cloud Signature Consortium API v2 (the subset a signer needs):
 * info, auth/login (HTTP Basic, client credentials), credentials/list, credentials/info, credentials/sendOTP,
 * credentials/authorize (explicit authorisation with an online OTP → SAD bound to the hashes), signatures/signHash
 * (RSA PKCS#1 v1.5 over a SHA-256 hash). Keys are held by the service (one per user, issued by the demo CA).
 * Mounted under /csc/v2 in demo mode: tests and `npm start` sign through it over HTTP. The OTP is delivered as an
 * in-app notification to the user (the demo's "SMS"); nothing about it is a real provider.
 */
import { createHash, constants, privateEncrypt, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps';
import { notify } from '../notify';
import { personDn } from './signing.certs';
import { demoCa, demoCscIdentity } from './signing.keys';

/** Client credentials of the demo service (demo mode only; documented in the README). */
export const DEMO_CSC_CLIENT = { id: 'vanthu-demo', secret: 'vanthu-demo-secret' } as const;

const SHA256 = '2.16.840.1.101.3.4.2.1';
const SHA256_RSA = '1.2.840.113549.1.1.11';
const RSA = '1.2.840.113549.1.1.1';
const DIGEST_INFO_SHA256 = Buffer.from('3031300d060960864801650304020105000420', 'hex');
const OTP_TTL_MS = 5 * 60_000;
const SAD_TTL_MS = 5 * 60_000;
const TOKEN_TTL_S = 3600;
const MAX_OTP_TRIES = 3;

interface State {
  tokens: Map<string, number>; // access token → expiry (ms)
  otps: Map<string, { otp: string; expires: number; tries: number }>; // credentialID → pending OTP
  sads: Map<string, { credentialID: string; hashes: string[]; expires: number; left: number }>;
}

const states = new WeakMap<Deps, State>();
function stateOf(deps: Deps): State {
  let s = states.get(deps);
  if (!s) states.set(deps, (s = { tokens: new Map(), otps: new Map(), sads: new Map() }));
  return s;
}

/** The pending OTP of a credential (demo mode: the dialog may show it; tests read it). */
export function peekDemoOtp(deps: Deps, credentialID: string): string | null {
  const o = stateOf(deps).otps.get(credentialID);
  return o && o.expires > Date.now() ? o.otp : null;
}

const credentialOf = (userId: string) => `vanthu-${userId}`;
const userOf = (credentialID: string) => /^vanthu-([0-9a-f-]{36})$/.exec(credentialID)?.[1] ?? null;

class CscError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    description: string,
  ) {
    super(description);
  }
}

function bearer(deps: Deps, req: FastifyRequest): void {
  const h = String(req.headers.authorization ?? '');
  const t = h.startsWith('Bearer ') ? h.slice(7) : '';
  const exp = stateOf(deps).tokens.get(t);
  if (!exp || exp < Date.now()) throw new CscError(401, 'invalid_token', 'The access token is not valid.');
}

async function userRow(deps: Deps, credentialID: string) {
  const userId = userOf(credentialID);
  const u = userId
    ? await deps.db
        .selectFrom('users')
        .innerJoin('organs', 'organs.id', 'users.organ_id')
        .select(['users.id', 'users.full_name', 'users.organ_id', 'organs.name as organ_name'])
        .where('users.id', '=', userId)
        .where('users.active', '=', true)
        .executeTakeFirst()
    : undefined;
  if (!u) throw new CscError(400, 'invalid_request', 'Invalid parameter credentialID');
  return u;
}

const str = (body: unknown, key: string): string => {
  const v = (body as Record<string, unknown> | null)?.[key];
  if (typeof v !== 'string' || !v || v.length > 200)
    throw new CscError(400, 'invalid_request', `Missing (or invalid type) string parameter ${key}`);
  return v;
};
const hashesOf = (body: unknown): string[] => {
  const v = (body as Record<string, unknown> | null)?.hashes;
  if (
    !Array.isArray(v) ||
    v.length === 0 ||
    v.length > 10 ||
    !v.every((h) => typeof h === 'string' && Buffer.from(h, 'base64').length === 32)
  ) {
    throw new CscError(400, 'invalid_request', 'Missing (or invalid type) array parameter hashes (SHA-256, base64)');
  }
  return v as string[];
};

function eq(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Registers the service under /csc/v2 (demo mode). */
export function cscTestServer(app: FastifyInstance, deps: Deps, prefix = '/csc/v2'): void {
  const route = (path: string, handler: (req: FastifyRequest) => Promise<unknown>, status = 200) => {
    app.post(`${prefix}/${path}`, { schema: { hide: true } }, async (req: FastifyRequest, reply: FastifyReply) => {
      try {
        const out = await handler(req);
        if (status === 204) return reply.status(204).send();
        return reply.status(200).send(out);
      } catch (e) {
        if (e instanceof CscError) return reply.status(e.status).send({ error: e.error, error_description: e.message });
        throw e;
      }
    });
  };

  route('info', async () => ({
    specs: '2.0.0.0',
    name: 'vanthu demo CSC',
    logo: '',
    region: 'VN',
    lang: 'vi',
    description: 'Dịch vụ ký số từ xa trình diễn của vanthu (không phải dịch vụ thật).',
    authType: ['basic'],
    methods: [
      'auth/login',
      'credentials/list',
      'credentials/info',
      'credentials/sendOTP',
      'credentials/authorize',
      'signatures/signHash',
    ],
  }));

  route('auth/login', async (req) => {
    const h = String(req.headers.authorization ?? '');
    const [id, secret] = h.startsWith('Basic ') ? Buffer.from(h.slice(6), 'base64').toString('utf8').split(':') : [];
    if (!id || !secret || !eq(id, DEMO_CSC_CLIENT.id) || !eq(secret, DEMO_CSC_CLIENT.secret))
      throw new CscError(401, 'invalid_client', 'Client authentication failed.');
    const token = randomBytes(24).toString('base64url');
    stateOf(deps).tokens.set(token, Date.now() + TOKEN_TTL_S * 1000);
    return { access_token: token, expires_in: TOKEN_TTL_S };
  });

  route('credentials/list', async (req) => {
    bearer(deps, req);
    const userID = str(req.body, 'userID');
    const u = /^[0-9a-f-]{36}$/.test(userID)
      ? await deps.db
          .selectFrom('users')
          .select('id')
          .where('id', '=', userID)
          .where('active', '=', true)
          .executeTakeFirst()
      : undefined;
    return { credentialIDs: u ? [credentialOf(u.id)] : [] };
  });

  route('credentials/info', async (req) => {
    bearer(deps, req);
    const credentialID = str(req.body, 'credentialID');
    const u = await userRow(deps, credentialID);
    const [id, ca] = await Promise.all([
      demoCscIdentity(deps, u.id, personDn(u.full_name, u.organ_name)),
      demoCa(deps),
    ]);
    const want = (req.body as { certificates?: string }).certificates ?? 'single';
    const certificates = want === 'none' ? [] : want === 'chain' ? [id.certificate, ca.certificate] : [id.certificate];
    return {
      description: `Khoá ký số từ xa của ${u.full_name}`,
      key: { status: 'enabled', algo: [RSA, SHA256_RSA], len: 2048 },
      cert: { status: 'valid', certificates: certificates.map((c) => Buffer.from(c).toString('base64')) },
      authMode: 'explicit',
      SCAL: '2',
      multisign: 1,
      lang: 'vi',
      OTP: {
        presence: 'true',
        type: 'online',
        format: 'N',
        label: 'Mã OTP',
        description: 'Mã OTP 6 chữ số gửi tới người ký (trình diễn: thông báo trong ứng dụng)',
        ID: 'otp',
        provider: 'vanthu demo',
      },
    };
  });

  route(
    'credentials/sendOTP',
    async (req) => {
      bearer(deps, req);
      const credentialID = str(req.body, 'credentialID');
      const u = await userRow(deps, credentialID);
      const otp = String(randomInt(0, 1_000_000)).padStart(6, '0');
      stateOf(deps).otps.set(credentialID, { otp, expires: Date.now() + OTP_TTL_MS, tries: 0 });
      await notify(deps.db, {
        organId: u.organ_id,
        userIds: [u.id],
        kind: 'signing.remote_otp',
        title: `Mã OTP ký số từ xa: ${otp}`,
        body: 'Mã có hiệu lực 5 phút, dùng một lần. Không chia sẻ mã này cho người khác.',
      });
      return null;
    },
    204,
  );

  route('credentials/authorize', async (req) => {
    bearer(deps, req);
    const credentialID = str(req.body, 'credentialID');
    await userRow(deps, credentialID);
    const hashes = hashesOf(req.body);
    const alg = (req.body as { hashAlgorithmOID?: string }).hashAlgorithmOID ?? SHA256;
    if (alg !== SHA256) throw new CscError(400, 'invalid_request', 'Unsupported hashAlgorithmOID');
    const numSignatures = Number((req.body as { numSignatures?: unknown }).numSignatures ?? hashes.length);
    if (numSignatures !== hashes.length)
      throw new CscError(400, 'invalid_request', 'numSignatures does not match hashes');
    const otp = str(req.body, 'OTP');
    const s = stateOf(deps);
    const pending = s.otps.get(credentialID);
    if (!pending || pending.expires < Date.now())
      throw new CscError(400, 'invalid_otp', 'The OTP has expired, ask a new one.');
    if (!eq(otp, pending.otp)) {
      pending.tries++;
      if (pending.tries >= MAX_OTP_TRIES) s.otps.delete(credentialID);
      throw new CscError(400, 'invalid_otp', 'The OTP is invalid.');
    }
    s.otps.delete(credentialID); // one use
    const sad = randomBytes(24).toString('base64url');
    s.sads.set(sad, { credentialID, hashes, expires: Date.now() + SAD_TTL_MS, left: numSignatures });
    return { SAD: sad, expiresIn: SAD_TTL_MS / 1000 };
  });

  route('signatures/signHash', async (req) => {
    bearer(deps, req);
    const credentialID = str(req.body, 'credentialID');
    const sadValue = str(req.body, 'SAD');
    const hashes = hashesOf(req.body);
    const signAlgo = (req.body as { signAlgo?: string }).signAlgo ?? SHA256_RSA;
    if (signAlgo !== SHA256_RSA && signAlgo !== RSA) throw new CscError(400, 'invalid_request', 'Unsupported signAlgo');
    const s = stateOf(deps);
    const sad = s.sads.get(sadValue);
    if (!sad || sad.expires < Date.now() || sad.credentialID !== credentialID)
      throw new CscError(400, 'invalid_request', 'Invalid SAD');
    if (!hashes.every((h) => sad.hashes.includes(h)) || hashes.length > sad.left)
      throw new CscError(400, 'invalid_request', 'The hashes were not authorised by this SAD');
    sad.left -= hashes.length;
    if (sad.left <= 0) s.sads.delete(sadValue);
    const u = await userRow(deps, credentialID);
    const id = await demoCscIdentity(deps, u.id, personDn(u.full_name, u.organ_name));
    const signatures = hashes.map((h) =>
      privateEncrypt(
        { key: id.privateKey, padding: constants.RSA_PKCS1_PADDING },
        Buffer.concat([DIGEST_INFO_SHA256, Buffer.from(h, 'base64')]),
      ).toString('base64'),
    );
    return { signatures };
  });
}

export const sha256b64 = (b: Uint8Array) => createHash('sha256').update(b).digest('base64');
