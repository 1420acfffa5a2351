/**
 * Public entry of the incoming module — incoming documents (văn bản đến): registration, electronic registration from the exchange, views.
 * Other modules import only from here (eslint boundaries rule in eslint.config.js); routes and job
 * definitions are registered from modules/registry.ts.
 */
export { type StagedFile } from './incoming.prepare';
export { setAnswerFinder, type AnswerFinder } from './incoming.answers';
export {
  incomingDocumentExists,
  markAnsweredByOutgoing,
  registerElectronic,
  withdrawElectronic,
} from './incoming.service';
export { getDocument } from './incoming.view';
export { onIncomingStatus } from './incoming.events';
export { listIncoming, TRACKS, type Track, type ListFilter } from './incoming.lists';
