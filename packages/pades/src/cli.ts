import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PadesError } from './errors';
import type { AppearanceOptions, Rect } from './pdf/appearance';
import type { VerifyReport } from './verify/model';
import { verifyPdf } from './verify/verify';

export interface Io {
  out(s: string): void;
  err(s: string): void;
}

const USAGE = `Cách dùng:
  pades --help                    in hướng dẫn này
  pades verify <tệp.pdf>… --trust <thư mục chứng thư gốc> [--json] [--fetch] [--lenient]
  pades sign <vào.pdf> -o <ra.pdf> --p12 <tệp.p12> --pass <mật khẩu> [--tsa <url>] [--lt]
             [--image <chữ ký.png> | --seal <con dấu.png>] [--rect x,y,w,h] [--page n]
             [--stamp "Số: 12/QĐ-BNV|Bộ Nội vụ"]
`;

class UsageError extends Error {}

function parse(args: string[]): { positional: string[]; flags: Map<string, string | true> } {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  const boolean = new Set(['--json', '--fetch', '--lenient', '--lt']);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('-')) {
      if (boolean.has(a)) flags.set(a, true);
      else {
        const v = args[++i];
        if (v === undefined) throw new UsageError(`Thiếu giá trị cho ${a}`);
        flags.set(a, v);
      }
    } else positional.push(a);
  }
  return { positional, flags };
}

/** Reads every certificate (DER or PEM, several per PEM file) of a directory. */
export function readTrustDir(dir: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const name of readdirSync(dir)) {
    if (!/\.(der|cer|crt|pem)$/i.test(name)) continue;
    const bytes = readFileSync(join(dir, name));
    const text = bytes.toString('latin1');
    if (text.includes('-----BEGIN CERTIFICATE-----')) {
      for (const m of text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g))
        out.push(new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64')));
    } else out.push(new Uint8Array(bytes));
  }
  return out;
}

function jsonReport(r: VerifyReport): string {
  return JSON.stringify(r, (key, value: unknown) => (key === 'signerCertificate' ? undefined : value), 2);
}

function textReport(r: VerifyReport): string {
  const label = { valid: 'HỢP LỆ', invalid: 'KHÔNG HỢP LỆ', indeterminate: 'CHƯA XÁC ĐỊNH' } as const;
  const lines = [
    `Số phiên bản: ${r.revisions}; số chữ ký: ${r.signatures.length}${r.dss.present ? '; có dữ liệu kiểm tra dài hạn (DSS)' : ''}`,
  ];
  for (const p of r.problems) lines.push(`! ${p.message} [${p.code}]`);
  for (const s of r.signatures) {
    lines.push(
      `- ${s.fieldName}: ${label[s.verdict]} — ${s.signerName ?? 'không rõ người ký'}${s.signingTime.claimed ? `, ký lúc ${s.signingTime.claimed.toISOString()}` : ''}`,
    );
    for (const c of s.changesAfter)
      lines.push(
        `    thay đổi sau khi ký: ${c.kind}${c.detail ? ` (${c.detail})` : ''}${c.allowed ? '' : ' — KHÔNG được phép'}`,
      );
    for (const x of s.reasons) lines.push(`    ${x.message} [${x.code}]`);
  }
  return lines.join('\n') + '\n';
}

function rect(v: string | true | undefined): Rect {
  const n = typeof v === 'string' ? v.split(',').map(Number) : [];
  if (n.length !== 4 || n.some((x) => !Number.isFinite(x))) throw new UsageError('--rect phải có dạng x,y,w,h');
  return { x: n[0]!, y: n[1]!, width: n[2]!, height: n[3]! };
}

/**
 * `pades verify <file…>`: one report per file. With several files, one process verifies them all (what a batch
 * check of an archive wants; the trust directory is read once). Exit code: 0 when every signature of every file is
 * valid, 1 when one is not, 2 when a file cannot be read.
 */
