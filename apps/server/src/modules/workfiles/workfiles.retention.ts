/** The retention schedule (TT 10/2022) as data per organ, and the proposal it makes for a title or a document type. */
import { foldKey } from '@vanthu/vn';
import type { DbOrTrx } from '../../db/database';
import type { Retention } from './workfiles.tables';

export const RETENTION_LABELS: Record<Retention, string> = {
  permanent: 'Vĩnh viễn',
  '70': '70 năm',
  '50': '50 năm',
  '30': '30 năm',
  '20': '20 năm',
  '10': '10 năm',
  '5': '5 năm',
  lapse: 'Đến khi văn bản hết hiệu lực',
};
/** Longer first: a proposal never shortens a retention. */
export const RETENTION_RANK: Record<Retention, number> = {
  permanent: 100,
  '70': 70,
  '50': 50,
  '30': 30,
  '20': 20,
  '10': 10,
  '5': 5,
  lapse: 1,
};

/** The TT 10/2022 examples of records.md, seeded for each organ on first use; the admin maintains the list. */
export const RETENTION_SEED: { name: string; retention: Retention; keywords: string; docTypeCodes?: string[] }[] = [
  { name: 'Báo cáo tổng kết năm', retention: 'permanent', keywords: 'bao cao tong ket nam' },
  {
    name: 'Kế hoạch, báo cáo năm của cơ quan',
    retention: 'permanent',
    keywords: 'ke hoach nam,bao cao nam,ke hoach cong tac nam',
  },
  { name: 'Báo cáo tháng, quý (sơ kết)', retention: '5', keywords: 'bao cao thang,bao cao quy,so ket' },
  { name: 'Kế hoạch, báo cáo của cơ quan cấp trên', retention: '10', keywords: 'cap tren' },
  { name: 'Hồ sơ bổ nhiệm cán bộ', retention: '70', keywords: 'bo nhiem' },
  { name: 'Thông báo kết luận cuộc họp', retention: '10', keywords: 'ket luan cuoc hop,thong bao ket luan' },
];

export async function ensureRetention(db: DbOrTrx, organId: string): Promise<void> {
  const any = await db
    .selectFrom('workfile_retention')
    .select('id')
    .where('organ_id', '=', organId)
    .limit(1)
    .executeTakeFirst();
  if (any) return;
  await db
    .insertInto('workfile_retention')
    .values(
      RETENTION_SEED.map((r) => ({
        organ_id: organId,
        name: r.name,
        retention: r.retention,
        keywords: r.keywords,
        doc_type_codes: r.docTypeCodes ?? null,
      })),
    )
    .execute();
}

/** The longest retention whose keywords occur in the folded title (or whose document types match); null when nothing matches. */
export async function proposeRetention(
  db: DbOrTrx,
  organId: string,
  title: string,
  docTypeCode?: string | null,
): Promise<{ retention: Retention; rule: string } | null> {
  await ensureRetention(db, organId);
  const rows = await db
    .selectFrom('workfile_retention')
    .select(['name', 'retention', 'keywords', 'doc_type_codes'])
    .where('organ_id', '=', organId)
    .where('active', '=', true)
    .execute();
  const t = foldKey(title);
  let best: { retention: Retention; rule: string } | null = null;
  for (const r of rows) {
    const kw = r.keywords
      .split(',')
      .map((k) => foldKey(k))
      .filter(Boolean);
    const hit = kw.some((k) => t.includes(k)) || (!!docTypeCode && !!r.doc_type_codes?.includes(docTypeCode));
    if (hit && (!best || RETENTION_RANK[r.retention] > RETENTION_RANK[best.retention]))
      best = { retention: r.retention, rule: r.name };
  }
  return best;
}
