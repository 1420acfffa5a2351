/** Poppler's pdfsig as a second opinion in tests and benchmarks. */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PdfsigSignature {
  field: string;
  signatureValid: boolean;
  certificateTrusted: boolean;
  validation: string;
  certificateValidation: string;
}

/** A temporary NSS database trusting the given roots (DER) for signing. */
export async function createNssDb(roots: Uint8Array[]): Promise<{ dir: string; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'pades-nss-'));
  await run('certutil', ['-N', '--empty-password', '-d', `sql:${dir}`]);
  for (const [i, der] of roots.entries()) {
    const file = join(dir, `root${i}.der`);
    writeFileSync(file, der);
    await run('certutil', ['-A', '-n', `root${i}`, '-t', 'CT,C,C', '-i', file, '-d', `sql:${dir}`]);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function parsePdfsig(output: string): PdfsigSignature[] {
  const blocks = output.split(/^Signature #\d+:$/m).slice(1);
  return blocks.map((b) => {
    const field = /Signature Field Name: (.*)/.exec(b)?.[1]?.trim() ?? '';
    const validation = /Signature Validation: (.*)/.exec(b)?.[1]?.trim() ?? '';
    const certificateValidation = /Certificate Validation: (.*)/.exec(b)?.[1]?.trim() ?? '';
    return {
      field,
      validation,
      certificateValidation,
      signatureValid: validation === 'Signature is Valid.',
      certificateTrusted: certificateValidation === 'Certificate is Trusted.',
    };
  });
}

/** Runs pdfsig on a file path (exit status ignored: pdfsig exits non-zero for invalid files). */
export async function pdfsigFile(nssDir: string, file: string, extra: string[] = []): Promise<PdfsigSignature[]> {
  try {
    const { stdout } = await run('pdfsig', ['-nssdir', `sql:${nssDir}`, ...extra, file], {
      maxBuffer: 16 * 1024 * 1024,
    });
    return parsePdfsig(stdout);
  } catch (e) {
    const out = (e as { stdout?: string }).stdout ?? '';
    return parsePdfsig(out);
  }
}

export async function pdfsig(nssDir: string, pdf: Uint8Array, extra: string[] = []): Promise<PdfsigSignature[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pades-sig-'));
  const file = join(dir, 'doc.pdf');
  writeFileSync(file, pdf);
  try {
    return await pdfsigFile(nssDir, file, extra);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
