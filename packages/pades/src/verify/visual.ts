/**
 * A visual second opinion on a signed PDF (issue 12): each signed revision (the bytes up to the end of its
 * ByteRange) and the final file are rendered with pdftoppm at low resolution in gray, and compared page by page.
 * A page whose pixels differ beyond a tolerance, outside the rectangles of annotations the modification analysis
 * allowed (new signature widgets, permitted markup, filled fields), is reported with its page number and the box
 * of the difference. Meant to run as a background job, not on the verification path: it costs a render of every
 * page of every signed revision (see bench/pades.bench.ts, "visual_ms_per_page").
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRef, type PDFObject } from 'pdf-lib';
import { View, loadModel } from './document';
import type { VerifyOptions, VerifyReport } from './model';
import { inherited, pageList } from './pages';
import { verifyPdf } from './verify';

export interface VisualOptions {
  /** Render resolution (default 40 dpi: an A4 page is 331×468 pixels). */
  dpi?: number;
  /** Gray levels (0–255) two pixels may differ by and still count as equal (default 40). */
  tolerance?: number;
  /** Differing pixels a page needs before it is reported (default 4: anti-aliasing noise stays below). */
  minPixels?: number;
  /** Pages rendered per revision (default 100); pages beyond are not compared (`truncated`). */
  maxPages?: number;
  /** Time allowed for one pdftoppm run (default 120 s). */
  timeoutMs?: number;
  /** The verification report of the same bytes, when the caller has it (else verifyPdf runs with `verify`). */
  report?: VerifyReport;
  verify?: VerifyOptions;
  /** pdftoppm executable (default "pdftoppm" on PATH). */
  pdftoppm?: string;
}

export interface VisualDifference {
  /** 1-based page number. */
  page: number;
  /** Pixels that differ beyond the tolerance, outside masks. */
  pixels: number;
  /** Box enclosing them, in PDF points from the top-left corner of the rendered page. */
  box: { x: number; y: number; width: number; height: number };
}

export interface VisualSignatureResult {
  fieldName: string;
  /** Revision (0-based) the signature signed; null when its ByteRange does not end a revision. */
  revision: number | null;
  /** same: no visible difference; different: see `pages`/`pagesAdded`/`pagesRemoved`; error: not rendered; skipped: no usable ByteRange. */
  status: 'same' | 'different' | 'error' | 'skipped';
  pages: VisualDifference[];
  pagesAdded: number[];
  pagesRemoved: number[];
  /** Annotation rectangles masked because the analysis allowed every change after this signature. */
  masked: number;
  /** Pages not compared because of maxPages. */
  truncated: boolean;
  /** For people, Vietnamese. */
  message: string;
}

export interface VisualReport {
  signatures: VisualSignatureResult[];
  /** Pages rendered (all revisions and the final file). */
  pagesRendered: number;
  ms: number;
}

interface Gray {
  width: number;
  height: number;
  data: Uint8Array;
}

type Box = [number, number, number, number];

function run(cmd: string, args: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 }, (err, _out, stderr) =>
      err ? reject(new Error(`${cmd}: ${String(stderr).slice(0, 300) || err.message}`)) : resolve(),
    );
  });
}

/** Binary PGM (P5, maxval ≤ 255). */
export function parsePgm(b: Uint8Array): Gray {
  let pos = 0;
  const token = (): string => {
    for (;;) {
      while (pos < b.length && /\s/.test(String.fromCharCode(b[pos]!))) pos++;
      if (b[pos] !== 0x23) break; // comment
      while (pos < b.length && b[pos] !== 0x0a) pos++;
    }
    const start = pos;
    while (pos < b.length && !/\s/.test(String.fromCharCode(b[pos]!))) pos++;
    return Buffer.from(b.subarray(start, pos)).toString('latin1');
  };
  if (token() !== 'P5') throw new Error('not a binary PGM');
  const width = Number(token());
  const height = Number(token());
  const max = Number(token());
  pos++;
  if (!(width > 0 && height > 0 && max > 0 && max < 256) || b.length - pos < width * height) throw new Error('bad PGM');
  return { width, height, data: b.subarray(pos, pos + width * height) };
}

