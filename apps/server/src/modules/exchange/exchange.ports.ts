/**
 * Adapters to the modules the exchange builds on (incoming, outgoing, pades). They are bound at run time
 * so the exchange works — with its own fallbacks — before those modules exist, and uses them as soon as
 * they export the functions named below. Every call goes through the other module's service file.
 */
import type { Deps } from '../../deps';
import type { Actor } from '../audit';
import type { PutResult } from '../blobs';

/** Incoming metadata (documents.md §4, the incoming module's IncomingMeta) derived from a received package. */
export interface ElectronicMeta {
  docTypeCode: string;
  number: string;
  notation: string;
  issuedDate: string; // YYYY-MM-DD
  issuingOrganId: null;
  issuingOrganName: string;
  subject: string;
  signerPosition: string | null;
  signerName: string | null;
  urgency: string;
  confidentiality: 'thuong';
  pageCount: number | null;
  recipients: string | null;
  description: string | null;
  deadline: string | null; // YYYY-MM-DD
  documentIdentifier: string | null;
  confirmDuplicate: boolean;
}

export interface ElectronicInput {
  meta: ElectronicMeta;
  files: { put: PutResult; name: string }[];
  source: { kind: 'edxml'; senderOrganId: string; senderOrganName?: string; documentId: string; packageId: string; signature?: unknown };
}

export interface IncomingStatusEvent {
  organId: string;
  documentId: string;
  code: string;
  description?: string | null;
  at?: string;
}

export interface IncomingPort {
  registerElectronic: (deps: Deps, organId: string, input: ElectronicInput, actor: Actor) => Promise<unknown>;
  withdraw: ((deps: Deps, organId: string, incomingId: string, reason: string, actor: Actor) => Promise<unknown>) | null;
  onIncomingStatus: ((listener: (e: IncomingStatusEvent) => Promise<void>) => unknown) | null;
}

export interface OutgoingPort {
  setRecipientStatus: ((deps: Deps, input: { organId: string; outgoingId: string; recipientOrganCode: string; status: string; note?: string | null }) => Promise<unknown>) | null;
}

type Fn = (...args: never[]) => unknown;
const fn = <T>(m: Record<string, unknown> | null, name: string): T | null => (m && typeof m[name] === 'function' ? (m[name] as Fn as T) : null);

async function load(spec: string): Promise<Record<string, unknown> | null> {
  try {
    return (await import(/* @vite-ignore */ spec)) as Record<string, unknown>;
  } catch {
    return null;
  }
}

let incoming: Promise<IncomingPort | null> | null = null;
let outgoing: Promise<OutgoingPort | null> | null = null;
let pades: Promise<unknown> | null = null;

/** The incoming module's service, or null while it does not offer registerElectronic. */
export function incomingPort(): Promise<IncomingPort | null> {
  incoming ??= Promise.all([load('../incoming/incoming.service'), load('../incoming/incoming.events')]).then(([svc, events]) => {
    const m = svc && events ? { ...events, ...svc } : svc;
    const registerElectronic = fn<IncomingPort['registerElectronic']>(m, 'registerElectronic');
    if (!registerElectronic) return null;
    return {
      registerElectronic,
      withdraw: fn(m, 'withdrawElectronic') ?? fn(m, 'withdrawIncoming') ?? fn(m, 'withdraw'),
      onIncomingStatus: fn(m, 'onIncomingStatus'),
    };
  });
  return incoming;
}

export function outgoingPort(): Promise<OutgoingPort | null> {
  outgoing ??= load('../outgoing/outgoing.service').then((m) => (m ? { setRecipientStatus: fn(m, 'setRecipientStatus') } : null));
  return outgoing;
}

export interface SignatureReport {
  /** valid / invalid / indeterminate: pades' verdict; unsigned: a PDF without signature; not_verified: no verifier. */
  status: 'valid' | 'invalid' | 'indeterminate' | 'unsigned' | 'not_verified' | 'no_pdf' | 'error';
  signatures?: { signer: string | null; verdict: string; integrity: boolean; trusted: boolean; reasons: string[] }[];
  problems?: string[];
  detail?: string;
}

interface PadesReport {
  valid: boolean;
  problems: { code: string; message: string }[];
  signatures: { signerName: string | null; verdict: string; integrity: { ok: boolean }; chain: { trusted: boolean }; reasons: { message: string }[] }[];
}
type VerifyFn = (pdf: Uint8Array, o: { trustAnchors: Uint8Array[]; revocationPolicy: 'lenient'; fetchRevocation: boolean }) => Promise<PadesReport>;

/**
 * Verifies the attached PDF's signature with @vanthu/pades (integrity, changes after signing, chain). No trust
 * store is configured yet, so a chain that is not anchored comes out "indeterminate": recorded and shown; the văn thư decides.
 */
export async function verifyAttachedPdf(pdf: Buffer | null): Promise<SignatureReport> {
  if (!pdf) return { status: 'no_pdf' };
  // In the verifier process, under the inflate limits (blobs.verifier): an attachment may be a decompression bomb.
  pades ??= load('../blobs/blobs.verifier').then((m) => fn<VerifyFn>(m, 'verifyPdfIsolated'));
  const verify = (await pades) as VerifyFn | null;
  if (!verify) return { status: 'not_verified', detail: 'Chưa có chức năng kiểm tra chữ ký số.' };
  try {
    const r = await verify(new Uint8Array(pdf), { trustAnchors: [], revocationPolicy: 'lenient', fetchRevocation: false });
    const signatures = r.signatures.map((x) => ({ signer: x.signerName, verdict: x.verdict, integrity: x.integrity.ok, trusted: x.chain.trusted, reasons: x.reasons.map((y) => y.message).slice(0, 10) }));
    const status = signatures.length === 0 ? 'unsigned' : r.valid ? 'valid' : signatures.some((x) => x.verdict === 'invalid') ? 'invalid' : 'indeterminate';
    return { status, signatures, problems: r.problems.map((p) => p.code) };
  } catch (err) {
    return { status: 'error', detail: (err as Error).message };
  }
}

/** Tests replace the adapters. */
export function setPortsForTest(p: { incoming?: IncomingPort | null; outgoing?: OutgoingPort | null }): void {
  if (p.incoming !== undefined) incoming = Promise.resolve(p.incoming);
  if (p.outgoing !== undefined) outgoing = Promise.resolve(p.outgoing);
}
