/**
 * The signing port used by the approval route (outgoing): same shape as outgoing.signing.ts's SigningPort.
 * - person: in demo mode a server-held software key per demo user (issued by the demo CA); otherwise
 *   personal keys stay on tokens (deferred flow, signing.sessions.ts) and the step is a recorded approval.
 * - organ: the organ key on PKCS#11 when VANTHU_PKCS11_* is set; in demo mode a software key per organ;
 *   otherwise a recorded approval (the văn thư signs with the deferred flow).
 */
import {
  Pkcs11Signer,
  signPdf,
  type AppearanceOptions,
  type Rect,
  type Signer,
  type StampOptions,
} from '@vanthu/pades';
import type { Deps } from '../../deps';
import { personDn } from './signing.certs';
import { demoSealImage, demoSignatureImage } from './signing.images';
import { softwareSigner } from './signing.keys';
import { readAnchorDir } from './signing.trust';
import { timestamperFor } from './signing.ltv';

export type SignMethod = 'pades' | 'approval';
export interface SignResult {
  pdf: Uint8Array;
  method: SignMethod;
}

export interface PersonAppearance {
  /** Where the signature image goes: between the position title and the printed name (documents.md §7). */
  rect: Rect;
  page?: number; // 0-based, default last page
  image?: Uint8Array; // PNG; default: the demo image of the person
}
export interface SealOptions {
  /** The person's signature rectangle: the seal covers its left third. */
  signerRect: Rect;
  page?: number;
  image?: Uint8Array; // PNG with pHYs for actual size; default: the demo seal
}

export interface PersonSigner {
  userId: string;
  /** The organ whose TSA stamps the signature (PAdES B-T); default: the user's organ. */
  organId?: string;
  fullName: string;
  organName: string;
  reason: string;
  appearance?: PersonAppearance;
}
export interface OrganSignOptions {
  reason: string;
  /** Text stamp top-right of the first page (attachments in separate files, electronic copies). */
  stamp?: { firstLine: string; extraLines?: string[] };
  /** The seal over the person's signature (main document). */
  seal?: SealOptions;
}

export interface SigningPort {
  signAsPerson(pdf: Uint8Array, who: PersonSigner): Promise<SignResult>;
  signAsOrgan(pdf: Uint8Array, organ: { id: string; name: string }, opts: OrganSignOptions): Promise<SignResult>;
}

export function personAppearance(who: { fullName: string }, a: PersonAppearance): AppearanceOptions {
  return {
    kind: 'signature',
    image: a.image ?? demoSignatureImage(who.fullName),
    rect: a.rect,
    ...(a.page !== undefined ? { page: a.page } : {}),
  };
}

export function organAppearance(
  organ: { name: string },
  opts: OrganSignOptions,
): { appearance?: AppearanceOptions; stamp?: StampOptions } {
  if (opts.stamp)
    return { stamp: { firstLine: opts.stamp.firstLine, organName: organ.name, extraLines: opts.stamp.extraLines } };
  if (opts.seal)
    return {
      appearance: {
        kind: 'seal',
        image: opts.seal.image ?? demoSealImage(),
        signerRect: opts.seal.signerRect,
        ...(opts.seal.page !== undefined ? { page: opts.seal.page } : {}),
      },
    };
  return {};
}

/** Opens the organ's PKCS#11 key when configured (caller closes). */
export function openOrganPkcs11(deps: Deps): Pkcs11Signer | null {
  const c = deps.config.signing.pkcs11;
  if (!c) return null;
  const certificate = c.certFile ? readAnchorDir(c.certFile).anchors[0] : undefined;
  return Pkcs11Signer.open({
    library: c.module,
    pin: c.pin,
    ...(c.token ? { tokenLabel: c.token } : {}),
    ...(c.keyLabel ? { keyLabel: c.keyLabel } : {}),
    ...(certificate ? { certificate } : {}),
  });
}

let hsmQueue: Promise<unknown> = Promise.resolve();

export class ServerSigning implements SigningPort {
  constructor(private readonly deps: Deps) {}

  async signAsPerson(pdf: Uint8Array, who: PersonSigner): Promise<SignResult> {
    if (!this.deps.config.demo) return { pdf, method: 'approval' };
    const signer = await softwareSigner(this.deps, `user:${who.userId}`, personDn(who.fullName, who.organName));
    const appearance = who.appearance ? personAppearance(who, who.appearance) : undefined;
    const organId =
      who.organId ??
      (await this.deps.db.selectFrom('users').select('organ_id').where('id', '=', who.userId).executeTakeFirst())
        ?.organ_id;
    const timestamper = organId ? await timestamperFor(this.deps, organId) : null;
    return {
      pdf: await signPdf(pdf, {
        signer,
        reason: who.reason,
        signingTime: this.deps.now(),
        ...(appearance ? { appearance } : {}),
        ...(timestamper ? { timestamper } : {}),
      }),
      method: 'pades',
    };
  }

  async signAsOrgan(pdf: Uint8Array, organ: { id: string; name: string }, opts: OrganSignOptions): Promise<SignResult> {
    const look = organAppearance(organ, opts);
    const timestamper = await timestamperFor(this.deps, organ.id);
    const sign = (signer: Signer) =>
      signPdf(pdf, {
        signer,
        reason: opts.reason,
        signingTime: this.deps.now(),
        ...look,
        ...(timestamper ? { timestamper } : {}),
      });
    if (this.deps.config.signing.pkcs11) {
      // One PKCS#11 session at a time (the module is initialised per use).
      const run = hsmQueue.then(async () => {
        const hsm = openOrganPkcs11(this.deps)!;
        try {
          return await sign(hsm);
        } finally {
          hsm.close();
        }
      });
      hsmQueue = run.catch(() => undefined);
      return { pdf: await run, method: 'pades' };
    }
    if (!this.deps.config.demo) return { pdf, method: 'approval' };
    const signer = await softwareSigner(this.deps, `organ:${organ.id}`, personDn(organ.name, organ.name));
    return { pdf: await sign(signer), method: 'pades' };
  }
}

const ports = new WeakMap<Deps, SigningPort>();
/** Drop-in for outgoing.signing.ts's signingPortFor(db, demo): one port per installation. */
export function signingPortFor(deps: Deps): SigningPort {
  let p = ports.get(deps);
  if (!p) ports.set(deps, (p = new ServerSigning(deps)));
  return p;
}
