// CLI `edxml`: parse, validate and build packages. Exit codes: 0 ok/valid, 2 invalid or refused, 1 usage or I/O error.
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { buildEdoc, type EdocMeta } from './build-edoc';
import { buildStatus, type StatusMeta } from './build-status';
import { contentTypeFor } from './content-types';
import { isEdxmlError } from './errors';
import { parseEdxml } from './parse';
import { discardSink } from './sinks';
import type { ParsedEdxml } from './types';
import { validateEdxml } from './validate';

const USAGE = `Cách dùng:
  edxml parse <tệp.edxml> [--json]
  edxml validate <tệp.edxml> [--strict]
  edxml build <meta.json> [tệp đính kèm...] -o <ra.edxml>`;

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
      size: a.size,
      sha256: a.sha256,
      ...(a.zipped ? { entries: a.entries.map((e) => ({ name: e.name, contentType: e.contentType, size: e.size, sha256: e.sha256 })) } : {}),
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
    ...p.attachments.flatMap((a) => [`Tệp: ${a.name} (${a.contentType}, ${a.size} byte, sha256 ${a.sha256})`, ...a.entries.map((e) => `  └ ${e.name} (${e.size} byte)`)]),
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

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...args] = argv;
  const file = args.find((a) => !a.startsWith('-'));
  try {
    if (cmd === 'build') return await build(args);
    if ((cmd !== 'parse' && cmd !== 'validate') || !file) return usage();
    const parsed = await parseEdxml(file, { attachmentSink: discardSink });
    if (cmd === 'parse') {
      process.stdout.write(args.includes('--json') ? `${JSON.stringify(summary(parsed), null, 2)}\n` : `${human(parsed)}\n`);
      return 0;
    }
    const issues = validateEdxml(parsed, { strictOrganCodes: args.includes('--strict') });
    for (const i of issues) process.stdout.write(`${i.code}\t${i.path}\t${i.message}\n`);
    process.stdout.write(issues.length === 0 ? 'Hợp lệ.\n' : `Không hợp lệ: ${issues.length} lỗi.\n`);
    return issues.length === 0 ? 0 : 2;
  } catch (e) {
    if (isEdxmlError(e)) {
      process.stdout.write(`${e.code}\t\t${e.message}\n`);
      return 2;
    }
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

const invokedDirectly = process.argv[1] !== undefined && /cli\.ts$/.test(process.argv[1]);
if (invokedDirectly) process.exitCode = await main(process.argv.slice(2));
