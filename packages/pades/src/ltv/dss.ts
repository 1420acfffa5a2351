import { PDFArray, PDFDict, PDFName, PDFRef, type PDFContext } from 'pdf-lib';
import { X509Certificate, createHash } from 'node:crypto';
import { parseCms } from '../cms/parse';
import { beginUpdate } from '../pdf/update';
import { fetchOcsp, ocspRequest, ocspUrlOf, checkOcsp } from '../revocation/ocsp';
import { OID } from '../oids';
import { View, loadModel } from '../verify/document';
import { signatureFields } from '../verify/fields';
import { numbers } from '../verify/fields';

export interface DssOptions {
  certificates?: Uint8Array[];
  ocsps?: Uint8Array[];
  crls?: Uint8Array[];
  /** Fetch OCSP responses for the signers' certificates from their AIA (default true). */
  fetch?: boolean;
}

function key(b: Uint8Array): string {
  return createHash('sha1').update(b).digest('hex');
}

interface Collected {
  certs: Map<string, Uint8Array>;
  ocsps: Map<string, Uint8Array>;
  crls: Map<string, Uint8Array>;
}

async function collect(pdf: Uint8Array, options: DssOptions): Promise<Collected> {
  const c: Collected = { certs: new Map(), ocsps: new Map(), crls: new Map() };
  const add = (m: Map<string, Uint8Array>, b: Uint8Array): void => {
    m.set(key(b), b);
  };
  options.certificates?.forEach((b) => add(c.certs, b));
  options.ocsps?.forEach((b) => add(c.ocsps, b));
  options.crls?.forEach((b) => add(c.crls, b));
  const model = await loadModel(pdf);
  const view = new View(model, model.increments.length - 1);
  for (const field of signatureFields(view)) {
    const range = numbers(view.get(field.value, 'ByteRange'));
    if (!range || range.length !== 4) continue;
    const hex = Buffer.from(pdf.subarray(range[1]! + 1, range[2]! - 1)).toString('latin1');
    let cms;
    try {
      cms = parseCms(new Uint8Array(Buffer.from(hex, 'hex')));
    } catch {
      continue;
    }
    cms.certificates.forEach((b) => add(c.certs, b));
    for (const a of cms.unsignedAttributes.filter((x) => x.type === OID.signatureTimeStampToken)) {
      try {
        parseCms(a.values[0]!).certificates.forEach((b) => add(c.certs, b));
      } catch {
        // a broken token adds nothing
      }
    }
    const leaf = cms.signerCertificate;
    if (!leaf || options.fetch === false) continue;
    const leafX = new X509Certificate(leaf);
    const issuer = [...c.certs.values()].find(
      (d) => leafX.checkIssued(new X509Certificate(d)) && !Buffer.from(d).equals(Buffer.from(leaf)),
    );
    const url = ocspUrlOf(leaf);
    if (!issuer || !url) continue;
    const resp = await fetchOcsp(url, ocspRequest(leaf, issuer));
    if (resp && checkOcsp(resp, leaf, issuer, new Date()).status !== 'unknown') add(c.ocsps, resp);
  }
  return c;
}

function refs(
  ctx: PDFContext,
  existing: PDFArray | undefined,
  items: Iterable<Uint8Array>,
  known: Set<string>,
): PDFArray {
  const arr = ctx.obj([]);
  for (const r of existing?.asArray() ?? []) arr.push(r);
  for (const b of items) {
    if (known.has(key(b))) continue;
    arr.push(ctx.register(ctx.flateStream(b)));
  }
  return arr;
}

/** Adds (or extends) the /DSS dictionary in a further incremental update (PAdES B-LT). */
export async function addDss(pdf: Uint8Array, options: DssOptions = {}): Promise<Uint8Array> {
  const data = await collect(pdf, options);
  const update = await beginUpdate(pdf);
  const { doc } = update;
  const ctx = doc.context;
  const catalogRef = ctx.trailerInfo.Root as PDFRef;
  const old = doc.catalog.lookupMaybe(PDFName.of('DSS'), PDFDict);
  const arr = (name: string): PDFArray | undefined => old?.lookupMaybe(PDFName.of(name), PDFArray);
  const dss = ctx.obj({});
  const none = new Set<string>();
  dss.set(PDFName.of('Certs'), refs(ctx, arr('Certs'), data.certs.values(), none));
  dss.set(PDFName.of('OCSPs'), refs(ctx, arr('OCSPs'), data.ocsps.values(), none));
  if (data.crls.size || arr('CRLs')) dss.set(PDFName.of('CRLs'), refs(ctx, arr('CRLs'), data.crls.values(), none));
  doc.catalog.set(PDFName.of('DSS'), ctx.register(dss));
  return update.finish([catalogRef]).bytes;
}