async function render(
  pdf: Uint8Array,
  dir: string,
  name: string,
  o: Required<Pick<VisualOptions, 'dpi' | 'maxPages' | 'timeoutMs' | 'pdftoppm'>>,
): Promise<Gray[]> {
  const file = join(dir, `${name}.pdf`);
  await writeFile(file, pdf);
  await run(
    o.pdftoppm,
    ['-r', String(o.dpi), '-gray', '-f', '1', '-l', String(o.maxPages), file, join(dir, name)],
    o.timeoutMs,
  );
  const pages = (await readdir(dir))
    .map((f) => new RegExp(`^${name}-(\\d+)\\.pgm$`).exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]));
  const out: Gray[] = [];
  for (const m of pages) {
    const path = join(dir, m[0]);
    out.push(parsePgm(new Uint8Array(await readFile(path))));
    await rm(path, { force: true });
  }
  await rm(file, { force: true });
  return out;
}

function numbers(view: View, o: PDFObject | undefined): number[] | null {
  const a = view.resolve(o);
  if (!(a instanceof PDFArray)) return null;
  const n = a.asArray().map((x) => view.resolve(x));
  return n.every((x) => x instanceof PDFNumber) ? n.map((x) => (x as PDFNumber).asNumber()) : null;
}

/**
 * Rectangles (pixels of the rendered final page) of the annotations that are new or redefined since the signed
 * revision, per page index.
 */
function changedAnnotationBoxes(signed: View, final: View, revision: number, dpi: number): Map<number, Box[]> {
  const out = new Map<number, Box[]>();
  const before = pageList(signed);
  pageList(final).forEach((p, i) => {
    const old = before[i];
    const oldRefs = new Set(
      (signed.array(old?.dict, 'Annots')?.asArray() ?? [])
        .filter((r): r is PDFRef => r instanceof PDFRef)
        .map((r) => r.objectNumber),
    );
    const attrs = inherited(final, p.dict);
    const media = numbers(final, attrs.MediaBox) ?? [0, 0, 612, 792];
    const rotate = ((((final.resolve(attrs.Rotate) as PDFNumber | undefined)?.asNumber() ?? 0) % 360) + 360) % 360;
    const [x0, y0, x1, y1] = [
      Math.min(media[0]!, media[2]!),
      Math.min(media[1]!, media[3]!),
      Math.max(media[0]!, media[2]!),
      Math.max(media[1]!, media[3]!),
    ];
    const W = x1 - x0;
    const H = y1 - y0;
    const s = dpi / 72;
    const toPx = (x: number, y: number): [number, number] => {
      const u = x - x0;
      const v = y - y0;
      if (rotate === 90) return [v * s, u * s];
      if (rotate === 180) return [(W - u) * s, v * s];
      if (rotate === 270) return [(H - v) * s, (W - u) * s];
      return [u * s, (H - v) * s];
    };
    for (const raw of final.array(p.dict, 'Annots')?.asArray() ?? []) {
      const isNew =
        !(raw instanceof PDFRef) || !oldRefs.has(raw.objectNumber) || (final.definedIn(raw) ?? 0) > revision;
      if (!isNew) continue;
      const d = final.resolve(raw);
      const r = d instanceof PDFDict ? numbers(final, d.get(PDFName.of('Rect'))) : null;
      if (!r || r.length !== 4) continue;
      const [ax, ay] = toPx(r[0]!, r[1]!);
      const [bx, by] = toPx(r[2]!, r[3]!);
      const margin = 2;
      const box: Box = [
        Math.floor(Math.min(ax, bx)) - margin,
        Math.floor(Math.min(ay, by)) - margin,
        Math.ceil(Math.max(ax, bx)) + margin,
        Math.ceil(Math.max(ay, by)) + margin,
      ];
      out.set(i, [...(out.get(i) ?? []), box]);
    }
  });
  return out;
}

function comparePage(
  a: Gray,
  b: Gray,
  masks: Box[],
  tolerance: number,
  dpi: number,
  page: number,
  minPixels: number,
): VisualDifference | null {
  const s = 72 / dpi;
  if (a.width !== b.width || a.height !== b.height) {
    return {
      page,
      pixels: Math.max(a.width * a.height, b.width * b.height),
      box: {
        x: 0,
        y: 0,
        width: Math.round(Math.max(a.width, b.width) * s),
        height: Math.round(Math.max(a.height, b.height) * s),
      },
    };
  }
  const { width, height } = a;
  let count = 0;
  let minX = width;
  let minY = height;
  let maxX = -1;
  let maxY = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const d = a.data[row + x]! - b.data[row + x]!;
      if (d <= tolerance && d >= -tolerance) continue;
      if (masks.some((m) => x >= m[0] && x <= m[2] && y >= m[1] && y <= m[3])) continue;
      count++;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  if (count < minPixels) return null;
  return {
    page,
    pixels: count,
    box: {
      x: Math.round(minX * s),
      y: Math.round(minY * s),
      width: Math.round((maxX - minX + 1) * s),
      height: Math.round((maxY - minY + 1) * s),
    },
  };
}

