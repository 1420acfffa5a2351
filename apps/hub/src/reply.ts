import fs from 'node:fs';
import { Readable } from 'node:stream';
import { OK } from './errors';

const PREFIX = `{"status":"OK","ErrorCode":"0","ErrorDesc":"","data":"`;

/** Streams `{status, ErrorCode, ErrorDesc, data: base64}` from an open file without holding it in memory. */
export function base64Envelope(fh: fs.promises.FileHandle): Readable {
  async function* gen(): AsyncGenerator<string> {
    yield PREFIX;
    let rest: Buffer = Buffer.alloc(0);
    for await (const chunk of fh.createReadStream({ highWaterMark: 384 * 1024 }) as AsyncIterable<Buffer>) {
      const buf = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
      const n = buf.length - (buf.length % 3);
      if (n > 0) yield buf.subarray(0, n).toString('base64');
      rest = buf.subarray(n);
    }
    yield rest.toString('base64') + '"}';
  }
  return Readable.from(gen(), { objectMode: false });
}

export const ok = <T extends object>(extra?: T) => ({ ...OK, ...(extra ?? {}) });

export const iso = (d: Date | null) => (d ? d.toISOString() : null);

const STATE_DESC: Record<string, string> = {
  pending: 'Chờ bên nhận lấy về',
  delivered: 'Bên nhận đã lấy về, chờ xác nhận',
  processing: 'Bên nhận đang xử lý',
  done: 'Bên nhận đã xác nhận nhận xong',
  fail: 'Bên nhận báo lỗi khi tiếp nhận',
};

export function stateDesc(state: string, transport: string | null): string {
  if (transport === 'processing' && (state === 'pending' || state === 'delivered')) return STATE_DESC.processing!;
  return STATE_DESC[state] ?? state;
}
