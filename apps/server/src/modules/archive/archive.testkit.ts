/** Test helpers: a closed work file with uploaded PDFs, a transfer, and running the queued jobs. */
import type { Client, TestSystem } from '../../../test/factory';
import { multipart, tinyPdf } from '../incoming/incoming.testkit';
import { JobWorker } from '../jobs';

export async function drainJobs(sys: TestSystem): Promise<void> {
  while ((await new JobWorker(sys.deps.db, sys.deps.jobs).runOnce()) > 0) {
    /* drain */
  }
}

export async function upload(c: Client, content: Buffer = tinyPdf(2)) {
  const { body, contentType } = multipart([
    { name: 'file', filename: 'tai-lieu.pdf', type: 'application/pdf', content },
  ]);
  const r = await c.request('POST', '/api/files', body, { 'content-type': contentType });
  if (r.statusCode !== 200) throw new Error(`${r.statusCode} ${r.body}`);
  return r.json() as { id: string; sha256: string };
}

/** A closed file of `docs` uploaded PDFs dated `date` (its year is the file's year). */
export async function closedFile(
  c: Client,
  notation: string,
  opts: { docs?: number; date?: string; retention?: string; close?: boolean; title?: string; contents?: Buffer[] } = {},
) {
  const date = opts.date ?? '2026-03-05';
  const r = await c.post('/api/workfiles', {
    title: opts.title ?? `Hồ sơ lưu trữ thử nghiệm ${notation}`,
    notation,
    retention: opts.retention ?? '10',
    startDate: date,
  });
  if (r.statusCode !== 200) throw new Error(`${r.statusCode} ${r.body}`);
  const f = r.json() as { id: string; code: string };
  const shas: string[] = [];
  for (let i = 0; i < (opts.contents?.length ?? opts.docs ?? 2); i++) {
    const u = await upload(c, opts.contents?.[i]);
    shas.push(u.sha256);
    const m = await c.post(`/api/workfiles/${f.id}/members`, {
      kind: 'upload',
      refId: u.id,
      upload: {
        subject: `Tài liệu số ${i + 1} của hồ sơ`,
        docDate: date,
        pageCount: 2,
        organName: 'Bộ Nội vụ',
        codeNumber: String(i + 1),
        codeNotation: 'BNV-VP',
      },
    });
    if (m.statusCode !== 200) throw new Error(`${m.statusCode} ${m.body}`);
  }
  if (opts.close !== false) {
    const cl = await c.post(`/api/workfiles/${f.id}/close`);
    if (cl.statusCode !== 200) throw new Error(`close ${cl.statusCode} ${cl.body}`);
  }
  return { ...f, shas };
}

export async function transfer(sys: TestSystem, c: Client, workfileIds: string[]) {
  const r = await c.post('/api/archive/transfers', { workfileIds });
  if (r.statusCode !== 200) throw new Error(`${r.statusCode} ${r.body}`);
  await drainJobs(sys);
  return r.json() as { id: string; number: number; records: { id: string; code: string }[] };
}
