// eark — E-ARK CSIP information packages from the command line.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { buildPackage, fileOnDisk, type ContentFile } from './build';
import { EarkError } from './errors';
import { unpackPackage } from './read';
import { validatePackage } from './validate';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

const MIME: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.xml': 'application/xml',
  '.txt': 'text/plain',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.odt': 'application/vnd.oasis.opendocument.text',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
};

async function contentOf(dir: string, rel = ''): Promise<ContentFile[]> {
  const out: ContentFile[] = [];
  for (const e of await readdir(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await contentOf(dir, r)));
    else if (e.isFile()) {
      const p = path.join(dir, r);
      out.push(
        fileOnDisk(p, r, MIME[path.extname(e.name).toLowerCase()] ?? 'application/octet-stream', (await stat(p)).size),
      );
    }
  }
  return out;
}

const USAGE = `Usage: eark <command> [options]

Commands:
  validate <dir|zip>... [--json]   Validate E-ARK CSIP 2.1.0 packages; each finding names its requirement
                                   (CSIP1 … CSIP119, CSIPSTR…). Exit 0 when valid, 1 on errors, 2 on bad usage.
  build <content-dir> -o <out.zip> --id <id> [--type SIP|AIP|DIP]
                                   One representation (rep1) of the folder's files, SHA-256 in the METS.
  unpack <dir|zip> -o <dir>        Unpack into <dir>/<package id>/ (nothing is written outside it).
  --help                           This text.
`;

export async function main(argv: string[], out = process.stdout, err = process.stderr): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    (cmd ? out : err).write(USAGE);
    return cmd ? 0 : 2;
  }
  if (cmd === 'validate') {
    const json = rest.includes('--json');
    const paths = rest.filter((a) => !a.startsWith('--'));
    if (!paths.length) {
      err.write('eark validate: name a package folder or ZIP\n');
      return 2;
    }
    let worst = 0;
    const reports = [];
    for (const p of paths) {
      const r = await validatePackage(p);
      reports.push(r);
      if (!r.valid) worst = 1;
      if (!json) {
        out.write(`${p}: ${r.valid ? 'valid' : 'INVALID'} (${r.errors} errors, ${r.warnings} warnings)\n`);
        for (const f of r.findings)
          out.write(
            `  ${f.level === 'error' ? 'ERROR' : 'warn '} ${f.id}${f.code ? ` [${f.code}]` : ''} ${f.mets ? `${f.mets}${f.line ? `:${f.line}` : ''} ` : ''}${f.message}\n`,
          );
      }
    }
    if (json) out.write(`${JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2)}\n`);
    return worst;
  }
  try {
    if (cmd === 'build') {
      const src = rest.find(
        (a, i) =>
          !a.startsWith('--') &&
          rest[i - 1] !== '-o' &&
          rest[i - 1] !== '--id' &&
          rest[i - 1] !== '--type' &&
          a !== '-o',
      );
      const outPath = option(rest, '-o');
      const id = option(rest, '--id');
      const type = (option(rest, '--type') ?? 'SIP') as 'SIP' | 'AIP' | 'DIP';
      if (!src || !outPath || !id || !['SIP', 'AIP', 'DIP'].includes(type)) {
        err.write('eark build: eark build <content-dir> -o <out.zip> --id <id> [--type SIP|AIP|DIP]\n');
        return 2;
      }
      const built = await buildPackage(
        {
          id,
          packageType: type,
          agent: { name: 'vanthu eark', version: '0.1.0' },
          representations: [{ id: 'rep1', files: await contentOf(src) }],
        },
        outPath,
      );
      out.write(`${outPath}: ${built.files.size} files\n`);
      return 0;
    }
    if (cmd === 'unpack') {
      const src = rest.find((a, i) => !a.startsWith('-') && rest[i - 1] !== '-o');
      const dest = option(rest, '-o');
      if (!src || !dest) {
        err.write('eark unpack: eark unpack <dir|zip> -o <dir>\n');
        return 2;
      }
      out.write(`${await unpackPackage(src, dest)}\n`);
      return 0;
    }
  } catch (e) {
    if (e instanceof EarkError) {
      err.write(`eark ${cmd}: ${e.code}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  err.write(`eark: unknown command ${cmd}\n${USAGE}`);
  return 2;
}