/**
 * Renders every signed revision and the final file and reports, per signature, the pages whose appearance changed
 * in ways the allowed changes do not explain. Needs pdftoppm (poppler-utils).
 */
export async function visualCheck(pdf: Uint8Array, options: VisualOptions = {}): Promise<VisualReport> {
  const started = performance.now();
  const o = {
    dpi: options.dpi ?? 40,
    maxPages: options.maxPages ?? 100,
    timeoutMs: options.timeoutMs ?? 120_000,
    pdftoppm: options.pdftoppm ?? 'pdftoppm',
  };
  const tolerance = options.tolerance ?? 40;
  const minPixels = options.minPixels ?? 4;
  const report = options.report ?? (await verifyPdf(pdf, options.verify ?? { trustAnchors: [] }));
  const model = await loadModel(pdf);
  const last = model.increments.length - 1;
  const dir = await mkdtemp(join(tmpdir(), 'pades-visual-'));
  const renders = new Map<number, Promise<Gray[]>>();
  let pagesRendered = 0;
  const rendered = (end: number): Promise<Gray[]> => {
    let r = renders.get(end);
    if (!r) {
      r = render(pdf.subarray(0, end), dir, `r${renders.size}`, o).then((pages) => {
        pagesRendered += pages.length;
        return pages;
      });
      renders.set(end, r);
    }
    return r;
  };
  const results: VisualSignatureResult[] = [];
  try {
    for (const sig of report.signatures) {
      const base = {
        fieldName: sig.fieldName,
        revision: sig.revision,
        pages: [],
        pagesAdded: [],
        pagesRemoved: [],
        masked: 0,
        truncated: false,
      };
      const br = sig.byteRange;
      const end = br && br.length === 4 ? br[2]! + br[3]! : null;
      if (end === null || end <= 0 || end > pdf.length) {
        results.push({
          ...base,
          status: 'skipped',
          message: 'Chữ ký không có vùng ký (ByteRange) dùng được: không so sánh hình ảnh.',
        });
        continue;
      }
      let signedPages: Gray[];
      let finalPages: Gray[];
      try {
        [signedPages, finalPages] = await Promise.all([rendered(end), rendered(pdf.length)]);
      } catch (e) {
        results.push({
          ...base,
          status: 'error',
          message: `Không dựng được hình trang để so sánh: ${e instanceof Error ? e.message : String(e)}`,
        });
        continue;
      }
      // masks only when the analysis allowed everything that came after this signature
      const allAllowed = sig.changesAfter.every((c) => c.allowed);
      const masks =
        allAllowed && sig.revision !== null && sig.revision < last
          ? changedAnnotationBoxes(new View(model, sig.revision), new View(model, last), sig.revision, o.dpi)
          : new Map<number, Box[]>();
      const r: VisualSignatureResult = {
        ...base,
        status: 'same',
        pages: [],
        pagesAdded: [],
        pagesRemoved: [],
        masked: [...masks.values()].reduce((n, m) => n + m.length, 0),
        message: '',
      };
      const n = Math.min(signedPages.length, finalPages.length);
      for (let i = 0; i < n; i++) {
        const d = comparePage(signedPages[i]!, finalPages[i]!, masks.get(i) ?? [], tolerance, o.dpi, i + 1, minPixels);
        if (d) r.pages.push(d);
      }
      for (let i = n; i < finalPages.length; i++) r.pagesAdded.push(i + 1);
      for (let i = n; i < signedPages.length; i++) r.pagesRemoved.push(i + 1);
      r.truncated = Math.max(signedPages.length, finalPages.length) >= o.maxPages;
      const changed = r.pages.length + r.pagesAdded.length + r.pagesRemoved.length > 0;
      r.status = changed ? 'different' : 'same';
      r.message = changed
        ? `Hình thức văn bản khác với lúc ký ${sig.fieldName}: ${[
            r.pages.length ? `trang ${r.pages.map((p) => p.page).join(', ')} thay đổi` : '',
            r.pagesAdded.length ? `thêm trang ${r.pagesAdded.join(', ')}` : '',
            r.pagesRemoved.length ? `bớt trang ${r.pagesRemoved.join(', ')}` : '',
          ]
            .filter(Boolean)
            .join('; ')}.`
        : `Hình thức các trang giống lúc ký ${sig.fieldName}${r.masked ? ' (trừ vùng chữ ký/chú thích được phép thêm)' : ''}.`;
      results.push(r);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return { signatures: results, pagesRendered, ms: Math.round(performance.now() - started) };
}
