/**
 * PAdES benchmarks: signing throughput (1 MB PDF, software RSA-2048 key), verification
 * speed against poppler's pdfsig on the same 100 files, the visual second opinion's cost per page, and the
 * 10,000-mutation robustness run.
 * Verification is compared three ways, all in the same run: the `pades verify` command as a process over the
 * 100 files (one run, as a batch check is done; the modification analysis is always on) against pdfsig as a
 * process per file (it takes one file) — {"bench":"pades.verify","metric":"ratio_to_pdfsig"}, target ≥ 2; the
 * command as a process per file (start-up included); and the library in-process. The 100 files include second
 * signatures, allowed annotations and form-less content changes after signing (so the analysis has work) and
 * tampered bytes.
 * Run: node --import tsx --expose-gc bench/pades.bench.ts [--quick] [--only=sign,verify,visual,fuzz]
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { PDFArray, PDFName, PDFRef, PDFString } from 'pdf-lib';
import { beginUpdate } from '../packages/pades/src/pdf/update';
import { signPdf } from '../packages/pades/src/sign/sign';
import { runFuzz } from '../packages/pades/src/testing/fuzz';
import { createTestPki, softwareSigner, toPem } from '../packages/pades/src/testing/pki';
import { samplePdf } from '../packages/pades/src/testing/pdfs';
import { createNssDb, parsePdfsig } from '../packages/pades/src/testing/pdfsig';
import { verifyPdf } from '../packages/pades/src/verify/verify';
import { visualCheck } from '../packages/pades/src/verify/visual';
import { emit } from './lib/server';

const run = promisify(execFile);
const quick = process.argv.includes('--quick');
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
const section = (name: string): boolean => !only || only.includes(name);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const pki = await createTestPki();
const signer = softwareSigner(pki.signer, [pki.intermediate]);

// 1. signing throughput, 1 MB original
if (section('sign')) {
  const original = await samplePdf({ padTo: 1_000_000, objectStreams: false });
  await signPdf(original, { signer }); // warm-up
  const rates: number[] = [];
  const docs = quick ? 10 : 40;
  for (let r = 0; r < (quick ? 3 : 5); r++) {
    const t0 = performance.now();
    for (let i = 0; i < docs; i++)
      await signPdf(original, { signer, signingTime: new Date(Date.UTC(2026, 10, 21, 2, 30, i)) });
    rates.push(docs / ((performance.now() - t0) / 1000));
  }
  emit('pades.sign', 'input_size', original.length / 1e6, 'MB');
  emit('pades.sign', 'throughput', median(rates), 'doc/s');
}

/** An incremental update after signing: an allowed sticky note, or (content) a page content stream added. */
async function changeAfterSigning(pdf: Uint8Array, kind: 'note' | 'content'): Promise<Uint8Array> {
  const u = await beginUpdate(pdf);
  const page = u.doc.getPage(0);
  const ctx = u.doc.context;
  if (kind === 'content') {
    page.drawText('Them sau khi ky', { x: 72, y: 100, size: 12 });
    await u.doc.flush(); // writes the font pdf-lib embeds lazily
    const res = page.node.get(PDFName.of('Resources'));
    return u.finish([page.ref, ...(res instanceof PDFRef ? [res] : [])]).bytes;
  }
  const note = ctx.register(
    ctx.obj({
      Type: 'Annot',
      Subtype: 'Text',
      Rect: [500, 780, 520, 800],
      Contents: PDFString.of('Ghi chu'),
      P: page.ref,
    }),
  );
  const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
  if (annots) annots.push(note);
  else page.node.set(PDFName.of('Annots'), ctx.obj([note]));
  const raw = page.node.get(PDFName.of('Annots'));
  return u.finish([page.ref, ...(raw instanceof PDFRef ? [raw] : [])]).bytes;
}

