/**
 * An edXML attachment sink that streams each decoded file into the blob store (type decided by content).
 * A file the store refuses (type not accepted, too large) is drained and reported, never failing the package.
 */
import { PassThrough, Writable } from 'node:stream';
import type { AttachmentSink } from '@vanthu/edxml';
import type { Deps } from '../../deps';
import type { PutResult } from '../blobs';
import { ALL_KINDS } from '../blobs';

export interface SinkOutcome {
  put: PutResult | null;
  error: string | null;
}

export function blobSink(
  deps: Deps,
  maxBytes: number,
): { sink: AttachmentSink; settle: () => Promise<Map<string, SinkOutcome>> } {
  const pending = new Map<string, Promise<SinkOutcome>>();
  const sink: AttachmentSink = (meta) => {
    const pass = new PassThrough();
    let failed = false;
    pending.set(
      meta.key,
      deps.blobs.put(pass, { allowed: ALL_KINDS, maxBytes }).then(
        (put) => ({ put, error: null }),
        (err: Error & { code?: string }) => {
          failed = true;
          pass.resume();
          return { put: null, error: err.code ?? err.message };
        },
      ),
    );
    return new Writable({
      write(chunk: Buffer, _enc, cb) {
        if (failed || pass.destroyed) return cb();
        if (pass.write(chunk)) return cb();
        let done = false;
        const go = () => {
          if (done) return;
          done = true;
          pass.off('drain', go);
          pass.off('close', go);
          cb();
        };
        pass.once('drain', go);
        pass.once('close', go);
      },
      final(cb) {
        if (!pass.destroyed) pass.end();
        cb();
      },
      destroy(err, cb) {
        // Auto-destroy after a normal finish must not cut the store's read of what is still buffered.
        if (err && !pass.destroyed) pass.destroy(err);
        cb(err);
      },
    });
  };
  const settle = async () => {
    const out = new Map<string, SinkOutcome>();
    for (const [k, p] of pending) out.set(k, await p);
    return out;
  };
  return { sink, settle };
}

/** Removes blobs this parse created when nothing ended up referencing them. */
export async function discardOutcomes(deps: Deps, outcomes: Map<string, SinkOutcome>): Promise<void> {
  for (const o of outcomes.values()) {
    if (!o.put?.created) continue;
    const ref = await deps.db
      .selectFrom('blobs')
      .select('sha256')
      .where('sha256', '=', o.put.sha256)
      .executeTakeFirst();
    if (!ref) await deps.blobs.remove(o.put.sha256);
  }
}
