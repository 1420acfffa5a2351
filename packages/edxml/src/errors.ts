// Stable error codes of the edXML codec, each with a Vietnamese message.
export const EDXML_ERROR_MESSAGES = {
  'edxml.dtd_forbidden': 'Gói edXML chứa khai báo DOCTYPE/DTD: không được phép (chặn thực thể ngoài và bom thực thể).',
  'edxml.entity_forbidden': 'Gói edXML dùng thực thể không được định nghĩa: không được phép.',
  'edxml.too_deep': 'Cấu trúc XML lồng quá sâu.',
  'edxml.too_many_elements': 'Gói edXML có quá nhiều phần tử.',
  'edxml.element_too_large': 'Nội dung một phần tử vượt quá kích thước cho phép.',
  'edxml.too_many_attachments': 'Gói edXML có quá nhiều tệp đính kèm.',
  'edxml.attachment_too_large': 'Tệp đính kèm vượt quá kích thước cho phép.',
  'edxml.zip_too_many_entries': 'Tệp nén đính kèm có quá nhiều tệp.',
  'edxml.zip_entry_too_large': 'Một tệp trong tệp nén đính kèm vượt quá kích thước cho phép khi giải nén.',
  'edxml.zip_too_large': 'Các tệp nén đính kèm giải nén ra vượt quá tổng dung lượng cho phép của một gói tin.',
  'edxml.zip_bomb': 'Tệp nén đính kèm có tỉ lệ nén bất thường (bom giải nén): không giải nén.',
  'edxml.attachment_bad_base64': 'Nội dung tệp đính kèm không phải base64 hợp lệ.',
  'edxml.not_edxml': 'Tệp không phải gói edXML.',
  'edxml.malformed': 'Tệp XML bị lỗi cú pháp.',
  'edxml.sink_failed': 'Không ghi được tệp đính kèm.',
  'edxml.bad_meta': 'Thông tin dùng để tạo gói edXML không hợp lệ.',
} as const;

export type EdxmlErrorCode = keyof typeof EDXML_ERROR_MESSAGES;

export class EdxmlError extends Error {
  readonly code: EdxmlErrorCode;
  /** Technical detail in English (parser message, position); not for end users. */
  readonly detail?: string;

  constructor(code: EdxmlErrorCode, detail?: string, options?: { cause?: unknown }) {
    super(EDXML_ERROR_MESSAGES[code], options);
    this.name = 'EdxmlError';
    this.code = code;
    this.detail = detail;
  }
}

export function isEdxmlError(e: unknown): e is EdxmlError {
  return e instanceof EdxmlError;
}
