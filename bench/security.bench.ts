/**
 * Issue 10, acceptance 5: decompression bombs against a real server process while /healthz is polled. A 256 MiB
 * object stream compressed to ~260 KB in a PDF (uploaded, then its signature report asked for, which verifies it),
 * and a ZIP of three 144 MiB entries (uploaded as a file). Figures: /healthz p99 during the bombs, server RSS growth.
 * Three rounds, medians.
 */
import { PassThrough, Readable } from 'node:stream';
import zlib from 'node:zlib';
import yazl from 'yazl';
import { emit, median, percentile, rssMb, startServerProcess } from './lib/server';

const MiB = 1024 * 1024;

function zeros(total: number): Readable {
  const chunk = Buffer.alloc(MiB);
  let left = total;
  return new Readable({
    read() {
      if (left <= 0) return void this.push(null);
      const n = Math.min(left, chunk.length);
      left -= n;
      this.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    },
  });
}

async function collect(s: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of s) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

async function pdfBomb(): Promise<Buffer> {
  const inner = await collect(zeros(256 * MiB).pipe(zlib.createDeflate({ level: 9 })));
  const head = `%PDF-1.7\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>> endobj\n4 0 obj <</Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${inner.length}>>\nstream\n`;
  // "ByteRange" makes the upload queue a verification, as a signed PDF would.
  const tail = `\nendstream\nendobj\n5 0 obj <</ByteRange [0 0 0 0]>> endobj\ntrailer <</Root 1 0 R /Size 6>>\n%%EOF\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), inner, Buffer.from(tail, 'latin1')]);
}

async function zipBomb(): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const n of ['vanban.edxml', 'phuluc1.pdf', 'phuluc2.pdf'])
    zip.addReadStream(zeros(144 * MiB), n, { compress: true });
  zip.end();
  return collect(zip.outputStream.pipe(new PassThrough()));
}

function multipart(name: string, type: string, content: Buffer) {
  const b = `----vanthuBench${Date.now()}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${b}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${b}--\r\n`),
  ]);
  return { body, type: `multipart/form-data; boundary=${b}` };
}

const server = await startServerProcess();
try {
  const [pdf, zip] = [await pdfBomb(), await zipBomb()];
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'chuyenvien.pc', password: 'Demo@2026' }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
  const headers = { cookie, 'x-csrf-token': csrf };
  const p99s: number[] = [];
  const growths: number[] = [];
  const answers: string[] = [];
  for (let round = 0; round < 3; round++) {
    await new Promise((r) => setTimeout(r, 1000));
    const base = rssMb(server.pid);
    let peak = base;
    const lat: number[] = [];
    let stop = false;
    const poller = (async () => {
      while (!stop) {
        const t = performance.now();
        await fetch(`${server.url}/healthz`).then((r) => r.arrayBuffer());
        lat.push(performance.now() - t);
        peak = Math.max(peak, rssMb(server.pid));
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const attack = async (name: string, type: string, bytes: Buffer) => {
      const m = multipart(name, type, bytes);
      const r = await fetch(`${server.url}/api/files`, {
        method: 'POST',
        headers: { ...headers, 'content-type': m.type },
        body: m.body,
      });
      const j = (await r.json()) as { id?: string; code?: string };
      answers.push(`${name}: ${r.status} ${j.code ?? ''}`);
      // Accepted: ask for its signature report, which verifies it (in the verifier process, under the limits).
      if (r.ok && j.id) {
        const v = await fetch(`${server.url}/api/signatures/${j.id}`, { headers });
        answers.push(`${name} report: ${v.status}`);
        await v.arrayBuffer();
      }
    };
    await Promise.all([
      attack('bom.pdf', 'application/pdf', pdf),
      attack('bom.zip', 'application/zip', zip),
      attack('bom2.pdf', 'application/pdf', pdf),
    ]);
    await new Promise((r) => setTimeout(r, 500));
    stop = true;
    await poller;
    p99s.push(percentile(lat, 99));
    growths.push(peak - base);
  }
  const extra = {
    rounds_p99: p99s.map((x) => Math.round(x)),
    rounds_growth: growths.map((x) => Math.round(x)),
    pdf_kb: Math.round(pdf.length / 1024),
    zip_kb: Math.round(zip.length / 1024),
    answers: [...new Set(answers)],
    target: '< 100 ms / < 64 MB',
  };
  emit('security.bombs', 'healthz_p99', median(p99s), 'ms', extra);
  emit('security.bombs', 'rss_growth', median(growths), 'MB', { rounds: extra.rounds_growth });
} finally {
  await server.stop();
}
