/**
 * Public entry of the outgoing module — outgoing documents (văn bản đi): drafts, route, issue, the issued view used by the exchange and answers.
 * Other modules import only from here (eslint boundaries rule in eslint.config.js); routes and job
 * definitions are registered from modules/registry.ts.
 */
export { findIssuedAnswer } from './outgoing.search.service';
export { getIssuedForExchange } from './outgoing.service';
export { setRecipientStatus } from './outgoing.issue.service';
export { getDocView } from './outgoing.view.service';
export { ensureOutgoingRegisters } from './outgoing.numbering';
export {
  setExternalCarrier,
  type ExternalCarrier,
  type SendExternalJob,
  type RecallExternalJob,
} from './outgoing.jobs';
