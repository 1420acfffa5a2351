/**
 * The AIP of an archive record (records.md "Packages", TT 05/2025): an E-ARK CSIP 2.1 ZIP built with
 * @vanthu/eark from the documents' stored bytes (byte for byte, SHA-256 from the blob store, re-hashed while
 * written), Dublin Core + the TT 05 XML as descriptive metadata, PREMIS 3 (objects, ingest, fixity, validation),
 * validated before it is kept, then stored as a blob. Signed PDFs also get a PAdES B-LTA preservation copy in
 * rep2 (DSS + document timestamp on a copy; rep1 and the blob store keep the signed originals unchanged).
 * Runs as the job archive.build_aip (idempotent).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buildPackage, openSource, premisXml, validatePackage, type ContentFile, type PremisEvent } from '@vanthu/eark';
import { addDocumentTimestamp } from '@vanthu/pades';
import type { Deps } from '../../deps';
import { recordAudit } from '../audit';
import { addLtv, timestamperFor } from '../signing';
import type { Snapshot } from './archive.service';

const esc = (s: string) =>
  s
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
const MODE_LABEL: Record<string, string> = { '01': 'Công khai', '02': 'Hạn chế sử dụng', '03': 'Mật' };

export function dublinCore(s: Snapshot, organName: string): string {
  const f = s.file;
  const el = (n: string, v: string) => (v ? `  <dc:${n}>${esc(v)}</dc:${n}>\n` : '');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n${el('identifier', f.code)}${el('title', f.title)}${el('creator', `${organName} — ${f.unitName}`)}` +
    `${el('date', `${f.startDate}/${f.endDate}`)}${el('language', f.tt05.language ?? 'vi')}${el('rights', MODE_LABEL[f.mode] ?? f.mode)}${el('type', 'Hồ sơ')}` +
    s.documents.map((d) => el('hasPart', `${d.docCode} ${d.numberNotation} ${d.subject}`.trim())).join('') +
    '</metadata>\n'
  );
}

/** Builds, validates and stores the record's AIP. Returns quietly when it is already built (a retried job). */
export async function buildRecordAip(deps: Deps, recordId: string, organId: string): Promise<void> {
  const r = await deps.db
    .selectFrom('archive_records')
    .selectAll()
    .where('id', '=', recordId)
    .where('organ_id', '=', organId)
    .executeTakeFirst();
  if (!r || r.status !== 'packaging') return;
  const organ = await deps.db
    .selectFrom('organs')
    .select(['name', 'code'])
    .where('id', '=', organId)
    .executeTakeFirstOrThrow();
  const snap = r.metadata as Snapshot;
  const files: ContentFile[] = [];
  const objects = [];
  // Imported SIPs: their content is read in place from the SIP blob (one source open while the AIP is built).
  const sipBlob = snap.documents.flatMap((d) => d.files).find((f) => f.sip)?.sip?.blob;
  const sipPath = sipBlob ? deps.blobs.path?.(sipBlob) : undefined;
  const sip = sipPath ? await openSource(sipPath) : null;
  try {
    for (const d of snap.documents)
      for (const f of d.files) {
        const entry = f.sip?.entry;
        files.push({
          path: f.path,
          mimetype: f.mime,
          size: f.size,
          ...(f.sha256 ? { sha256: f.sha256 } : {}),
          open: entry && sip ? () => sip.open(entry) : () => deps.blobs.open(f.sha256),
        });
        objects.push({
          id: `obj-${f.path}`,
          name: `representations/rep1/data/${f.path}`,
          size: f.size,
          sha256: f.sha256,
          format: f.mime,
        });
      }
    const now = deps.now();
    const lta = await preservationCopies(deps, organId, snap);
    const events: PremisEvent[] = [
      {
        id: 'ev-accession',
        type: 'accession',
        date: r.created_at,
        detail: `Nhận nộp lưu hồ sơ ${snap.file.code}`,
        outcome: 'success',
        agentId: 'agent-archive',
        objectIds: objects.map((o) => o.id),
      },
      {
        id: 'ev-fixity',
        type: 'fixity check',
        date: now,
        detail: 'SHA-256 của từng tệp so với kho lưu trữ khi đóng gói',
        outcome: 'success',
        agentId: 'agent-vanthu',
        objectIds: objects.map((o) => o.id),
      },
      {
        id: 'ev-ingest',
        type: 'ingestion',
        date: now,
        outcome: 'success',
        agentId: 'agent-vanthu',
        objectIds: objects.map((o) => o.id),
      },
    ];
    const signed = snap.documents.flatMap((d) => d.files).filter((f) => f.signature);
    if (signed.length)
      events.push({
        id: 'ev-signatures',
        type: 'digital signature validation',
        date: r.created_at,
        detail: 'Kiểm tra chữ ký số khi nộp lưu (mô-đun ký số)',
        outcome: signed.every((f) => f.signature!.verdict === 'valid') ? 'success' : 'warning',
        outcomeDetail: signed.map((f) => `${f.path}: ${f.signature!.verdictLabel}`).join('; '),
        agentId: 'agent-vanthu',
        objectIds: signed.map((f) => `obj-${f.path}`),
      });
    for (const c of lta.copies)
      objects.push({
        id: `obj-lta-${c.path}`,
        name: `representations/rep2/data/${c.path}`,
        size: c.bytes.length,
        sha256: c.sha256,
        format: 'application/pdf',
      });
    if (lta.copies.length || lta.skipped.length)
      events.push({
        id: 'ev-lta',
        type: 'migration',
        date: now,
        detail:
          'Bản sao bảo quản PAdES B-LTA (dữ liệu kiểm tra dài hạn + dấu thời gian tài liệu) của các văn bản ký số; bản gốc ở rep1 giữ nguyên',
        outcome: lta.skipped.length ? 'warning' : 'success',
        ...(lta.skipped.length ? { outcomeDetail: lta.skipped.join('; ') } : {}),
        agentId: 'agent-vanthu',
        objectIds: lta.copies.map((c) => `obj-lta-${c.path}`),
      });
    const agents = [
      { id: 'agent-vanthu', name: 'vanthu 0.1.0', type: 'software' as const },
      { id: 'agent-archive', name: `${organ.name} — Lưu trữ cơ quan`, type: 'organization' as const },
    ];
    const dir = await mkdtemp(path.join(os.tmpdir(), 'vanthu-aip-'));
    const zip = path.join(dir, 'aip.zip');
    try {
      await buildPackage(
        {
          id: snap.file.code,
          packageType: 'AIP',
          type: 'Mixed',
          label: snap.file.title,
          agent: { name: 'vanthu', version: '0.1.0' },
          agents: [
            { role: 'ARCHIVIST', type: 'ORGANIZATION', name: `${organ.name} — Lưu trữ cơ quan`, note: organ.code },
            { role: 'CREATOR', type: 'ORGANIZATION', name: `${organ.name} — ${snap.file.unitName}` },
          ],
          descriptive: [
            { name: 'dc.xml', mdtype: 'DC', content: dublinCore(snap, organ.name) },
            { name: 'tt05.xml', mdtype: 'OTHER', othermdtype: 'TT05-2025', content: r.tt05_xml },
          ],
          preservation: [{ name: 'premis.xml', mdtype: 'PREMIS', content: premisXml({ objects, events, agents }) }],
          representations: [
            {
              id: 'rep1',
              files,
              descriptive: [{ name: 'tt05.xml', mdtype: 'OTHER', othermdtype: 'TT05-2025', content: r.tt05_xml }],
            },
            ...(lta.copies.length
              ? [
                  {
                    id: 'rep2',
                    files: lta.copies.map((c) => ({
                      path: c.path,
                      mimetype: 'application/pdf',
                      size: c.bytes.length,
                      sha256: c.sha256,
                      open: () => Readable.from([Buffer.from(c.bytes)]),
                    })),
                  },
                ]
              : []),
          ],
        },
        zip,
      );
      const report = await validatePackage(zip);
      const validation = {
        valid: report.valid,
        errors: report.errors,
        warnings: report.warnings,
        findings: report.findings.slice(0, 50).map((f) => ({ id: f.id, level: f.level, message: f.message })),
        at: new Date().toISOString(),
      };
      if (report.errors > 0) {
        await deps.db.transaction().execute(async (trx) => {
          await trx
            .updateTable('archive_records')
            .set({ status: 'failed', validation: JSON.stringify(validation), updated_at: new Date() })
            .where('id', '=', r.id)
            .execute();
          await recordAudit(
            trx,
            { userId: null, name: 'vanthu', organId },
            {
              action: 'archive.record.aip_failed',
              entityType: 'archive_record',
              entityId: r.id,
              summary: `Gói AIP của ${r.code} không hợp lệ (${report.errors} lỗi)`,
            },
          );
        });
        return;
      }
      const put = await deps.blobs.put(createReadStream(zip), { maxBytes: Number.MAX_SAFE_INTEGER, allowed: ['zip'] });
      await deps.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('blobs')
          .values({ sha256: put.sha256, size: put.size, mime: 'application/zip' })
          .onConflict((oc) => oc.column('sha256').doNothing())
          .execute();
        const done = await trx
          .updateTable('archive_records')
          .set({
            status: 'archived',
            aip_sha256: put.sha256,
            aip_size: put.size,
            validation: JSON.stringify(validation),
            updated_at: new Date(),
          })
          .where('id', '=', r.id)
          .where('status', '=', 'packaging')
          .returning('id')
          .executeTakeFirst();
        if (done)
          await recordAudit(
            trx,
            { userId: null, name: 'vanthu', organId },
            {
              action: 'archive.record.aip',
              entityType: 'archive_record',
              entityId: r.id,
              summary: `Lập gói AIP của ${r.code}: ${files.length} tệp, SHA-256 ${put.sha256}`,
              after: { sha256: put.sha256, size: put.size, warnings: report.warnings },
            },
          );
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  } finally {
    await sip?.close();
  }
}

/**
 * PAdES B-LTA preservation copies (rep2) of the signed PDFs: the DSS (addLtv) then a document timestamp from the
 * organ's TSA, applied to a copy read from the blob store; the signed original in rep1 and in blobs is never
 * rewritten. Files above signing.verifyMaxBytes, or without a TSA, are listed as skipped (PREMIS warning).
 */
export async function preservationCopies(
  deps: Deps,
  organId: string,
  snap: Snapshot,
): Promise<{ copies: { path: string; sha256: string; bytes: Uint8Array }[]; skipped: string[] }> {
  const copies: { path: string; sha256: string; bytes: Uint8Array }[] = [];
  const skipped: string[] = [];
  const signed = snap.documents
    .flatMap((d) => d.files)
    .filter((f) => f.mime === 'application/pdf' && f.signature && f.signature.signatures.length > 0);
  if (!signed.length) return { copies, skipped };
  const stamp = await timestamperFor(deps, organId);
  for (const f of signed) {
    if (!stamp) {
      skipped.push(`${f.path}: chưa cấu hình dịch vụ cấp dấu thời gian`);
      continue;
    }
    if (f.size > deps.config.signing.verifyMaxBytes) {
      skipped.push(`${f.path}: tệp quá lớn`);
      continue;
    }
    try {
      const chunks: Buffer[] = [];
      for await (const c of deps.blobs.open(f.sha256)) chunks.push(c as Buffer);
      const ltv = await addLtv(deps, new Uint8Array(Buffer.concat(chunks)));
      const { pdf } = await addDocumentTimestamp(ltv.pdf, { timestamper: stamp, fieldName: 'LuuTruTimestamp' });
      copies.push({ path: f.path, sha256: createHash('sha256').update(pdf).digest('hex'), bytes: pdf });
    } catch (e) {
      skipped.push(`${f.path}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { copies, skipped };
}

/** Reads one document's bytes from the record's AIP (the preserved original), bounded. */
export async function readFromAip(
  deps: Deps,
  aipSha: string,
  code: string,
  rel: string,
  maxBytes = 256 * 1024 * 1024,
): Promise<Buffer> {
  const p = deps.blobs.path?.(aipSha);
  if (!p) throw new Error('the blob store gives no path for packages');
  const src = await openSource(p);
  try {
    const name = src.files.has(`representations/rep1/data/${rel}`)
      ? `representations/rep1/data/${rel}`
      : `${code}/representations/rep1/data/${rel}`;
    return await src.read(name, maxBytes);
  } finally {
    await src.close();
  }
}

/**
 * A DIP for a reader (F6i, F2a): a CSIP package of the documents as watermarked copies, with the record's DC and
 * TT 05 descriptive metadata. Built into a temp folder; the caller streams it and removes the folder.
 */
export async function buildDip(input: {
  id: string;
  title: string;
  dc: string;
  tt05: string;
  copies: { path: string; bytes: Uint8Array }[];
}): Promise<{ zip: string; dir: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'vanthu-dip-'));
  const zip = path.join(dir, 'dip.zip');
  try {
    await buildPackage(
      {
        id: input.id,
        packageType: 'DIP',
        type: 'Mixed',
        label: input.title,
        agent: { name: 'vanthu', version: '0.1.0' },
        descriptive: [
          { name: 'dc.xml', mdtype: 'DC', content: input.dc },
          { name: 'tt05.xml', mdtype: 'OTHER', othermdtype: 'TT05-2025', content: input.tt05 },
        ],
        representations: [
          {
            id: 'rep1',
            files: input.copies.map((c) => ({
              path: c.path,
              mimetype: 'application/pdf',
              size: c.bytes.length,
              open: () => Readable.from([Buffer.from(c.bytes)]),
            })),
          },
        ],
      },
      zip,
    );
    return { zip, dir };
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}