// 2. verification: our verifier (in-process) vs pdfsig (one process per file, as it is used); 4. visual check
if (section('verify') || section('visual')) {
  const dir = mkdtempSync(join(tmpdir(), 'pades-bench-'));
  const nss = await createNssDb([pki.root.cert]);
  const files: string[] = [];
  for (let i = 0; i < 100; i++) {
    let pdf = await samplePdf({ pages: 1 + (i % 3), objectStreams: i % 2 === 0, title: `Van ban so ${i}` });
    pdf = await signPdf(pdf, { signer, signingTime: new Date(Date.UTC(2026, 0, 1, 0, 0, i)) });
    if (i % 4 === 0) pdf = await signPdf(pdf, { signer: softwareSigner(pki.organ, [pki.intermediate]) });
    if (i % 5 === 2) pdf = await changeAfterSigning(pdf, 'note');
    if (i % 7 === 3) pdf = await changeAfterSigning(pdf, 'content');
    if (i % 10 === 5) pdf[30] = pdf[30]! ^ 0x01; // tampered: both must report a digest mismatch
    const f = join(dir, `doc${i}.pdf`);
    writeFileSync(f, pdf);
    files.push(f);
  }
  const options = { trustAnchors: [pki.root.cert], revocationPolicy: 'lenient' as const };
  if (section('visual')) {
    // the visual second opinion on 20 of the files (1–3 pages each), the verification report given: render + compare only
    const sample = files.filter((_, i) => i % 5 === 0 || i % 5 === 2).slice(0, quick ? 6 : 20);
    const reports = await Promise.all(
      sample.map(async (f) => ({
        pdf: new Uint8Array(readFileSync(f)),
        report: await verifyPdf(new Uint8Array(readFileSync(f)), options),
      })),
    );
    await visualCheck(reports[0]!.pdf, { report: reports[0]!.report });
    const perPage: number[] = [];
    let different = 0;
    let pages = 0;
    for (let r = 0; r < (quick ? 1 : 3); r++) {
      const t0 = performance.now();
      pages = 0;
      different = 0;
      for (const x of reports) {
        const v = await visualCheck(x.pdf, { report: x.report });
        pages += v.pagesRendered;
        different += v.signatures.filter((s) => s.status === 'different').length;
      }
      perPage.push((performance.now() - t0) / pages);
    }
    emit('pades.visual', 'visual_ms_per_page', median(perPage), 'ms', {
      dpi: 40,
      files: reports.length,
      pages_rendered: pages,
      signatures_different: different,
    });
  }
  if (section('verify')) {
    const ours = async (): Promise<boolean[][]> => {
      const out: boolean[][] = [];
      for (const f of files)
        out.push((await verifyPdf(new Uint8Array(readFileSync(f)), options)).signatures.map((s) => s.integrity.ok));
      return out;
    };
    const poppler = async (): Promise<boolean[][]> => {
      const out: boolean[][] = [];
      for (const f of files) {
        let stdout = '';
        try {
          stdout = (await run('pdfsig', ['-nssdir', `sql:${nss.dir}`, f])).stdout;
        } catch (e) {
          stdout = (e as { stdout?: string }).stdout ?? '';
        }
        out.push(parsePdfsig(stdout).map((s) => s.signatureValid));
      }
      return out;
    };
    // The command: the bundled CLI (npm run build:pades), trust anchors from a directory, JSON out.
    const repo = resolve(import.meta.dirname, '..');
    await run(process.execPath, [join(repo, 'packages/pades/scripts/build-cli.mjs')]);
    const cli = join(repo, 'packages/pades/dist/pades.mjs');
    const trustDir = join(dir, 'trust');
    (await import('node:fs')).mkdirSync(trustDir);
    writeFileSync(join(trustDir, 'root.pem'), toPem(pki.root.cert));
    const command = async (batch: string[]): Promise<boolean[][]> => {
      let stdout = '';
      try {
        stdout = (
          await run(process.execPath, [cli, 'verify', ...batch, '--trust', trustDir, '--json', '--lenient'], {
            maxBuffer: 256 * 1024 * 1024,
          })
        ).stdout;
      } catch (e) {
        stdout = (e as { stdout?: string }).stdout ?? '';
      }
      const parsed = JSON.parse(stdout) as
        | { report: { signatures: { integrity: { ok: boolean } }[] } }[]
        | { signatures: { integrity: { ok: boolean } }[] };
      return (Array.isArray(parsed) ? parsed.map((p) => p.report) : [parsed]).map((r) =>
        r.signatures.map((x) => x.integrity.ok),
      );
    };
    await ours();
    await command(files.slice(0, 2));
    const commandMs: number[] = [];
    const commandPerFileMs: number[] = [];
    let c: boolean[][] = [];
    const oursMs: number[] = [];
    const popplerMs: number[] = [];
    let a: boolean[][] = [];
    let b: boolean[][] = [];
    for (let r = 0; r < (quick ? 1 : 3); r++) {
      let t0 = performance.now();
      a = await ours();
      oursMs.push(performance.now() - t0);
      t0 = performance.now();
      b = await poppler();
      popplerMs.push(performance.now() - t0);
      t0 = performance.now();
      c = await command(files);
      commandMs.push(performance.now() - t0);
      t0 = performance.now();
      for (const f of files.slice(0, 10)) await command([f]);
      commandPerFileMs.push((performance.now() - t0) / 10);
    }
    const agree = a.filter((x, i) => JSON.stringify(x) === JSON.stringify(b[i])).length / files.length;
    const agreeCommand = c.filter((x, i) => JSON.stringify(x) === JSON.stringify(b[i])).length / files.length;
    emit('pades.verify', 'pdfsig_files_per_s', files.length / (median(popplerMs) / 1000), 'file/s');
    emit('pades.verify', 'command_files_per_s', files.length / (median(commandMs) / 1000), 'file/s');
    emit('pades.verify', 'ratio_to_pdfsig', median(popplerMs) / median(commandMs), 'x', {
      ours: 'pades verify, one process, 100 files, analysis on',
      pdfsig: 'one process per file',
      repeats: commandMs.length,
      target: 2,
    });
    emit('pades.verify', 'command_ms_per_file_one_process_each', median(commandPerFileMs), 'ms');
    emit('pades.verify', 'pdfsig_ms_per_file_process', median(popplerMs) / files.length, 'ms');
    emit('pades.verify', 'ours_ms_per_file_in_process', median(oursMs) / files.length, 'ms');
    emit('pades.verify', 'ratio_in_process_vs_pdfsig', median(popplerMs) / median(oursMs), 'x');
    emit('pades.verify', 'integrity_agreement', agree, 'ratio');
    emit('pades.verify', 'integrity_agreement_command', agreeCommand, 'ratio');
  }
  nss.cleanup();
  if (!process.env.PADES_BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
}

// 3. robustness: 10,000 random mutations of a twice-signed PDF
if (section('fuzz')) {
  let pdf = await samplePdf({ objectStreams: false });
  pdf = await signPdf(pdf, { signer });
  pdf = await signPdf(pdf, { signer: softwareSigner(pki.organ, [pki.intermediate]) });
  const n = quick ? 1000 : 10_000;
  const t0 = performance.now();
  const r = await runFuzz(pdf, { trustAnchors: [pki.root.cert], revocationPolicy: 'lenient' }, n, 42);
  emit('pades.fuzz', 'mutations', n, 'count');
  emit('pades.fuzz', 'crashes', r.crashes.length, 'count');
  emit('pades.fuzz', 'false_valid', r.falseValid.length, 'count');
  emit('pades.fuzz', 'max_verify_ms', r.maxMs, 'ms');
  emit('pades.fuzz', 'rate', n / ((performance.now() - t0) / 1000), 'verify/s');
}
