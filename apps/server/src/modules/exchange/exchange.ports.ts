/**
 * Adapters to the modules the exchange builds on (incoming, outgoing, pades), through their public entries
 * (static imports: exchange → incoming, outgoing, blobs; none of them imports the exchange). Tests may replace
 * the incoming and outgoing adapters (setPortsForTest) to run the exchange on its own fallbacks.
 */
import type { Deps } from '../../deps';
import type { Actor } from '../audit';
import { verifyPdfIsolated, type PutResult } from '../blobs';
import { onIncomingStatus, registerElectronic, withdrawElectronic } from '../incoming';
import { setRecipientStatus } from '../outgoing';

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
  source: {
    kind: 'edxml';
    senderOrganId: string;
    senderOrganName?: string;
    documentId: string;
    packageId: string;
    signature?: unknown;
  };
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
  withdraw:
    ((deps: Deps, organId: string, incomingId: string, reason: string, actor: Actor) => Promise<unknown>) | null;
  onIncomingStatus: ((listener: (e: IncomingStatusEvent) => Promise<void>) => unknown) | null;
}

export interface OutgoingPort {
  setRecipientStatus:
    | ((
        deps: Deps,
        input: {
          organId: string;
          outgoingId: string;
          recipientOrganCode: string;
          status: string;
          note?: string | null;
        },
      ) => Promise<unknown>)
    | null;
}

let incoming: Promise<IncomingPort | null> | null = null;
let outgoing: Promise<OutgoingPort | null> | null = null;

/** The incoming module's service, or null while it does not offer registerElectronic. */
export function incomingPort(): Promise<IncomingPort | null> {
  // ElectronicInput is the exchange's view of the incoming module's electronic input (same fields, looser types).
  incoming ??= Promise.resolve({
    registerElectronic: registerElectronic as unknown as IncomingPort['registerElectronic'],
    withdraw: withdrawElectronic,
    onIncomingStatus,
  });
  return incoming;
}

export function outgoingPort(): Promise<OutgoingPort | null> {
  outgoing ??= Promise.resolve({
    setRecipientStatus: setRecipientStatus as unknown as NonNullable<OutgoingPort['setRecipientStatus']>,
  });
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
  signatures: {
    signerName: string | null;
    verdict: string;
    integrity: { ok: boolean };
    chain: { trusted: boolean };
    reasons: { message: string }[];
  }[];
}
type VerifyFn = (
  pdf: Uint8Array,
  o: { trustAnchors: Uint8Array[]; revocationPolicy: 'lenient'; fetchRevocation: boolean },
) => Promise<PadesReport>;

/**
 * Verifies the attached PDF's signature with @vanthu/pades (integrity, changes after signing, chain). No trust
 * store is configured yet, so a chain that is not anchored comes out "indeterminate": recorded and shown; the văn thư decides.
 */
export async function verifyAttachedPdf(pdf: Buffer | null): Promise<SignatureReport> {
  if (!pdf) return { status: 'no_pdf' };
  // In the verifier process, under the inflate limits (blobs.verifier): an attachment may be a decompression bomb.
  const verify: VerifyFn = verifyPdfIsolated;
  try {
    const r = await verify(new Uint8Array(pdf), {
      trustAnchors: [],
      revocationPolicy: 'lenient',
      fetchRevocation: false,
    });
    const signatures = r.signatures.map((x) => ({
      signer: x.signerName,
      verdict: x.verdict,
      integrity: x.integrity.ok,
      trusted: x.chain.trusted,
      reasons: x.reasons.map((y) => y.message).slice(0, 10),
    }));
    const status =
      signatures.length === 0
        ? 'unsigned'
        : r.valid
          ? 'valid'
          : signatures.some((x) => x.verdict === 'invalid')
            ? 'invalid'
            : 'indeterminate';
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
