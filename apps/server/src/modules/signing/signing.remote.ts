/**
 * Remote signing (ký số từ xa): the signer's key is at the organ's CSC service, authorised each time by the
 * signer's OTP, so a leader signs on a phone without a token. Same deferred session as vanthu-signer
 * (signing.sessions.ts: the server prepares, someone signs the signed attributes, the server completes and
 * verifies) — here the server itself asks the CSC service: start → credentials (certificate) + session + OTP sent;
 * complete → authorize(OTP, hash of the signed attributes) → signHash → completeSession.
 * In demo mode with no settings the demo CSC service of this installation (signing.csc.server.ts) is used.
 */
import { createHash } from 'node:crypto';
import type { Deps } from '../../deps';
import { recordAudit, type Actor } from '../audit';
import { hasRole, type Principal } from '../auth';
import { AppError, forbidden } from '../../http/errors';
import { CscClient, OID_ECDSA_SHA256, OID_SHA256_RSA, cscErrors } from './signing.csc.client';
import { DEMO_CSC_CLIENT, peekDemoOtp } from './signing.csc.server';
import { decryptKey, encryptKey, keyEncryptionKey } from './signing.crypto';
import { organSettings } from './signing.ltv';
import { ownsSession } from './signing.policy';
import { completeSession, createSession, type CreateSessionInput } from './signing.sessions';
import { signingErrors } from './signing.errors';
import { DEMO_CSC_PATH, selfUrl } from './signing.urls';

interface Service {
  client: CscClient;
  demo: boolean;
}

const clients = new Map<string, CscClient>();

/** The organ's CSC service: its settings, or in demo mode (no settings) the demo service of this installation. */
export async function remoteServiceFor(deps: Deps, organId: string): Promise<Service> {
  const s = (await organSettings(deps, organId)).csc;
  let baseUrl: string;
  let id: string;
  let secret: string;
  let demo = false;
  if (s.enabled && s.baseUrl) {
    baseUrl = s.baseUrl;
    id = s.clientId ?? '';
    secret = s.clientSecretEnc ? decryptKey(keyEncryptionKey(deps.config), s.clientSecretEnc).toString('utf8') : '';
  } else if (deps.config.demo && !s.baseUrl) {
    baseUrl = `${selfUrl(deps)}${DEMO_CSC_PATH}`;
    id = DEMO_CSC_CLIENT.id;
    secret = DEMO_CSC_CLIENT.secret;
    demo = true;
  } else {
    throw cscErrors.notConfigured();
  }
  demo = demo || (deps.config.demo && baseUrl === `${selfUrl(deps)}${DEMO_CSC_PATH}`);
  const key = `${baseUrl}\n${id}\n${createHash('sha256').update(secret).digest('hex')}`;
  let client = clients.get(key);
  if (!client) clients.set(key, (client = new CscClient(baseUrl, id, secret)));
  return { client, demo };
}

export type RemoteStartInput = Omit<CreateSessionInput, 'certificate'>;

/** Step 1: the user's credential and certificate, a prepared session over the file, and an OTP sent to the user. */
export async function startRemote(deps: Deps, p: Principal, actor: Actor, input: RemoteStartInput) {
  const svc = await remoteServiceFor(deps, p.organId);
  const ids = await svc.client.listCredentials(p.userId);
  if (!ids.length) throw cscErrors.noCredential();
  const info = await svc.client.credentialInfo(ids[0]!);
  const session = await createSession(deps, p, actor, {
    ...input,
    certificate: Buffer.from(info.certificates[0]!).toString('base64'),
  });
  await deps.db
    .updateTable('signing_sessions')
    .set({ remote_credential_id: info.credentialID })
    .where('id', '=', session.sessionId)
    .execute();
  if (info.otp) await svc.client.sendOtp(info.credentialID);
  return {
    sessionId: session.sessionId,
    fieldName: session.fieldName,
    expiresAt: session.expiresAt,
    otp: info.otp ? { label: info.otp.label, description: info.otp.description } : null,
    /** Demo mode only: the OTP the demo service just sent (also in the user's notifications). */
    demoOtp: svc.demo ? peekDemoOtp(deps, info.credentialID) : null,
  };
}

