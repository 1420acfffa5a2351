// CLI `edxml`: parse, validate, build and extract packages. Exit codes: 0 ok/valid, 2 invalid or refused, 1 usage or I/O error.
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { buildEdoc, type EdocMeta } from './build-edoc';
import { buildStatus, type StatusMeta } from './build-status';
import { contentTypeFor } from './content-types';
import { isEdxmlError } from './errors';
import { parseEdxml } from './parse';
import { extractEdxml } from './extract';
import { discardSink } from './sinks';
import type { ParsedEdxml } from './types';
import { validateEdxml } from './validate';

const USAGE = `Cách dùng (gói edXML theo QCVN 102:2016):
  edxml parse <tệp.edxml> [--json]              thông tin gói, tệp đính kèm (tên, kiểu, cỡ, SHA-256), cảnh báo
  edxml validate <tệp.edxml> [--strict]         kiểm tra; mỗi lỗi một dòng "mã<TAB>đường dẫn<TAB>thông báo"
                                                (--strict: kiểm tra như gói ta gửi đi)
  edxml build <meta.json> [tệp đính kèm...] -o <ra.edxml>
                                                tạo gói (meta: EdocMeta, hoặc StatusMeta có statusCode)
  edxml extract <tệp.edxml> -o <thư mục> [--max-mb N] [--no-unzip]
                                                ghi các tệp đính kèm (tên an toàn, tệp giải nén trong
                                                "<tên>.files/") và metadata.json vào thư mục mới hoặc rỗng;
                                                tổng dung lượng tối đa N MB (mặc định 512)
  edxml --help                                  in hướng dẫn này

Mã thoát: 0 hợp lệ/thành công, 2 gói không hợp lệ hoặc bị từ chối, 1 sai cách dùng hoặc lỗi đọc/ghi.`;

function summary(p: ParsedEdxml): unknown {
  const base = { kind: p.kind, warnings: p.warnings };
  if (p.kind === 'status') return { ...base, status: p.status };
  return {
    ...base,
    header: p.header,
    manifest: p.manifest,
    attachments: p.attachments.map((a) => ({
      contentId: a.contentId,
      name: a.name,
      contentType: a.contentType,
      ...(a.description ? { description: a.description } : {}),
      size: a.size,
      sha256: a.sha256,
      ...(a.contentWarning ? { contentWarning: a.contentWarning.code } : {}),
      ...(a.zipped
        ? {
            entries: a.entries.map((e) => ({
              name: e.name,
              contentType: e.contentType,
              size: e.size,
              sha256: e.sha256,
            })),
          }
        : {}),
    })),
  };
}

function human(p: ParsedEdxml): string {
  if (p.kind === 'status') {
    const s = p.status;
    return `Gói trạng thái ${s.statusCode} từ ${s.from.organId} về văn bản ${s.responseFor.documentId ?? s.responseFor.code ?? ''} lúc ${s.timestamp}`;
  }
  const mh = p.header.messageHeader;
  const lines = [
    `Văn bản ${mh.code.codeNumber}/${mh.code.codeNotation} (${mh.documentId})`,
    `Từ: ${mh.from.organId} ${mh.from.organName ?? ''}`,
    `Đến: ${mh.to.map((t) => t.organId).join(', ')}`,
    `Trích yếu: ${mh.subject}`,
    ...p.attachments.flatMap((a) => [
      `Tệp: ${a.name} (${a.contentType}, ${a.size} byte, sha256 ${a.sha256})${a.description ? ` — ${a.description}` : ''}`,
      ...a.entries.map((e) => `  └ ${e.name} (${e.size} byte)`),
    ]),
    ...(p.envelopeSignature ? [`Chữ ký XML: ${p.envelopeSignature.status}`] : []),
    ...p.warnings.map((w) => `Cảnh báo ${w.code}: ${w.message}`),
  ];
  return lines.join('\n');
}

async function build(args: string[]): Promise<number> {
  const o = args.indexOf('-o');
  const out = o >= 0 ? args[o + 1] : undefined;
  const rest = args.filter((_, i) => i !== o && i !== o + 1);
  const [metaPath, ...files] = rest;
  if (!metaPath || !out) return usage();
  const meta = JSON.parse(await readFile(metaPath, 'utf8')) as EdocMeta | StatusMeta;
  const stream =
    'statusCode' in meta
      ? buildStatus(meta)
      : buildEdoc(
          meta,
          files.map((f) => ({ name: basename(f), contentType: contentTypeFor(f), source: f })),
        );
  await pipeline(stream, createWriteStream(out));
  return 0;
}

function usage(): number {
  process.stderr.write(`${USAGE}\n`);
  return 1;
}

function optionValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function extract(args: string[]): Promise<number> {
  const out = optionValue(args, '-o');
  const maxMb = optionValue(args, '--max-mb');
  const valued = new Set(['-o', '--max-mb']);
  const file = args.find((a, i) => !a.startsWith('-') && !valued.has(args[i - 1] ?? ''));
  if (!file || !out || (maxMb !== undefined && !(Number(maxMb) > 0))) return usage();
  const r = await extractEdxml(file, out, {
    unzip: !args.includes('--no-unzip'),
    ...(maxMb ? { maxTotalBytes: Math.floor(Number(maxMb) * 1024 * 1024) } : {}),
  });
  for (const f of r.files)
    process.stdout.write(`${f.path}\t${f.size}\t${f.sha256}${f.contentWarning ? `\t${f.contentWarning.code}` : ''}\n`);
  for (const w of r.parsed.warnings) process.stdout.write(`cảnh báo\t${w.code}\t${w.path}\t${w.message}\n`);
  process.stdout.write(`Đã ghi ${r.files.length} tệp và metadata.json vào ${r.dir}\n`);
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...args] = argv;
  if (cmd === '--help' || cmd === '-h' || cmd === 'help' || args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const file = args.find((a) => !a.startsWith('-'));
  try {
    if (cmd === 'build') return await build(args);
    if (cmd === 'extract') return await extract(args);
    if ((cmd !== 'parse' && cmd !== 'validate') || !file) return usage();
    const parsed = await parseEdxml(file, { attachmentSink: discardSink });
    if (cmd === 'parse') {
      process.stdout.write(
        args.includes('--json') ? `${JSON.stringify(summary(parsed), null, 2)}\n` : `${human(parsed)}\n`,
      );
      return 0;
    }
    const issues = validateEdxml(parsed, { strictOrganCodes: args.includes('--strict') });
    for (const i of issues) process.stdout.write(`${i.code}\t${i.path}\t${i.message}\n`);
    for (const w of parsed.warnings) process.stdout.write(`cảnh báo\t${w.code}\t${w.path}\t${w.message}\n`);
    process.stdout.write(issues.length === 0 ? 'Hợp lệ.\n' : `Không hợp lệ: ${issues.length} lỗi.\n`);
    return issues.length === 0 ? 0 : 2;
  } catch (e) {
    if (isEdxmlError(e)) {
      process.stdout.write(`${e.code}\t\t${e.message}\n`);
      if (e.detail) process.stderr.write(`${e.detail}\n`);
      return 2;
    }
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

const invokedDirectly = process.argv[1] !== undefined && /cli\.ts$/.test(process.argv[1]);
if (invokedDirectly) process.exitCode = await main(process.argv.slice(2));
