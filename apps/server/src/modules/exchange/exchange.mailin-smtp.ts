/**
 * The văn thư's mailbox as an SMTP listener (smtp-server): the agency's mail server relays the mailbox address to it
 * (MAILIN_SMTP_PORT, MAILIN_SMTP_HOST). RCPT for an address that is no organ's mailbox is refused (550); a mail
 * over MAILIN_MAX_BYTES is refused while it streams (552). The reply to DATA is sent only after the receipt has
 * committed: 250 accepted, 550 refused with the reason (so the sender's server bounces it to the sender), 451 when
 * the database failed (the sender's server retries; nothing is lost).
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import type { Deps } from '../../deps';
import { MAILIN_MAX_BYTES, mailboxOrgan, receiveMail, type MailInResult } from './exchange.mailin';

export interface MailInServer {
  port: number;
  close: () => Promise<void>;
}

const smtpError = (code: number, message: string) =>
  Object.assign(new Error(message), { responseCode: code }) as Error & { responseCode: number };

export async function startMailInServer(
  deps: Deps,
  opts: { host: string; port: number },
  onReceived?: (r: MailInResult) => void,
): Promise<MailInServer> {
  const organsOf = new WeakMap<SMTPServerSession, Set<string>>();
  const server = new SMTPServer({
    // A relay on the agency's network: no AUTH; TLS is the relaying server's business.
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    banner: 'vanthu mail-in',
    size: MAILIN_MAX_BYTES,
    socketTimeout: 60_000,
    closeTimeout: 1000,
    onRcptTo(address, session, cb) {
      mailboxOrgan(deps.db, address.address).then(
        (organId) => {
          if (!organId) return cb(smtpError(550, '5.1.1 No such mailbox'));
          const set = organsOf.get(session) ?? new Set<string>();
          set.add(organId);
          organsOf.set(session, set);
          cb();
        },
        () => cb(smtpError(451, '4.3.0 Temporary failure, try again later')),
      );
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= MAILIN_MAX_BYTES) chunks.push(c);
      });
      stream.on('end', () => {
        const organs = [...(organsOf.get(session) ?? [])];
        organsOf.delete(session);
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded || size > MAILIN_MAX_BYTES)
          return cb(smtpError(552, '5.3.4 Message too big'));
        const raw = Buffer.concat(chunks);
        (async () => {
          const results: MailInResult[] = [];
          for (const organId of organs) results.push(await receiveMail(deps, organId, raw));
          return results;
        })().then(
          (results) => {
            for (const r of results) onReceived?.(r);
            const refused = results.filter((r) => r.status === 'refused');
            if (refused.length && refused.length === results.length)
              return cb(smtpError(550, `5.7.1 ${refused[0]!.smtpReason ?? 'Refused'}`));
            cb(null, 'Message accepted');
          },
          (err: unknown) => {
            deps.log.error({ err }, 'mail-in: receipt failed');
            cb(smtpError(451, '4.3.0 Temporary failure, try again later'));
          },
        );
      });
    },
  });
  server.on('error', (err) => deps.log.warn({ err }, 'mail-in SMTP error'));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  deps.log.info({ host: opts.host, port }, 'mail-in SMTP listening');
  return { port, close: () => new Promise<void>((r) => server.close(() => r())) };
}