/** Sends a new OTP for an open remote session. */
export async function resendRemoteOtp(deps: Deps, p: Principal, id: string): Promise<{ demoOtp: string | null }> {
  const s = await deps.db.selectFrom('signing_sessions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!s || !ownsSession(p, s) || !s.remote_credential_id) throw signingErrors.sessionNotFound();
  if (s.state !== 'open') throw signingErrors.sessionClosed();
  const svc = await remoteServiceFor(deps, p.organId);
  await svc.client.sendOtp(s.remote_credential_id);
  return { demoOtp: svc.demo ? peekDemoOtp(deps, s.remote_credential_id) : null };
}

/** Step 2: the OTP authorises exactly the hash of this session's signed attributes; the service signs it; the session completes. */
export async function completeRemote(deps: Deps, p: Principal, actor: Actor, id: string, otp: string) {
  const s = await deps.db.selectFrom('signing_sessions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!s || !ownsSession(p, s) || !s.remote_credential_id) throw signingErrors.sessionNotFound();
  if (s.state !== 'open') throw signingErrors.sessionClosed();
  if (deps.now().getTime() > s.expires_at.getTime()) throw signingErrors.sessionExpired();
  const svc = await remoteServiceFor(deps, p.organId);
  const info = await svc.client.credentialInfo(s.remote_credential_id);
  if (!Buffer.from(info.certificates[0]!).equals(s.certificate)) throw signingErrors.certificateMismatch();
  const hash = createHash('sha256').update(s.to_be_signed).digest('base64');
  let sad: string;
  try {
    sad = await svc.client.authorize(s.remote_credential_id, [hash], otp);
  } catch (e) {
    if ((e as { code?: string }).code === 'signing.remote_otp_invalid') {
      await deps.db.transaction().execute((trx) =>
        recordAudit(trx, actor, {
          action: 'signing.remote.otp_invalid',
          entityType: 'signing_session',
          entityId: id,
          summary: 'Ký số từ xa: mã OTP không đúng',
        }),
      );
    }
    throw e;
  }
  const ec = info.keyAlgorithms.includes(OID_ECDSA_SHA256) && !info.keyAlgorithms.includes(OID_SHA256_RSA);
  const [signature] = await svc.client.signHash(
    s.remote_credential_id,
    sad,
    [hash],
    ec ? OID_ECDSA_SHA256 : OID_SHA256_RSA,
  );
  return completeSession(deps, p, actor, id, {
    signature: Buffer.from(signature!).toString('base64'),
    chain: info.certificates.slice(1).map((c) => Buffer.from(c).toString('base64')),
  });
}

/** Organ settings as the admin sees them (the client secret is never answered). */
export async function readSettings(deps: Deps, p: Principal, organId: string) {
  if (!p.sysadmin && !(hasRole(p, 'admin') && organId === p.organId))
    throw forbidden('Chỉ quản trị cơ quan được xem cấu hình ký số.');
  const s = await organSettings(deps, organId);
  return {
    tsaUrl: s.tsaUrl,
    envTsaUrl: deps.config.signing.tsaUrl ?? null,
    demoTsa: deps.config.demo,
    csc: {
      enabled: s.csc.enabled,
      baseUrl: s.csc.baseUrl,
      clientId: s.csc.clientId,
      hasSecret: !!s.csc.clientSecretEnc,
      demoService: deps.config.demo ? `${selfUrl(deps)}${DEMO_CSC_PATH}` : null,
    },
  };
}

export interface SettingsInput {
  tsaUrl: string | null;
  csc: { enabled: boolean; baseUrl: string | null; clientId: string | null; clientSecret?: string };
}

export async function writeSettings(deps: Deps, p: Principal, actor: Actor, organId: string, input: SettingsInput) {
  if (!p.sysadmin && !(hasRole(p, 'admin') && organId === p.organId))
    throw forbidden('Chỉ quản trị cơ quan được sửa cấu hình ký số.');
  if (input.csc.enabled && !input.csc.baseUrl)
    throw new AppError('signing.settings_invalid', 400, 'Bật ký số từ xa cần địa chỉ dịch vụ CSC.');
  const secretEnc =
    input.csc.clientSecret !== undefined
      ? input.csc.clientSecret
        ? encryptKey(keyEncryptionKey(deps.config), Buffer.from(input.csc.clientSecret, 'utf8'))
        : null
      : undefined;
  await deps.db.transaction().execute(async (trx) => {
    const values = {
      organ_id: organId,
      tsa_url: input.tsaUrl,
      csc_enabled: input.csc.enabled,
      csc_base_url: input.csc.baseUrl,
      csc_client_id: input.csc.clientId,
      ...(secretEnc !== undefined ? { csc_client_secret_enc: secretEnc } : {}),
      updated_at: deps.now(),
      updated_by: p.userId,
    };
    await trx
      .insertInto('signing_organ_settings')
      .values({ csc_client_secret_enc: null, ...values })
      .onConflict((oc) => oc.column('organ_id').doUpdateSet(values))
      .execute();
    await recordAudit(trx, actor, {
      action: 'signing.settings',
      entityType: 'organ',
      entityId: organId,
      summary: 'Sửa cấu hình ký số (TSA, ký số từ xa)',
      after: {
        tsaUrl: input.tsaUrl,
        csc: {
          enabled: input.csc.enabled,
          baseUrl: input.csc.baseUrl,
          clientId: input.csc.clientId,
          secretChanged: secretEnc !== undefined,
        },
      },
    });
  });
  return readSettings(deps, p, organId);
}
