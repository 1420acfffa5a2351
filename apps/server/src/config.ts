import path from 'node:path';
import { isIP } from 'node:net';
import { z } from 'zod';

/** Every setting comes from the environment through this one validated module; defaults run the embedded demo. */
const bool = z
  .string()
  .optional()
  .transform((v) => (v === undefined ? undefined : ['1', 'true', 'yes', 'on'].includes(v.toLowerCase())));

const validProxyAddress = (a: string) => {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(a)) return true;
  const [ip, bits, extra] = a.split('/');
  const v = isIP(ip ?? '');
  if (!v || extra !== undefined) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (v === 4 ? 32 : 128));
};

const schema = z.object({
  DATABASE_URL: z
    .string()
    .url()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // Demo mode (public demo passwords) listens on loopback only unless HOST is set; an installation on every interface.
  HOST: z.string().min(1).optional(),
  // Reverse proxies whose X-Forwarded-* headers are believed: comma-separated addresses or CIDRs (default none).
  TRUST_PROXY: z
    .string()
    .optional()
    .refine(
      (v) =>
        !v ||
        v
          .split(',')
          .map((a) => a.trim())
          .filter(Boolean)
          .every(validProxyAddress),
      'mỗi mục phải là địa chỉ IP, CIDR (10.0.0.0/8) hoặc loopback/linklocal/uniquelocal',
    ),
  VANTHU_DATA_DIR: z.string().default('./data'),
  VANTHU_DEMO: bool,
  VANTHU_DEMO_OFFICE: bool,
  VANTHU_ROLES: z.string().default('web,worker,cron'),
  VANTHU_PUBLIC_URL: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(512 * 1024 * 1024),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  SESSION_IDLE_MINUTES: z.coerce.number().positive().default(120),
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().positive().default(15),
  COOKIE_SECURE: bool,
  WEB_DIST: z.string().optional(),
  // --- signing (modules/signing) ---
  VANTHU_TRUST_DIR: z.string().optional(),
  VANTHU_KEY_SECRET: z.string().min(16).optional(),
  VANTHU_REVOCATION_POLICY: z.enum(['strict', 'lenient']).optional(),
  VANTHU_PKCS11_MODULE: z.string().optional(),
  VANTHU_PKCS11_TOKEN: z.string().optional(),
  VANTHU_PKCS11_PIN: z.string().optional(),
  VANTHU_PKCS11_KEY_LABEL: z.string().optional(),
  VANTHU_PKCS11_CERT: z.string().optional(),
  VANTHU_VERIFY_MAX_MB: z.coerce.number().positive().default(100),
  VANTHU_TSA_URL: z
    .string()
    .regex(/^https?:\/\//, 'URL http(s) của máy chủ dấu thời gian RFC 3161')
    .optional(),
  // --- end signing ---
  // --- exchange: the hub administration screen talks to the hub as this admin system (apps/hub /admin/systems) ---
  HUB_ADMIN_URL: z
    .string()
    .regex(/^https?:\/\//, 'URL http(s) của trục liên thông')
    .optional(),
  HUB_ADMIN_SYSTEM_ID: z.string().min(1).max(100).optional(),
  HUB_ADMIN_SECRET: z.string().min(16).optional(),
  // --- preservation (modules/preservation, issue 16) ---
  VANTHU_BLOB_MIRROR: z.string().min(1).optional(),
  VANTHU_BACKUP_TARGETS: z.string().optional(),
  VANTHU_FIXITY_DAYS: z.coerce
    .number()
    .positive()
    .max(3 * 366)
    .default(90),
  VANTHU_BACKUP_KEEP: z.coerce.number().int().min(1).default(12),
  /** The văn thư's mailbox: an SMTP listener (the agency's mail server relays the mailbox to it); off when unset. */
  MAILIN_SMTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  MAILIN_SMTP_HOST: z.string().default('127.0.0.1'),
});

export type Config = {
  databaseUrl: string | undefined;
  port: number;
  host: string;
  /** Addresses/CIDRs of trusted reverse proxies (X-Forwarded-For is ignored from anyone else); empty = none. */
  trustProxy: string[];
  dataDir: string;
  demo: boolean;
  /** Demo mode also seeds a working office (a few hundred documents); default only for the embedded database. */
  demoOffice: boolean;
  roles: Set<'web' | 'worker' | 'cron'>;
  publicUrl: string | undefined;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  uploadMaxBytes: number;
  sessionTtlMs: number;
  sessionIdleMs: number;
  loginMaxFailures: number;
  loginLockMs: number;
  cookieSecure: boolean;
  webDist: string;
  signing: SigningConfig;
  /** The hub administration screen's credentials: an admin system of the hub (demo: the in-process hub's own). */
  hubAdmin: { endpoint: string; systemId: string; secret: string } | null;
  preservation: PreservationConfig;
  /** modules/exchange mail-in: where the mailbox's SMTP listener listens (null: no listener). */
  mailIn: { host: string; port: number } | null;
};

/** modules/preservation: the blob mirror, backup targets, the fixity period, backup retention. */
export interface PreservationConfig {
  /** A second directory every blob is written to before the upload is acknowledged. */
  blobMirror: string | undefined;
  /** Backup targets (independent media), from VANTHU_BACKUP_TARGETS (comma-separated). */
  backupTargets: string[];
  /** Every blob is re-hashed within this many days (default 90; the rules ask at least every 3 years). */
  fixityDays: number;
  /** Full backups kept per target (with their incrementals). */
  keepFull: number;
}

/** modules/signing: trust anchors, server-held key encryption, organ key on PKCS#11. */
export interface SigningConfig {
  trustDir: string | undefined;
  keySecret: string | undefined;
  revocationPolicy: 'strict' | 'lenient';
  /** PDFs above this size are not verified automatically (the verifier holds the file in memory). */
  verifyMaxBytes: number;
  pkcs11: { module: string; token: string; pin: string; keyLabel: string; certFile: string | undefined } | null;
  /** RFC 3161 TSA for signature timestamps (PAdES B-T) when the organ sets none; demo mode has its own TSA in process. */
  tsaUrl: string | undefined;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Cấu hình không hợp lệ (biến môi trường):\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const roles = new Set(
    e.VANTHU_ROLES.split(',')
      .map((r) => r.trim())
      .filter((r): r is 'web' | 'worker' | 'cron' => r === 'web' || r === 'worker' || r === 'cron'),
  );
  const repoRoot = path.resolve(import.meta.dirname, '../../..');
  return {
    databaseUrl: e.DATABASE_URL,
    port: e.PORT,
    host: e.HOST ?? ((e.VANTHU_DEMO ?? !e.DATABASE_URL) ? '127.0.0.1' : '0.0.0.0'),
    trustProxy: (e.TRUST_PROXY ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean),
    dataDir: path.resolve(e.VANTHU_DATA_DIR),
    // Demo mode (seeded organs and demo passwords) is the default only for the embedded database.
    demo: e.VANTHU_DEMO ?? !e.DATABASE_URL,
    demoOffice: (e.VANTHU_DEMO ?? !e.DATABASE_URL) && (e.VANTHU_DEMO_OFFICE ?? !e.DATABASE_URL),
    roles,
    publicUrl: e.VANTHU_PUBLIC_URL,
    logLevel: e.LOG_LEVEL,
    uploadMaxBytes: e.UPLOAD_MAX_BYTES,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginLockMs: e.LOGIN_LOCK_MINUTES * 60_000,
    cookieSecure: e.COOKIE_SECURE ?? false,
    webDist: e.WEB_DIST ?? path.join(repoRoot, 'apps/web/dist'),
    signing: {
      trustDir: e.VANTHU_TRUST_DIR ? path.resolve(e.VANTHU_TRUST_DIR) : undefined,
      keySecret: e.VANTHU_KEY_SECRET,
      verifyMaxBytes: e.VANTHU_VERIFY_MAX_MB * 1024 * 1024,
      tsaUrl: e.VANTHU_TSA_URL,
      // The demo CA has no OCSP responder: demo installations report "unknown" revocation without downgrading the verdict.
      revocationPolicy: e.VANTHU_REVOCATION_POLICY ?? ((e.VANTHU_DEMO ?? !e.DATABASE_URL) ? 'lenient' : 'strict'),
      pkcs11:
        e.VANTHU_PKCS11_MODULE && e.VANTHU_PKCS11_PIN && (e.VANTHU_PKCS11_KEY_LABEL || e.VANTHU_PKCS11_TOKEN)
          ? {
              module: e.VANTHU_PKCS11_MODULE,
              token: e.VANTHU_PKCS11_TOKEN ?? '',
              pin: e.VANTHU_PKCS11_PIN,
              keyLabel: e.VANTHU_PKCS11_KEY_LABEL ?? '',
              certFile: e.VANTHU_PKCS11_CERT,
            }
          : null,
    },
    preservation: {
      blobMirror: e.VANTHU_BLOB_MIRROR ? path.resolve(e.VANTHU_BLOB_MIRROR) : undefined,
      backupTargets: (e.VANTHU_BACKUP_TARGETS ?? '')
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean)
        .map((t) => path.resolve(t)),
      fixityDays: e.VANTHU_FIXITY_DAYS,
      keepFull: e.VANTHU_BACKUP_KEEP,
    },
    mailIn: e.MAILIN_SMTP_PORT !== undefined ? { host: e.MAILIN_SMTP_HOST, port: e.MAILIN_SMTP_PORT } : null,
    hubAdmin:
      e.HUB_ADMIN_URL && e.HUB_ADMIN_SYSTEM_ID && e.HUB_ADMIN_SECRET
        ? { endpoint: e.HUB_ADMIN_URL, systemId: e.HUB_ADMIN_SYSTEM_ID, secret: e.HUB_ADMIN_SECRET }
        : null,
  };
}
