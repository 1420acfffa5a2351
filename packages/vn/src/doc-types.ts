// The 29 administrative document types of Nghị định 30/2020/NĐ-CP (Điều 7, Phụ lục III) and the
// copy forms. Abbreviations are stored exactly as written: case matters (QyĐ, CTr, TTr, TrS).

export interface DocType {
  /** Stable identifier (ASCII, snake_case). */
  code: string;
  /** Vietnamese name as in the decree's table. */
  name: string;
  /** Abbreviation used in the notation; null for Công văn and Thư công, which have none. */
  abbr: string | null;
}

export const DOC_TYPES: readonly DocType[] = [
  { code: 'nghi_quyet', name: 'Nghị quyết (cá biệt)', abbr: 'NQ' },
  { code: 'quyet_dinh', name: 'Quyết định (cá biệt)', abbr: 'QĐ' },
  { code: 'chi_thi', name: 'Chỉ thị', abbr: 'CT' },
  { code: 'quy_che', name: 'Quy chế', abbr: 'QC' },
  { code: 'quy_dinh', name: 'Quy định', abbr: 'QyĐ' },
  { code: 'thong_cao', name: 'Thông cáo', abbr: 'TC' },
  { code: 'thong_bao', name: 'Thông báo', abbr: 'TB' },
  { code: 'huong_dan', name: 'Hướng dẫn', abbr: 'HD' },
  { code: 'chuong_trinh', name: 'Chương trình', abbr: 'CTr' },
  { code: 'ke_hoach', name: 'Kế hoạch', abbr: 'KH' },
  { code: 'phuong_an', name: 'Phương án', abbr: 'PA' },
  { code: 'de_an', name: 'Đề án', abbr: 'ĐA' },
  { code: 'du_an', name: 'Dự án', abbr: 'DA' },
  { code: 'bao_cao', name: 'Báo cáo', abbr: 'BC' },
  { code: 'bien_ban', name: 'Biên bản', abbr: 'BB' },
  { code: 'to_trinh', name: 'Tờ trình', abbr: 'TTr' },
  { code: 'hop_dong', name: 'Hợp đồng', abbr: 'HĐ' },
  { code: 'cong_van', name: 'Công văn', abbr: null },
  { code: 'cong_dien', name: 'Công điện', abbr: 'CĐ' },
  { code: 'ban_ghi_nho', name: 'Bản ghi nhớ', abbr: 'BGN' },
  { code: 'ban_thoa_thuan', name: 'Bản thỏa thuận', abbr: 'BTT' },
  { code: 'giay_uy_quyen', name: 'Giấy ủy quyền', abbr: 'GUQ' },
  { code: 'giay_moi', name: 'Giấy mời', abbr: 'GM' },
  { code: 'giay_gioi_thieu', name: 'Giấy giới thiệu', abbr: 'GGT' },
  { code: 'giay_nghi_phep', name: 'Giấy nghỉ phép', abbr: 'GNP' },
  { code: 'phieu_gui', name: 'Phiếu gửi', abbr: 'PG' },
  { code: 'phieu_chuyen', name: 'Phiếu chuyển', abbr: 'PC' },
  { code: 'phieu_bao', name: 'Phiếu báo', abbr: 'PB' },
  { code: 'thu_cong', name: 'Thư công', abbr: null },
];

/** Paper copy forms (bản sao): one copy-number sequence per year, e.g. 05/SY-UBND. */
export const COPY_FORMS: readonly DocType[] = [
  { code: 'sao_y', name: 'Bản sao y', abbr: 'SY' },
  { code: 'trich_sao', name: 'Bản trích sao', abbr: 'TrS' },
  { code: 'sao_luc', name: 'Bản sao lục', abbr: 'SL' },
];

/** A document type or copy form by its code or its exact (case-sensitive) abbreviation. */
export function findDocType(codeOrAbbr: string): DocType | undefined {
  const key = codeOrAbbr.normalize('NFC').trim();
  return [...DOC_TYPES, ...COPY_FORMS].find((t) => t.code === key || t.abbr === key);
}
