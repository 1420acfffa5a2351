/**
 * Deferred organ seal at issue: the organ's key stays on the văn thư's token (vanthu-signer), as the personal
 * signature does in outgoing.deferred.service.ts.
 * 1. prepareSeal: the file to seal is the document's signed file; the answer says where the seal goes (over the
 *    signer's image, SIGNER_RECT) and the reason. Nothing is stored: the signed file is already final.
 * 2. The browser seals that file through the signing module's sessions (appearance kind 'seal': the server draws
 *    the seal image, the agent signs the signed attributes), which stores the sealed PDF as a new file.
 * 3. completeSeal: that file is accepted only when it is the signed file plus exactly one signature made with the
 *    organ's certificate (checkSealedFile); then the same issuing transaction as the server-key path.
 */
import * as x509 from '@peculiar/x509';
import type { Rect } from '@vanthu/pades';
import type { Deps } from '../../deps';
import { recordAudit, type Actor } from '../audit';
import type { Principal } from '../auth';
import { addLtv, issueDemoOrganP12 } from '../signing';
import { discardStaged } from '../blobs';
import { readFileBytes, recordPdf, stagePdf } from './outgoing.files';
import { err } from './outgoing.model';
import { checkAddedSignature, deferredErrors, nameKey } from './outgoing.deferred.service';
import { issueSealed, loadIssuable, sealReason } from './outgoing.issue.service';
import { SIGNER_RECT } from './outgoing.signing';

export interface PreparedSeal {
  /** The file to seal: the document's signed file (the competent person's signature already in it). */
  signedFileId: string;
  numberNotation: string;
  /** What POST /api/signing/sessions takes as `appearance`: the organ's seal over the left third of the signer's image (last page). */
  appearance: { kind: 'seal'; signerRect: Rect };
  reason: string;
}

export const sealErrors = {
  mismatch: (why: string) =>
    err(
      'sealed_file_mismatch',
      400,
      `Tệp đã đóng dấu không khớp với văn bản đã ký: ${why}. Hãy đóng dấu lại trên bản đã ký của văn bản.`,
    ),
  notMine: () =>
    err(
      'sealed_by_other',
      403,
      'Tệp đã đóng dấu do người khác tạo ra: văn thư phát hành phải tự đóng dấu bằng thiết bị ký của cơ quan.',
    ),
  notOrgan: (why: string) =>
    err(
      'seal_not_organ',
      403,
      `Chữ ký số không phải của cơ quan: ${why}. Hãy dùng thiết bị ký chứa chứng thư số của cơ quan (không dùng chứng thư cá nhân).`,
    ),
};

/** Step 1: what to seal, where and why (the same policy as `issue`: a clerk, the document signed). */
export async function prepareSeal(deps: Deps, p: Principal, id: string): Promise<PreparedSeal> {
  const l = await loadIssuable(deps, p, id);
  return {
    signedFileId: l.signedFileId,
    numberNotation: l.numberNotation,
    appearance: { kind: 'seal', signerRect: SIGNER_RECT },
    reason: sealReason(l.numberNotation),
  };
}

/**
 * Whether a certificate is the organ's own: its subject's common name (CN) is the organ's name; or, for a
 * certificate with no CN, its organisation (O) is. A personal certificate names the person in CN and the
 * organ only in O, so it never passes. Names are compared as people read them (nameKey: NFC, spaces, case).
 */
export function isOrganCertificate(
  der: Uint8Array,
  organName: string,
): { ok: boolean; cn: string | null; o: string | null } {
  const subject = new x509.X509Certificate(new Uint8Array(der)).subjectName;
  const cns = subject.getField('CN');
  const os = subject.getField('O');
  const want = nameKey(organName);
  const ok =
    cns.length > 0 ? cns.length === 1 && nameKey(cns[0]!) === want : os.length === 1 && nameKey(os[0]!) === want;
  return { ok, cn: cns[0] ?? null, o: os[0] ?? null };
}

