/**
 * The visual second opinion (issue 12): a signed PDF's signed revisions and its final form are rendered (pdftoppm,
 * 40 dpi gray) and compared page by page in a background job, in a verifier process of its own, never on the
 * verification path. A visible difference that the allowed changes (new signature widgets, permitted annotations,
 * filled fields) do not explain is shown on the document's signature panel with its pages. Keyed by content: the
 * result does not depend on the trust store, so a reload of the trust store does not redo it.
 */
import type { VisualReport } from '@vanthu/pades';
import { z } from 'zod';
import type { DbOrTrx } from '../../db/database';
import type { Deps } from '../../deps';
import { visualCheckIsolated } from '../blobs';
import { enqueue } from '../jobs';

export const VISUAL_CHECK = 'signing.visual_check';

export type VisualStatus = 'pending' | 'same' | 'different' | 'error' | 'skipped';

export interface PresentedVisual {
  status: VisualStatus;
  label: string;
  /** Pages (1-based) where the final file looks different from a signed revision. */
  pages: number[];
  checkedAt: string | null;
}

interface StoredVisual {
  pages: number[];
  pagesRendered: number;
  ms: number;
  signatures: { fieldName: string; status: string; pages: number[]; message: string }[];
  error?: string;
}

/** One status for the file: different wins, then error; skipped only when no signature could be compared. */
export function summarise(r: VisualReport): { status: Exclude<VisualStatus, 'pending'>; stored: StoredVisual } {
  const sigs = r.signatures;
  const pages = [
    ...new Set(sigs.flatMap((s) => [...s.pages.map((p) => p.page), ...s.pagesAdded, ...s.pagesRemoved])),
  ].sort((a, b) => a - b);
  const status = sigs.some((s) => s.status === 'different')
    ? 'different'
    : sigs.some((s) => s.status === 'error')
      ? 'error'
      : sigs.length && sigs.every((s) => s.status === 'skipped')
        ? 'skipped'
        : 'same';
  return {
    status,
    stored: {
      pages,
      pagesRendered: r.pagesRendered,
      ms: r.ms,
      signatures: sigs.map((s) => ({
        fieldName: s.fieldName,
        status: s.status,
        pages: s.pages.map((p) => p.page),
        message: s.message,
      })),
    },
  };
}

const LABEL: Record<VisualStatus, string> = {
  pending: 'Đang so sánh hình ảnh các trang với bản đã ký…',
  same: 'So sánh hình ảnh: các trang hiển thị như lúc ký.',
  different: 'So sánh hình ảnh: nội dung hiển thị đã khác so với lúc ký',
  error: 'So sánh hình ảnh: không dựng được trang để so sánh.',
  skipped: 'So sánh hình ảnh: chữ ký không có vùng ký dùng được, không so sánh.',
};

export function presentVisual(
  row: { status: VisualStatus; checked_at: Date | null; result: unknown } | undefined,
): PresentedVisual | null {
  if (!row) return null;
  const pages = ((row.result as StoredVisual | null)?.pages ?? []).filter((p) => Number.isInteger(p));
  const label = row.status === 'different' ? `${LABEL.different} (trang ${pages.join(', ')}).` : LABEL[row.status];
  return { status: row.status, label, pages, checkedAt: row.checked_at ? row.checked_at.toISOString() : null };
}

/** Marks the file pending and queues the job, once per content (in the caller's transaction when given). */
export async function queueVisualCheck(db: DbOrTrx, sha256: string, organId?: string | null): Promise<void> {
  const row = await db
    .insertInto('signature_visual_checks')
    .values({ sha256, status: 'pending' })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .returning('sha256')
    .executeTakeFirst();
  if (row) await enqueue(db, VISUAL_CHECK, { sha256 }, { organId: organId ?? null, uniqueKey: sha256 });
}

export async function visualFor(deps: Deps, sha256: string): Promise<PresentedVisual | null> {
  const row = await deps.db
    .selectFrom('signature_visual_checks')
    .select(['status', 'checked_at', 'result'])
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  return presentVisual(row);
}

export function defineVisualJob(deps: Deps, read: (sha256: string) => Promise<Uint8Array>): void {
  deps.jobs.define({
    kind: VISUAL_CHECK,
    schema: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
    maxAttempts: 2,
    handler: async ({ sha256 }) => {
      let status: Exclude<VisualStatus, 'pending'>;
      let stored: StoredVisual;
      try {
        ({ status, stored } = summarise(await visualCheckIsolated(await read(sha256))));
      } catch (e) {
        // a file the renderer cannot read (too large, crashed, timed out) is reported, not retried forever
        status = 'error';
        stored = {
          pages: [],
          pagesRendered: 0,
          ms: 0,
          signatures: [],
          error: String((e as Error).message ?? e).slice(0, 500),
        };
      }
      await deps.db
        .updateTable('signature_visual_checks')
        .set({ status, checked_at: deps.now(), result: JSON.stringify(stored) })
        .where('sha256', '=', sha256)
        .execute();
    },
  });
}