async function verifyCmd(positional: string[], flags: Map<string, string | true>, io: Io): Promise<number> {
  const trust = flags.get('--trust');
  if (positional.length === 0 || typeof trust !== 'string') throw new UsageError('Cần <tệp.pdf> và --trust <thư mục>');
  const options = {
    trustAnchors: readTrustDir(trust),
    fetchRevocation: flags.has('--fetch'),
    revocationPolicy: flags.has('--lenient') ? ('lenient' as const) : ('strict' as const),
  };
  if (positional.length === 1) {
    const report = await verifyPdf(new Uint8Array(readFileSync(positional[0]!)), options);
    io.out(flags.has('--json') ? jsonReport(report) + '\n' : textReport(report));
    return report.valid ? 0 : 1;
  }
  let code = 0;
  const results: { file: string; report?: VerifyReport; error?: string }[] = [];
  for (const file of positional) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(file));
    } catch (e) {
      results.push({ file, error: `Không đọc được tệp: ${(e as Error).message}` });
      code = 2;
      continue;
    }
    const report = await verifyPdf(bytes, options);
    if (!report.valid && code === 0) code = 1;
    if (flags.has('--json')) results.push({ file, report });
    else io.out(`== ${file}\n${textReport(report)}`);
  }
  if (flags.has('--json'))
    io.out(
      JSON.stringify(results, (key, value: unknown) => (key === 'signerCertificate' ? undefined : value), 2) + '\n',
    );
  else for (const r of results) if (r.error) io.out(`== ${r.file}\n${r.error}\n`);
  return code;
}

async function signCmd(positional: string[], flags: Map<string, string | true>, io: Io): Promise<number> {
  const input = positional[0];
  const out = flags.get('-o');
  const p12 = flags.get('--p12');
  const pass = flags.get('--pass');
  if (!input || typeof out !== 'string' || typeof p12 !== 'string' || typeof pass !== 'string')
    throw new UsageError('Cần <vào.pdf>, -o, --p12 và --pass');
  // Loaded on demand: verification (the common, batch use) does not pay for the signing code.
  const [{ signPdf }, { Pkcs12Signer }] = await Promise.all([import('./sign/sign'), import('./signers/pkcs12')]);
  const signer = Pkcs12Signer.fromPkcs12(new Uint8Array(readFileSync(p12)), pass);
  const page = flags.has('--page') ? Number(flags.get('--page')) - 1 : undefined;
  let appearance: AppearanceOptions | undefined;
  const image = flags.get('--image');
  const seal = flags.get('--seal');
  if (typeof image === 'string')
    appearance = {
      kind: 'signature',
      image: new Uint8Array(readFileSync(image)),
      rect: rect(flags.get('--rect')),
      page,
    };
  else if (typeof seal === 'string')
    appearance = {
      kind: 'seal',
      image: new Uint8Array(readFileSync(seal)),
      signerRect: rect(flags.get('--rect')),
      page,
    };
  const stampArg = flags.get('--stamp');
  const stamp =
    typeof stampArg === 'string'
      ? { firstLine: stampArg.split('|')[0] ?? '', organName: stampArg.split('|')[1] ?? '', page }
      : undefined;
  const tsa = flags.get('--tsa');
  const signed = await signPdf(new Uint8Array(readFileSync(input)), {
    signer,
    appearance,
    stamp,
    tsaUrl: typeof tsa === 'string' ? tsa : undefined,
    ltv: flags.has('--lt'),
  });
  writeFileSync(out, signed);
  io.err(`Đã ký: ${out}\n`);
  return 0;
}

/** Runs the CLI; returns the exit code (0 valid / done, 1 not valid, 2 usage or I/O error). */
export async function main(args: string[], io: Io): Promise<number> {
  const [cmd, ...rest] = args;
  if (
    cmd === '--help' ||
    cmd === '-h' ||
    cmd === 'help' ||
    (cmd !== undefined && (rest.includes('--help') || rest.includes('-h')))
  ) {
    io.out(USAGE);
    return 0;
  }
  try {
    const { positional, flags } = parse(rest);
    if (cmd === 'verify') return await verifyCmd(positional, flags, io);
    if (cmd === 'sign') return await signCmd(positional, flags, io);
    throw new UsageError(cmd ? `Lệnh không hợp lệ: ${cmd}` : 'Thiếu lệnh');
  } catch (e) {
    if (e instanceof UsageError) io.err(`${e.message}\n${USAGE}`);
    else if (e instanceof PadesError) io.err(`${e.message} [${e.code}]\n`);
    else io.err(`Lỗi: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
}
