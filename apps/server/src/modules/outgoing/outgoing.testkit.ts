/** Test helpers for the outgoing module (imported by *.test.ts only). */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { createHash } from 'node:crypto';
import type { Client, TestSystem } from '../../../test/factory';

export async function tinyPdf(text = 'Du thao van ban'): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  page.drawText('BO NOI VU', { x: 70, y: 780, size: 13, font });
  page.drawText(text, { x: 70, y: 600, size: 13, font });
  return Buffer.from(await doc.save());
}

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export function multipart(file: Buffer, name: string, mime: string): { body: Buffer; headers: Record<string, string> } {
  const b = 'OutgoingB0undary';
  const body = Buffer.concat([
    Buffer.from(
      `--${b}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${mime}\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${b}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${b}` } };
}

export async function upload(
  c: Client,
  id: string,
  file: Buffer,
  name = 'du-thao.pdf',
  mime = 'application/pdf',
  kind: 'draft' | 'attachment' = 'draft',
) {
  const m = multipart(file, name, mime);
  return c.request('POST', `/api/outgoing/${id}/versions?kind=${kind}`, m.body, m.headers);
}

export interface Ids {
  users: Record<string, string>;
  units: Record<string, string>;
  organId: string;
}

export async function demoIds(sys: TestSystem, organCode = '000.00.00.G09'): Promise<Ids> {
  const organ = await sys.deps.db
    .selectFrom('organs')
    .select('id')
    .where('code', '=', organCode)
    .executeTakeFirstOrThrow();
  const users = await sys.deps.db
    .selectFrom('users')
    .select(['id', 'username'])
    .where('organ_id', '=', organ.id)
    .execute();
  const units = await sys.deps.db.selectFrom('units').select(['id', 'abbr']).where('organ_id', '=', organ.id).execute();
  return {
    organId: organ.id,
    users: Object.fromEntries(users.map((u) => [u.username, u.id])),
    units: Object.fromEntries(units.map((u) => [u.abbr, u.id])),
  };
}

/** Creates a draft through the API (drafter `c`) and uploads a PDF; returns its id. */
export async function draft(c: Client, ids: Ids, over: Record<string, unknown> = {}): Promise<string> {
  const r = await c.post('/api/outgoing', {
    docType: 'cong_van',
    subject: 'V/v góp ý dự thảo quy chế',
    signerId: ids.users['thutruong'],
    recipients: [
      { kind: 'internal', unitId: ids.units['TCCB'] },
      { kind: 'external', organCode: '000.00.12.H29' },
    ],
    ...over,
  });
  if (r.statusCode !== 200) throw new Error(`create draft: ${r.statusCode} ${r.body}`);
  const id = (r.json() as { id: string }).id;
  const u = await upload(c, id, await tinyPdf());
  if (u.statusCode !== 200) throw new Error(`upload: ${u.statusCode} ${u.body}`);
  return id;
}

export async function decide(c: Client, id: string, body: Record<string, unknown>) {
  return c.post(`/api/outgoing/${id}/decision`, body);
}

/** Drives a draft through the default route (initial → format check → sign) to signed. */
export async function toSigned(sys: TestSystem, id: string, signer = 'thutruong') {
  const drafter = await sys.login('chuyenvien.pc');
  expect200(await drafter.post(`/api/outgoing/${id}/submit`));
  expect200(await decide(await sys.login('vutruong.pc'), id, { decision: 'approve' }));
  expect200(await decide(await sys.login('chanhvp'), id, { decision: 'approve' }));
  expect200(await decide(await sys.login(signer), id, { decision: 'approve' }));
}

export function expect200(r: { statusCode: number; body: string }) {
  if (r.statusCode >= 300) throw new Error(`unexpected ${r.statusCode}: ${r.body}`);
}
