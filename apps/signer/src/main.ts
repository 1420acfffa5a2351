#!/usr/bin/env -S npx tsx
/**
 * vanthu-signer — holds a PKCS#11 token or a PKCS#12 file and signs for vanthu pages on 127.0.0.1.
 *   npx tsx apps/signer/src/main.ts --p12 file.p12 --pass x [--port 7543] [--allow-origin http://localhost:3000]... [--auto-approve]
 *   npx tsx apps/signer/src/main.ts --pkcs11 /usr/lib/softhsm/libsofthsm2.so --token label --pin 1234 --key label
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { Pkcs11Signer, Pkcs12Signer, type Signer } from '@vanthu/pades';
import { createAgent } from './agent';
import { parseArgs, usage } from './args';

async function main(): Promise<number> {
  const parsed = parseArgs(process.argv.slice(2));
  if ('error' in parsed) {
    process.stderr.write(`${parsed.error}\n\n${usage}\n`);
    return 2;
  }
  const a = parsed;
  let signer: Signer;
  let close = () => {};
  if (a.p12) signer = Pkcs12Signer.fromPkcs12(new Uint8Array(readFileSync(a.p12)), a.pass ?? '');
  else {
    const hsm = Pkcs11Signer.open({
      library: a.pkcs11!,
      pin: a.pin ?? '',
      ...(a.token ? { tokenLabel: a.token } : {}),
      ...(a.key ? { keyLabel: a.key } : {}),
    });
    signer = hsm;
    close = () => hsm.close();
  }
  let rl: ReturnType<typeof createInterface> | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  const approve = a.autoApprove
    ? async () => true
    : (w: { subject: string; origin: string }) => {
        // One question at a time on the terminal.
        const next = queue.then(async () => {
          rl ??= createInterface({ input: process.stdin, output: process.stdout });
          const answer = await rl.question(`Ký tài liệu cho ${w.origin} bằng chứng thư "${w.subject}"? (c/k) `);
          return /^c(ó|o)?$/i.test(answer.trim());
        });
        queue = next.catch(() => undefined);
        return next;
      };
  const server = createAgent({
    signer,
    allowOrigins: a.allowOrigins,
    approve,
    log: (l) => process.stdout.write(`${l}\n`),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(a.port, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : a.port;
  process.stdout.write(`vanthu-signer listening on http://127.0.0.1:${port} (origins: ${a.allowOrigins.join(', ')})\n`);
  const stop = () => {
    server.close();
    rl?.close();
    close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  return new Promise(() => {});
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`vanthu-signer: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
