/**
 * Platform figures (issue 2): login throughput, and server memory while receiving a 300 MB upload.
 * Runs a real server process; prints one JSON object per figure.
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { emit, median, rssMb, startServerProcess } from './lib/server';

const server = await startServerProcess({ UPLOAD_MAX_BYTES: String(400 * 1024 * 1024) });
try {
  // ---- login throughput: 16 concurrent clients for 5 s, three rounds, median ----
  const rounds: number[] = [];
  for (let round = 0; round < 3; round++) {
    let done = 0;
    let failed = 0;
    const until = Date.now() + 5000;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (Date.now() < until) {
          const r = await fetch(`${server.url}/api/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username: 'chuyenvien.pc', password: 'Demo@2026' }),
          });
          await r.arrayBuffer();
          if (r.status === 200) done++;
          else failed++;
        }
      }),
    );
    if (failed) throw new Error(`${failed} logins failed`);
    rounds.push(done / ((Date.now() - started) / 1000));
  }
  emit('platform.login', 'throughput', median(rounds), 'req/s', {
    rounds: rounds.map((x) => Math.round(x)),
    note: 'argon2id m=19456 KiB t=2, 16 clients',
  });

  // ---- 300 MB upload: server RSS growth ----
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'chuyenvien.pc', password: 'Demo@2026' }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
  const growth: number[] = [];
  for (let round = 0; round < 3; round++) {
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((r) => setTimeout(r, 500));
    const base = rssMb(server.pid);
    let peak = base;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssMb(server.pid));
    }, 20);
    const size = 300 * 1024 * 1024;
    const status = await uploadStream(server.url, cookie, csrf, size);
    clearInterval(sampler);
    if (status !== 200) throw new Error(`upload failed: ${status}`);
    growth.push(peak - base);
  }
  emit('platform.upload_300mb', 'server_rss_growth', median(growth), 'MB', {
    rounds: growth.map((x) => Math.round(x)),
    limit: 100,
  });
} finally {
  await server.stop();
}

/** Streams a multipart upload of `size` bytes (a PDF header, then random chunks) without holding it in memory. */
function uploadStream(base: string, cookie: string, csrf: string, size: number): Promise<number> {
  const boundary = 'benchBoundary' + randomBytes(6).toString('hex');
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="lon.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const chunk = randomBytes(1024 * 1024);
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${base}/api/files`,
      {
        method: 'POST',
        headers: {
          cookie,
          'x-csrf-token': csrf,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': head.length + size - 9 + tail.length,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.write(head);
    let sent = 9; // '%PDF-1.7\n' is part of the file
    const pump = () => {
      while (sent < size) {
        const n = Math.min(chunk.length, size - sent);
        sent += n;
        // vary the content so the store really hashes new data
        chunk.writeUInt32LE(sent, 0);
        if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void req.once('drain', pump);
      }
      req.end(tail);
    };
    pump();
  });
}
