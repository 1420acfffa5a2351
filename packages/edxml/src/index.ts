export { parseEdxml, type ParseOptions } from './parse';
export { EdxmlError, isEdxmlError, EDXML_ERROR_MESSAGES, type EdxmlErrorCode } from './errors';
export { DEFAULT_LIMITS, type EdxmlLimits } from './limits';
export { createTempFileSink, createMemorySink, discardSink, type AttachmentSink, type AttachmentSinkMeta } from './sinks';
export { EDXML_NS } from './names';
export { parseEdxmlDate, formatEdxmlDate, formatEdxmlTimestamp, type EdxmlDateParts } from './dates';
export type * from './types';