/**
 * The file the signing session produced, checked against the document's signed file: the shared checks of
 * checkAddedSignature (the caller's own file, the signed file plus exactly one signature that ends the file,
 * integrity, verdict not invalid, chain trusted), then the certificate must be the organ's (isOrganCertificate).
 */
export async function checkSealedFile(
  deps: Deps,
  p: Principal,
  signedFileId: string,
  sealedFileId: string,
): Promise<{ signer: string; verdict: string }> {
  const sig = await checkAddedSignature(deps, p, signedFileId, sealedFileId, {
    mismatch: sealErrors.mismatch,
    invalid: deferredErrors.invalid,
    notMine: sealErrors.notMine,
  });
  const organ = await deps.db.selectFrom('organs').select('name').where('id', '=', p.organId).executeTakeFirstOrThrow();
  if (!sig.signerCertificate) throw deferredErrors.invalid('không đọc được chứng thư số của chữ ký');
  const who = isOrganCertificate(sig.signerCertificate, organ.name);
  if (!who.ok)
    throw sealErrors.notOrgan(
      `chứng thư mang tên "${who.cn ?? who.o ?? 'không rõ'}"${who.o && who.cn ? ` (tổ chức "${who.o}")` : ''}, không phải "${organ.name}"`,
    );
  return { signer: who.cn ?? who.o!, verdict: sig.verdict };
}

/** Step 3: the sealed file is checked, then the document is issued (issueSealed, the same transaction as `issue`). */
export async function completeSeal(
  deps: Deps,
  p: Principal,
  actor: Actor,
  id: string,
  input: { sealedFileId: string },
): Promise<void> {
  const l = await loadIssuable(deps, p, id);
  const checked = await checkSealedFile(deps, p, l.signedFileId, input.sealedFileId);
  // PAdES B-LT: the issued file is the sealed one plus the DSS (validation data of both signatures), derived from it.
  const sealed = await readFileBytes(deps, deps.db, p.organId, input.sealedFileId);
  const ltv = await addLtv(deps, sealed.bytes);
  const put = ltv.pdf === sealed.bytes ? null : await stagePdf(deps, ltv.pdf);
  try {
    await issueSealed(deps, p, actor, id, {
      signedFileId: l.signedFileId,
      method: 'pades-deferred',
      sealedFile: async (trx) => {
        if (!put) return input.sealedFileId;
        const fileId = await recordPdf(trx, p.organId, put, sealed.name, p.userId);
        await trx.updateTable('files').set({ derived_from: input.sealedFileId }).where('id', '=', fileId).execute();
        return fileId;
      },
      audit: {
        signer: checked.signer,
        verdict: checked.verdict,
        sealedBySigner: input.sealedFileId,
        ltvMissing: ltv.missing,
      },
    });
  } catch (e) {
    if (put) await discardStaged(deps, put);
    throw e;
  }
}

/** Demo mode only: a PKCS#12 with a fresh key of the organ (demo CA) for the văn thư's vanthu-signer; the key is not kept. */
export async function demoOrganP12(
  deps: Deps,
  p: Principal,
  actor: Actor,
  password: string,
): Promise<{ p12: string; certificate: string }> {
  if (!p.roles.has('clerk')) throw err('forbidden', 403, 'Chỉ văn thư được nhận tệp khoá của cơ quan.');
  const r = await issueDemoOrganP12(deps, p.organId, password);
  await deps.db.transaction().execute((trx) =>
    recordAudit(trx, actor, {
      action: 'outgoing.demo_organ_p12',
      entityType: 'organ',
      entityId: p.organId,
      summary: 'Cấp tệp PKCS#12 trình diễn của cơ quan (đóng dấu số bằng thiết bị ký)',
    }),
  );
  return { p12: Buffer.from(r.p12).toString('base64'), certificate: Buffer.from(r.certificate).toString('base64') };
}
