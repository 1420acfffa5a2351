/** An in-process SMTP server (smtp-server) on a random port that keeps what it receives; for tests and the bench. */
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface TestSmtp {
  url: string;
  port: number;
  received: { raw: Buffer; parsed: ParsedMail; rcpt: string[] }[];
  /** When set, every message is refused with this SMTP error (a failing server). */
  failWith: string | null;
  /** When true, only raw bytes are kept (no parsing) — for the bench. */
  rawOnly: boolean;
  count: number;
  waitFor: (n: number, ms?: number) => Promise<void>;
  close: () => Promise<void>;
}

export async function startTestSmtp(): Promise<TestSmtp> {
  const state: TestSmtp = {
    url: '',
    port: 0,
    received: [],
    failWith: null,
    rawOnly: false,
    count: 0,
    waitFor: async (n, ms = 10_000) => {
      const until = Date.now() + ms;
      while (state.count < n) {
        if (Date.now() > until) throw new Error(`SMTP: ${state.count} of ${n} messages after ${ms} ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: async () => new Promise<void>((r) => server.close(() => r())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 50 * 1024 * 1024,
    // Pooled clients keep idle connections: close them at once instead of after the default 30 s.
    closeTimeout: 50,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (state.failWith) {
          const err = new Error(state.failWith) as Error & { responseCode: number };
          err.responseCode = 451;
          return cb(err);
        }
        const raw = Buffer.concat(chunks);
        const rcpt = session.envelope.rcptTo.map((a) => a.address);
        if (state.rawOnly) {
          state.count++;
          return cb();
        }
        simpleParser(raw)
          .then((parsed) => {
            state.received.push({ raw, parsed, rcpt });
            state.count++;
            cb();
          })
          .catch((e: Error) => cb(e));
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  state.port = (server.server.address() as AddressInfo).port;
  state.url = `smtp://127.0.0.1:${state.port}`;
  return state;
}
