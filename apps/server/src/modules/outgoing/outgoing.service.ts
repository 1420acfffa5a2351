/** The outgoing module's public surface for other modules (exchange, incoming, reports). */
export { setRecipientStatus } from './outgoing.issue.service';
export { RECIPIENT_STATUSES, type RecipientStatus } from './outgoing.model';
export { getIssuedForExchange } from './outgoing.exchange';
