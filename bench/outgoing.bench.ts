/**
 * Outgoing numbering (issue 4, acceptance 6): numbers issued per second by 16 concurrent clients on one
 * register (POST /api/outgoing-registers/:id/numbers, one transaction each: counter row lock, number record,
 * audit event), three rounds, median; then the duplicate/gap check over every number given.
 */
import { emit, median, percentile, startServerProcess } from './lib/server';

const CLIENTS = 16;
const ROUND_MS = 4000;
const server = await startServerProcess();
try {
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'vanthu', password: 'Demo@2026' }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
  const headers = { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' };
  const regs = (await (await fetch(`${server.url}/api/outgoing-registers`, { headers })).json()) as {
    id: string;
    code: string;
  }[];
  const reg = regs.find((r) => r.code === 'DI')!;
  const rounds: number[] = [];
  const latencies: number[] = [];
  let failed = 0;
  let year = 0;
  for (let round = 0; round < 3; round++) {
    let count = 0;
    const end = Date.now() + ROUND_MS;
    const start = Date.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (Date.now() < end) {
          const t = performance.now();
          const r = await fetch(`${server.url}/api/outgoing-registers/${reg.id}/numbers`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ notation: 'BNV-VP' }),
          });
          if (r.ok) {
            year = ((await r.json()) as { year: number }).year;
            count++;
            latencies.push(performance.now() - t);
          } else {
            failed++;
            await r.arrayBuffer();
          }
        }
      }),
    );
    rounds.push(count / ((Date.now() - start) / 1000));
  }
  const numbers = (
    (await (
      await fetch(`${server.url}/api/outgoing-registers/${reg.id}/numbers?year=${year}`, { headers })
    ).json()) as { number: number }[]
  )
    .map((n) => n.number)
    .sort((a, b) => a - b);
  let bad = 0;
  for (let i = 0; i < numbers.length; i++) if (numbers[i] !== i + 1) bad++;
  emit('outgoing.numbering', 'throughput', median(rounds), 'numbers/s', {
    rounds: rounds.map((x) => Math.round(x)),
    clients: CLIENTS,
    failed,
    p95_ms: Math.round(percentile(latencies, 95)),
  });
  emit('outgoing.numbering', 'gaps_or_duplicates', bad + failed, 'count', { numbers: numbers.length });
} finally {
  await server.stop();
}
