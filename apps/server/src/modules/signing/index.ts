/**
 * Public entry of the signing module — digital signatures: keys, certificates, the trust store, the signing port.
 * Other modules import only from here (eslint boundaries rule in eslint.config.js); routes and job
 * definitions are registered from modules/registry.ts.
 */
export { personDn } from './signing.certs';
export { demoCaCertificate, issueDemoPersonal, softwareSigner } from './signing.keys';
export {
  issueDemoOrganP12,
  trustStoreFor,
  signingPortFor,
  addLtv,
  timestamperFor,
  type SigningPort,
  type SignResult,
} from './signing.service';
export { VERIFY_PDF } from './signing.jobs';
export { getSignatureReport } from './signing.reports';
