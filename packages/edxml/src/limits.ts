// Resource limits applied while reading a package. Every limit is refused with its own code.
export interface EdxmlLimits {
  /** Maximum element nesting depth (edxml.too_deep). */
  maxDepth: number;
  /** Maximum characters of text in one non-attachment element, comment or attribute (edxml.element_too_large). */
  maxElementText: number;
  /** Maximum number of elements outside attachment content (edxml.too_many_elements). */
  maxElements: number;
  /** Maximum number of attachments (edxml.too_many_attachments). */
  maxAttachments: number;
  /** Maximum decoded bytes of one attachment as transmitted (edxml.attachment_too_large). */
  maxAttachmentBytes: number;
  /** Maximum files unzipped from one zipped attachment (edxml.zip_too_many_entries). */
  maxZipEntries: number;
  /** Maximum bytes of one unzipped entry (edxml.zip_entry_too_large). */
  maxZipEntryBytes: number;
  /** Maximum bytes unzipped from all zipped attachments of one package together (edxml.zip_too_large). */
  maxUnzippedBytes: number;
  /**
   * Maximum ratio of unzipped to compressed bytes of one entry once it is past 16 MiB (edxml.zip_bomb). Documents
   * compress 1–20×; deflate's ceiling is about 1030×, which only repeated bytes reach.
   */
  maxZipRatio: number;
  /** Maximum characters before the root element (stray bytes, prolog) (edxml.not_edxml). */
  maxPrologChars: number;
  /**
   * Largest package (characters) whose envelope XML signature is verified; a larger signed package is reported
   * `not_checked` (verification needs the whole document in memory).
   */
  maxSignedChars: number;
}

const MiB = 1024 * 1024;

/**
 * Zip limits: a package of a few attachments expands to at most 256 MiB in total, 100 MiB per entry, 100 entries
 * (formerly 100 × 200 MiB per package: a 440 KB zip of three 144 MiB entries went through). Unzipping is a stream:
 * it stops at the cap (bytes are handed to fflate in 8 KiB pieces, so one step produces at most ~8 MiB).
 */
export const DEFAULT_LIMITS: EdxmlLimits = {
  maxDepth: 64,
  maxElementText: 64 * 1024,
  maxElements: 100_000,
  maxAttachments: 100,
  maxAttachmentBytes: 200 * MiB,
  maxZipEntries: 100,
  maxZipEntryBytes: 100 * MiB,
  maxUnzippedBytes: 256 * MiB,
  maxZipRatio: 500,
  maxPrologChars: 64 * 1024,
  maxSignedChars: 32 * MiB,
};

export function resolveLimits(partial?: Partial<EdxmlLimits>): EdxmlLimits {
  return { ...DEFAULT_LIMITS, ...partial };
}
