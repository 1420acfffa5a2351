// Public API of @vanthu/edxml.

// Reading
export { parseEdxml, type ParseOptions } from './parse';
export {
  createTempFileSink,
  createMemorySink,
  discardSink,
  type AttachmentSink,
  type AttachmentSinkMeta,
} from './sinks';
export { DEFAULT_LIMITS, type EdxmlLimits } from './limits';
export { extractEdxml, safeName, type ExtractOptions, type ExtractResult, type ExtractedFile } from './extract';
export { EdxmlError, isEdxmlError, EDXML_ERROR_MESSAGES, type EdxmlErrorCode } from './errors';

// Validation
export { validateEdxml } from './validate';
export {
  validateEdoc,
  CODE_NUMBER_MAX,
  CODE_NUMBER_TOLERATED,
  type ValidateOptions,
  type EdocLike,
} from './validate-edoc';
export { validateStatus } from './validate-status';
export type { ValidationIssue } from './issues';
export { STATUS_CODES, isStatusCode, type StatusCode } from './status-codes';
export { isStrictOrganCode, isLooseOrganCode, isValidOrganCode } from './organ-code';

// Writing
export {
  buildEdoc,
  completeEdocMeta,
  type EdocMeta,
  type MessageHeaderInput,
  type BuildAttachment,
} from './build-edoc';
export { buildStatus, statusToXml, type StatusMeta } from './build-status';
export { makeDocumentId } from './document-id';

// Model and helpers
export type * from './types';
export { EDXML_NS } from './names';
export { parseEdxmlDate, formatEdxmlDate, formatEdxmlTimestamp, type EdxmlDateParts } from './dates';
export { contentTypeFor } from './content-types';
