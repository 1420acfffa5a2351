import { AppError } from '../../http/errors';

/** Stable codes of the signing module (ARCHITECTURE rule 6). */
export const signingErrors = {
  notFound: () => new AppError('signing.not_found', 404, 'Không tìm thấy tệp hoặc phiên ký.'),
  sessionNotFound: () => new AppError('signing.session_not_found', 404, 'Không tìm thấy phiên ký.'),
  sessionExpired: () => new AppError('signing.session_expired', 410, 'Phiên ký đã hết hạn (10 phút). Hãy ký lại.'),
  sessionClosed: () => new AppError('signing.session_closed', 409, 'Phiên ký đã kết thúc.'),
  notPdf: () => new AppError('signing.not_pdf', 400, 'Chỉ ký được tệp PDF.'),
  certificateInvalid: () => new AppError('signing.certificate_invalid', 400, 'Chứng thư số gửi lên không đọc được.'),
  certificateMismatch: () =>
    new AppError(
      'signing.certificate_mismatch',
      400,
      'Chữ ký được tạo bằng chứng thư khác với chứng thư đã khai báo khi bắt đầu ký.',
    ),
  signatureInvalid: (detail?: string) =>
    new AppError(
      'signing.signature_invalid',
      400,
      `Chữ ký không hợp lệ với tài liệu đã chuẩn bị${detail ? ` (${detail})` : ''}.`,
    ),
  prepareFailed: (detail: string) =>
    new AppError('signing.prepare_failed', 400, `Không chuẩn bị được tài liệu để ký: ${detail}`),
  keySecretMissing: () =>
    new AppError(
      'signing.key_secret_missing',
      500,
      'Chưa cấu hình VANTHU_KEY_SECRET: máy chủ không thể dùng khoá ký lưu trên máy chủ.',
    ),
  demoOnly: () => new AppError('signing.demo_only', 403, 'Chức năng này chỉ có ở chế độ trình diễn.'),
  tsaRequestInvalid: () =>
    new AppError(
      'signing.tsa_request_invalid',
      400,
      'Yêu cầu dấu thời gian không hợp lệ (cần application/timestamp-query).',
    ),
  noOrganKey: () =>
    new AppError(
      'signing.no_organ_key',
      409,
      'Cơ quan chưa có khoá ký trên máy chủ (PKCS#11). Văn thư hãy ký bằng thiết bị ký (USB token).',
    ),
};
