/**
 * Import of an E-ARK SIP from another system (another organ, a legacy system; records.md "Packages", F2a): the
 * archivist uploads the SIP ZIP through /api/files, the archive validates it (CSIP requirements; any error refuses
 * it with the requirement ids), keeps the SIP itself as a blob (the submission as received), records an archive
 * record from its METS and descriptive metadata, and the usual job builds the AIP from the SIP's content read
 * in place (checksums of the SIP's METS re-verified while written). Nothing is unpacked to disk.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { readPackage, validatePackage, type ReadPackage } from '@vanthu/eark';
import { foldKey, todayVN } from '@vanthu/vn';
import type { Deps } from '../../deps';
import type { Principal } from '../auth';
import { recordAudit, type Actor } from '../audit';
import { enqueue } from '../jobs';
import { arError } from './archive.errors';
import { isArchivist } from './archive.policy';
import { BUILD_AIP, type Snapshot, type SnapshotDoc } from './archive.service';
import type { Mode } from './archive.tables';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
/** First text of a Dublin Core (or EAD unittitle) element in the SIP's descriptive metadata. */
function dcValue(pkg: ReadPackage, names: string[]): string | null {
  for (const m of pkg.descriptive) {
    const xml = m.content.toString('utf8');
    for (const n of names) {
      const hit = new RegExp(`<(?:[\\w-]+:)?${n}(?:\\s[^>]*)?>([^<]{1,2000})</(?:[\\w-]+:)?${n}>`).exec(xml);
      if (hit?.[1]?.trim()) return hit[1].trim();
    }
  }
  return null;
}

export async function importSip(
  deps: Deps,
  p: Principal,
  actor: Actor,
  input: { fileId: string; retention: string; mode?: Mode; title?: string },
) {
  if (!isArchivist(p)) throw arError('archive.forbidden');
  const file = await deps.db
    .selectFrom('files')
    .select(['id', 'sha256', 'name', 'mime'])
    .where('id', '=', input.fileId)
    .where('organ_id', '=', p.organId)
    .where('uploaded_by', '=', p.userId)
    .executeTakeFirst();
  const zip = file && file.mime === 'application/zip' ? deps.blobs.path?.(file.sha256) : undefined;
  if (!file || !zip) throw arError('archive.sip_not_found');
  const report = await validatePackage(zip);
  if (report.errors > 0) {
    const findings = report.findings
      .filter((f) => f.level === 'error')
      .slice(0, 50)
      .map((f) => ({ id: f.id, message: f.message }));
    throw arError(
      'archive.sip_invalid',
      { findings },
      `Gói SIP không hợp lệ theo E-ARK CSIP (${[...new Set(findings.map((f) => f.id))].join(', ')}): không nhập vào kho lưu trữ.`,
    );
  }
  const pkg = await readPackage(zip);
  const sipSha = file.sha256;
  const documents: SnapshotDoc[] = [];
  const created = /^\d{4}-\d{2}-\d{2}/.test(pkg.created) ? pkg.created.slice(0, 10) : todayVN(deps.now());
  for (const rep of pkg.representations)
    for (const f of rep.files) {
      const sha = f.checksumType.toUpperCase().replace('-', '') === 'SHA256' ? f.checksum.toLowerCase() : undefined;
      documents.push({
        ordinal: documents.length + 1,
        docCode: `${pkg.id}.${documents.length + 1}`,
        kind: 'other',
        docDate: created,
        typeName: '',
        numberNotation: '',
        organName: pkg.agent.name,
        subject: f.path,
        pageCount: null,
        confidentiality: 'thuong',
        autograph: '',
        files: [
          {
            sha256: sha ?? '',
            mime: f.mimetype || 'application/octet-stream',
            size: f.size,
            name: f.path.split('/').pop() ?? f.path,
            path: `${rep.id}/${f.path}`,
            sip: {
              blob: sipSha,
              entry: `representations/${rep.id}/data/${f.path}`,
              checksum: f.checksum,
              checksumType: f.checksumType,
            },
          },
        ],
      });
    }
  if (!documents.length) throw arError('archive.sip_empty');
  const title = (input.title?.trim() || dcValue(pkg, ['title', 'unittitle']) || pkg.id).slice(0, 500);
  const unitId = p.unitIds[0];
  if (!unitId) throw arError('archive.forbidden');
  const unitName =
    (await deps.db.selectFrom('units').select('name').where('id', '=', unitId).executeTakeFirst())?.name ?? '';
  const mode: Mode = input.mode ?? '01';
  const code = `SIP.${pkg.id}`.slice(0, 120);
  const snap: Snapshot & { source: Record<string, unknown> } = {
    file: {
      code,
      title,
      retention: input.retention,
      startDate: created,
      endDate: created,
      unitName,
      creatorName: pkg.agent.name || 'Hệ thống khác',
      mode,
      tt05: { language: dcValue(pkg, ['language']) ?? '' },
    },
    documents,
    source: {
      kind: 'sip',
      objid: pkg.id,
      packageType: pkg.packageType,
      sha256: sipSha,
      name: file.name,
      agent: pkg.agent,
      warnings: report.warnings,
    },
  };
  const tt05 =
    `<?xml version="1.0" encoding="UTF-8"?>\n<hoSo nguon="SIP"><maHoSo>${esc(code)}</maHoSo><tieuDe>${esc(title)}</tieuDe><thoiHanBaoQuan>${esc(input.retention)}</thoiHanBaoQuan>` +
    `<cheDoSuDung>${mode}</cheDoSuDung><soLuongVanBan>${documents.length}</soLuongVanBan></hoSo>\n`;
  const recordId = await deps.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`archive.transfer:${p.organId}`}))`.execute(trx);
    const last = await trx
      .selectFrom('archive_transfers')
      .select((eb) => eb.fn.max('number').as('n'))
      .where('organ_id', '=', p.organId)
      .executeTakeFirst();
    const number = Number(last?.n ?? 0) + 1;
    const t = await trx
      .insertInto('archive_transfers')
      .values({
        organ_id: p.organId,
        number,
        unit_ids: [unitId],
        note: `Nhập gói SIP ${pkg.id} (${file.name})`,
        received_by: p.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // No work file behind an imported SIP: a fresh id fills workfile_id (unique per organ, never a real file).
    const r = await trx
      .insertInto('archive_records')
      .values({
        organ_id: p.organId,
        transfer_id: t.id,
        workfile_id: randomUUID(),
        code,
        title,
        search_key: foldKey(`${code} ${title}`),
        unit_id: unitId,
        retention: input.retention,
        start_date: created,
        end_date: created,
        mode,
        doc_count: documents.length,
        metadata: JSON.stringify(snap),
        tt05_xml: tt05,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await enqueue(
      trx,
      BUILD_AIP,
      { recordId: r.id, organId: p.organId },
      { organId: p.organId, uniqueKey: `aip:${r.id}` },
    );
    await recordAudit(trx, actor, {
      action: 'archive.sip.import',
      entityType: 'archive_record',
      entityId: r.id,
      summary: `Nhập gói SIP ${pkg.id} — ${title} (${documents.length} tệp)`,
      after: { sip: sipSha, objid: pkg.id, transferNumber: number },
    });
    return r.id;
  });
  return { id: recordId, code, title, docCount: documents.length, warnings: report.warnings };
}
