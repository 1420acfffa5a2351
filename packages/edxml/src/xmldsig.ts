// The envelope XML signature of an edXML package (QCVN 102: XMLDSig, enveloped, RSA with SHA-1 or SHA-256),
// verified with xml-crypto on an @xmldom/xmldom tree. The binding signature of a document is the PAdES one in its
// PDF; this one says whether the package is as its sender signed it. Reported valid / invalid / absent (or
// not_checked when the package is too large to hold), never blocking registration.
//
// Rules: the Signature must be in the xmldsig namespace; SignatureMethod RSA-SHA1 or RSA-SHA256; every Reference
// covers the whole document (URI "" or "#<Id of the root>") with the enveloped-signature transform, so that a
// signature over one element cannot vouch for a package whose other parts changed (signature wrapping); the key
// is the X509Certificate of KeyInfo (whether that certificate is trusted is a separate question, not answered here).
import { X509Certificate } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';

export interface EnvelopeSignature {
  status: 'valid' | 'invalid' | 'absent' | 'not_checked';
  /** Why it is invalid or not checked (edxml.signature_*). */
  code?: string;
  /** Vietnamese, for the clerk. */
  message: string;
  algorithm?: string;
  /** Subject of the KeyInfo certificate. */
  signer?: string;
}

const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const ALGORITHMS: Record<string, string> = {
  'http://www.w3.org/2000/09/xmldsig#rsa-sha1': 'RSA-SHA1',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256': 'RSA-SHA256',
};

const invalid = (code: string, message: string, extra: Partial<EnvelopeSignature> = {}): EnvelopeSignature => ({
  status: 'invalid',
  code,
  message,
  ...extra,
});

interface ElementLike {
  localName: string;
  namespaceURI: string | null;
  getAttribute(n: string): string | null;
  getElementsByTagNameNS(ns: string, local: string): ArrayLike<ElementLike>;
  getElementsByTagName(n: string): ArrayLike<ElementLike>;
  parentNode: ElementLike | null;
}

/** Verifies the envelope signature of a whole package text (stray bytes before the XML declaration removed). */
export function verifyEnvelopeSignature(xml: string): EnvelopeSignature {
  let fatal: string | null = null;
  const doc = new DOMParser({
    errorHandler: {
      warning: () => undefined,
      error: (m: string) => void (fatal ??= m),
      fatalError: (m: string) => void (fatal ??= m),
    },
  }).parseFromString(xml, 'text/xml') as unknown as { documentElement: ElementLike | null } & ElementLike;
  const root = doc.documentElement;
  if (!root || fatal) return invalid('edxml.signature_malformed', 'Không đọc được gói tin để kiểm tra chữ ký XML.');
  const sigs = Array.from(doc.getElementsByTagNameNS(DSIG, 'Signature'));
  if (sigs.length === 0) {
    const other = Array.from(doc.getElementsByTagName('*')).some(
      (e) => e.localName === 'Signature' && e.parentNode?.localName === 'edXMLHeader',
    );
    return other
      ? invalid(
          'edxml.signature_malformed',
          'Gói tin có phần tử Signature nhưng không theo chuẩn XMLDSig (không thuộc không gian tên xmldsig): không kiểm tra được chữ ký.',
        )
      : { status: 'absent', message: 'Gói tin không có chữ ký XML.' };
  }
  if (sigs.length > 1)
    return invalid(
      'edxml.signature_multiple',
      `Gói tin có ${sigs.length} chữ ký XML: chỉ chấp nhận một chữ ký bao trùm cả gói.`,
    );
  const sigNode = sigs[0]!;
  const method = sigNode.getElementsByTagNameNS(DSIG, 'SignatureMethod')[0]?.getAttribute('Algorithm') ?? '';
  const algorithm = ALGORITHMS[method];
  if (!algorithm)
    return invalid(
      'edxml.signature_algorithm',
      `Thuật toán chữ ký "${method.slice(0, 80)}" không được chấp nhận (chỉ RSA-SHA1, RSA-SHA256).`,
    );
  const certB64 = sigNode.getElementsByTagNameNS(DSIG, 'X509Certificate')[0];
  const signer = certB64
    ? subjectOf(String((certB64 as unknown as { textContent: string }).textContent ?? ''))
    : undefined;
  if (!certB64 || signer === null)
    return invalid(
      'edxml.signature_no_certificate',
      'Chữ ký XML không kèm chứng thư số đọc được (KeyInfo/X509Certificate).',
      { algorithm },
    );
  const rootId = root.getAttribute('Id') ?? root.getAttribute('ID') ?? root.getAttribute('id');
  const sx = new SignedXml({ getCertFromKeyInfo: SignedXml.getCertFromKeyInfo });
  try {
    sx.loadSignature(sigNode as unknown as Node);
  } catch (e) {
    return invalid(
      'edxml.signature_malformed',
      `Chữ ký XML không đúng cấu trúc: ${(e as Error).message.slice(0, 200)}`,
      { algorithm, signer },
    );
  }
  const refs = sx.getReferences();
  const whole =
    refs.length > 0 &&
    refs.every(
      (r) => (r.uri === '' || (rootId !== null && r.uri === `#${rootId}`)) && r.transforms.includes(ENVELOPED),
    );
  if (!whole)
    return invalid(
      'edxml.signature_partial',
      'Chữ ký XML không bao trùm cả gói tin (tham chiếu một phần): không tin được.',
      { algorithm, signer },
    );
  let ok = false;
  let detail = '';
  try {
    ok = sx.checkSignature(xml);
  } catch (e) {
    detail = (e as Error).message;
  }
  if (!ok)
    return invalid(
      'edxml.signature_invalid',
      `Chữ ký XML không hợp lệ: gói tin đã bị thay đổi sau khi ký hoặc chữ ký sai${detail ? ` (${detail.slice(0, 160)})` : ''}.`,
      { algorithm, signer },
    );
  return {
    status: 'valid',
    message: `Chữ ký XML hợp lệ (${algorithm}${signer ? `, ${signer}` : ''}).`,
    algorithm,
    ...(signer ? { signer } : {}),
  };
}

function subjectOf(b64: string): string | null {
  try {
    return new X509Certificate(Buffer.from(b64.replace(/\s+/g, ''), 'base64')).subject.replace(/\n/g, ', ');
  } catch {
    return null;
  }
}
