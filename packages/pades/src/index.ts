/** @vanthu/pades — PAdES signing (B-B, B-T, B-LT) and verification. */
export { signPdf, type SignOptions } from './sign/sign';
export {
  prepareSignature,
  prepareSignature as preparePdf,
  type PrepareOptions,
  type PreparedSignature,
} from './sign/prepare';
export {
  completeSignature,
  embedCms,
  buildCms,
  type CompleteWithCms,
  type CompleteWithSignature,
} from './sign/complete';
export { addDss, type DssOptions } from './ltv/dss';
export { verifyPdf, verdictOf } from './verify/verify';
export type { VerifyOptions, VerifyReport, SignatureReport, Change, ChangeKind, Reason, Verdict } from './verify/model';
export { REASONS, type ReasonCode } from './verify/reasons';
export type { Signer } from './signers/signer';
export { SoftwareSigner, type SoftwareSignerOptions } from './signers/software';
export { Pkcs11Signer, type Pkcs11Options } from './signers/pkcs11';
export { Pkcs12Signer } from './signers/pkcs12';
export type { KeyAlgorithm } from './cms/algorithms';
export type { AppearanceOptions, SignatureImageAppearance, SealAppearance, StampOptions, Rect } from './pdf/appearance';
export { requestTimestamp } from './revocation/tsa';
export { vietnamIso, pdfDate } from './pdf/dates';
export { PadesError } from './errors';
export { encodePng, type Pixel } from './pdf/png-encode';
export {
  withInflateLimits,
  setDefaultInflateLimits,
  inflateLimits,
  inflateCapped,
  isInflateLimitError,
  DEFAULT_INFLATE_LIMITS,
  type InflateLimits,
} from './pdf/inflate-limits';
export {
  tsaTimestamper,
  localTimestamper,
  respondTimestamp,
  VANTHU_TSA_POLICY,
  type Timestamper,
  type TsaIdentity,
} from './ltv/timestamp';
export {
  collectValidationMaterial,
  addValidationData,
  crlUrlsOf,
  fetchCrlHttp,
  type CollectOptions,
  type ValidationMaterial,
} from './ltv/collect';
export { addDocumentTimestamp, type DocumentTimestampOptions } from './ltv/doctimestamp';
export { padesLevel, type PadesLevel } from './ltv/level';
export { buildCrl, type CrlInput } from './ltv/crl';
export { beginUpdate, type Update } from './pdf/update';
export {
  visualCheck,
  parsePgm,
  type VisualOptions,
  type VisualReport,
  type VisualSignatureResult,
  type VisualDifference,
} from './verify/visual';
