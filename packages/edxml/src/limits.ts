// Resource limits applied while reading a package. Every limit is refused with its own code.
export interface EdxmlLimits {
  /** Maximum element nesting depth (edxml.too_deep). */
  maxDepth: number;
  /** Maximum characters of text in one non-attachment element, comment or attribute (edxml.element_too_large). */
  maxElementText: number;
  /** Maximum number of elements outside attachment content (edxml.too_many_elements). */
  maxElements: number;
  /** Maximum number of attachments, and of files unzipped from one zipped attachment (edxml.too_many_attachments). */
  maxAttachments: number;
  /** Maximum decoded bytes of one attachment or of one unzipped entry (edxml.attachment_too_large). */
  maxAttachmentBytes: number;
  /** Maximum characters before the root element (stray bytes, prolog) (edxml.not_edxml). */
  maxPrologChars: number;
}

export const DEFAULT_LIMITS: EdxmlLimits = {
  maxDepth: 64,
  maxElementText: 64 * 1024,
  maxElements: 100_000,
  maxAttachments: 100,
  maxAttachmentBytes: 200 * 1024 * 1024,
  maxPrologChars: 64 * 1024,
};

export function resolveLimits(partial?: Partial<EdxmlLimits>): EdxmlLimits {
  return { ...DEFAULT_LIMITS, ...partial };
}
