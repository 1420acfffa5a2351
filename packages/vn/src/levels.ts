// Urgency (độ khẩn) and confidentiality (độ mật) with Vietnamese labels.

export type Urgency = 'thuong' | 'khan' | 'thuong_khan' | 'hoa_toc' | 'hoa_toc_hen_gio';

export interface UrgencyInfo {
  label: string;
  /** The edXML OtherInfo/Priority value. */
  priority: 0 | 1 | 2 | 3 | 4;
  /** Higher is more urgent. */
  rank: number;
}

/** Độ khẩn. `hoa_toc_hen_gio` (Hỏa tốc hẹn giờ) exists in edXML (Priority 4). */
export const URGENCY: Readonly<Record<Urgency, UrgencyInfo>> = {
  thuong: { label: 'Thường', priority: 0, rank: 0 },
  khan: { label: 'Khẩn', priority: 1, rank: 1 },
  thuong_khan: { label: 'Thượng khẩn', priority: 2, rank: 2 },
  hoa_toc: { label: 'Hỏa tốc', priority: 3, rank: 3 },
  hoa_toc_hen_gio: { label: 'Hỏa tốc hẹn giờ', priority: 4, rank: 4 },
};

export const URGENCY_VALUES = Object.keys(URGENCY) as Urgency[];

export function isUrgency(v: unknown): v is Urgency {
  return typeof v === 'string' && Object.hasOwn(URGENCY, v);
}

/** Urgency from an edXML Priority (number or numeric string); null when out of range. */
export function urgencyFromPriority(priority: number | string): Urgency | null {
  const p = typeof priority === 'string' ? (/^\s*\d\s*$/.test(priority) ? Number(priority) : NaN) : priority;
  return URGENCY_VALUES.find((u) => URGENCY[u].priority === p) ?? null;
}

export function urgencyToPriority(u: Urgency): number {
  return URGENCY[u].priority;
}

export type Confidentiality = 'thuong' | 'mat' | 'toi_mat' | 'tuyet_mat';

export interface ConfidentialityInfo {
  label: string;
  /** 0 not secret … 3 Tuyệt mật: compare ranks, never strings. */
  rank: 0 | 1 | 2 | 3;
  /** The stamp printed on the document ('' when not secret). */
  stamp: string;
}

/** Độ mật (Luật Bảo vệ bí mật nhà nước). */
export const CONFIDENTIALITY: Readonly<Record<Confidentiality, ConfidentialityInfo>> = {
  thuong: { label: 'Thường', rank: 0, stamp: '' },
  mat: { label: 'Mật', rank: 1, stamp: 'MẬT' },
  toi_mat: { label: 'Tối mật', rank: 2, stamp: 'TỐI MẬT' },
  tuyet_mat: { label: 'Tuyệt mật', rank: 3, stamp: 'TUYỆT MẬT' },
};

export const CONFIDENTIALITY_VALUES = Object.keys(CONFIDENTIALITY) as Confidentiality[];

export function isConfidentiality(v: unknown): v is Confidentiality {
  return typeof v === 'string' && Object.hasOwn(CONFIDENTIALITY, v);
}

/** Negative, zero or positive as a is less, equally or more secret than b. */
export function compareConfidentiality(a: Confidentiality, b: Confidentiality): number {
  return CONFIDENTIALITY[a].rank - CONFIDENTIALITY[b].rank;
}

/** True for Mật and above: own register, never sent over edXML. */
export function isSecret(c: Confidentiality): boolean {
  return CONFIDENTIALITY[c].rank > 0;
}

/** True when someone cleared for `clearance` may see a document marked `level`. */
export function isClearedFor(clearance: Confidentiality, level: Confidentiality): boolean {
  return compareConfidentiality(clearance, level) >= 0;
}
