/**
 * Objects of the demo organ (Bộ Nội vụ) made through the API for the security sweeps: incoming documents (Thường
 * and Mật), outgoing drafts (Thường and Mật), an upload, a work file with members, plus the ids the seed gave
 * (units, users, positions, registers, doc types, external organs). Not a test file itself.
 */
import type { Client, TestSystem } from '../../test/factory';
import { meta, register } from '../modules/incoming/incoming.testkit';
import { multipart as incomingMultipart, tinyPdf } from '../modules/incoming/incoming.testkit';
import { demoIds, draft } from '../modules/outgoing/outgoing.testkit';

export interface OrganObjects {
  organId: string;
  users: Record<string, string>;
  units: Record<string, string>;
  unit: string;
  user: string;
  membership: string;
  position: string;
  external: string;
  register: string;
  confidentialRegister: string;
  outgoingRegister: string;
  confidentialOutgoingRegister: string;
  docType: string;
  incoming: string;
  incomingFile: string;
  secretIncoming: string;
  secretIncomingFile: string;
  outgoing: string;
  outgoingFile: string;
  secretOutgoing: string;
  secretOutgoingFile: string;
  upload: string;
  workfile: string;
  workfileMember: string;
  plan: string | null;
  notification: string | null;
  delegation: string | null;
}

const ok = <T>(r: { statusCode: number; body: string; json: () => unknown }, what: string): T => {
  if (r.statusCode >= 300) throw new Error(`${what}: ${r.statusCode} ${r.body.slice(0, 300)}`);
  return r.json() as T;
};

export async function uploadPdf(c: Client, content: Buffer = tinyPdf(), name = 'tai-lieu.pdf'): Promise<string> {
  const { body, contentType } = incomingMultipart([{ name: 'file', filename: name, type: 'application/pdf', content }]);
  return ok<{ id: string }>(await c.request('POST', '/api/files', body, { 'content-type': contentType }), 'upload').id;
}

async function incomingDoc(sys: TestSystem, clerk: Client, over: Record<string, unknown>) {
  const { id } = ok<{ id: string }>(
    await register(clerk, meta({ number: String(Math.floor(Math.random() * 1e6)), ...over })),
    'incoming',
  );
  const row = await sys.deps.db
    .selectFrom('incoming_files')
    .select('file_id')
    .where('document_id', '=', id)
    .executeTakeFirstOrThrow();
  return { id, file: row.file_id };
}

async function outgoingDoc(
  sys: TestSystem,
  drafter: Client,
  ids: Awaited<ReturnType<typeof demoIds>>,
  over: Record<string, unknown>,
) {
  const id = await draft(drafter, ids, over);
  const row = await sys.deps.db
    .selectFrom('outgoing_versions')
    .select('file_id')
    .where('outgoing_id', '=', id)
    .executeTakeFirstOrThrow();
  return { id, file: row.file_id };
}

/** Builds the objects of the demo organ `organCode` through its clerk, a specialist and the admin. */
export async function organObjects(
  sys: TestSystem,
  opts: { organCode?: string; admin?: string; clerk?: string; specialist?: string } = {},
): Promise<OrganObjects> {
  const ids = await demoIds(sys, opts.organCode ?? '000.00.00.G09');
  const admin = await sys.login(opts.admin ?? 'quantri');
  const clerk = await sys.login(opts.clerk ?? 'vanthu');
  const specialist = await sys.login(opts.specialist ?? 'chuyenvien.pc');
  const db = sys.deps.db;
  const organId = ids.organId;

  const user = ids.users[opts.specialist ?? 'chuyenvien.pc']!;
  const membership = (
    await db.selectFrom('memberships').select('id').where('user_id', '=', user).executeTakeFirstOrThrow()
  ).id;
  const position = (
    await db.selectFrom('positions').select('id').where('organ_id', '=', organId).executeTakeFirstOrThrow()
  ).id;
  const external = (
    await db.selectFrom('external_organs').select('id').where('organ_id', '=', organId).executeTakeFirstOrThrow()
  ).id;
  const regs = await db
    .selectFrom('registers')
    .select(['id', 'kind', 'confidential'])
    .where('organ_id', '=', organId)
    .execute();
  const reg = (kind: string, conf: boolean) => regs.find((r) => r.kind === kind && r.confidential === conf)!.id;
  const docType = (
    await db.selectFrom('doc_types').select('id').where('organ_id', '=', organId).executeTakeFirstOrThrow()
  ).id;

  const inc = await incomingDoc(sys, clerk, {});
  const secretInc = await incomingDoc(sys, clerk, {
    confidentiality: 'mat',
    subject: 'Kế hoạch bảo vệ bí mật nhà nước MẬT-ĐẾN',
  });
  const out = await outgoingDoc(sys, specialist, ids, {});
  const secretOut = await outgoingDoc(sys, specialist, ids, {
    confidentiality: 'mat',
    subject: 'Phương án bảo vệ mục tiêu MẬT-ĐI',
    recipients: [{ kind: 'internal', unitId: ids.units['TCCB'] }],
  });
  const upload = await uploadPdf(specialist);

  const wf = ok<{ id: string }>(
    await specialist.post('/api/workfiles', {
      title: 'Hồ sơ thử bảo mật',
      notation: `${Math.floor(Math.random() * 90 + 10)}.PC`,
      retention: '10',
      startDate: '2026-03-01',
    }),
    'workfile',
  );
  const member = ok<{ id: string }>(
    await specialist.post(`/api/workfiles/${wf.id}/members`, {
      kind: 'upload',
      refId: upload,
      upload: { subject: 'Tài liệu thử', docDate: '2026-03-05', pageCount: 1 },
    }),
    'member',
  );

  const plan = await db.selectFrom('workfile_plans').select('id').where('organ_id', '=', organId).executeTakeFirst();
  const notification =
    (await db.selectFrom('notifications').select('id').where('organ_id', '=', organId).executeTakeFirst())?.id ?? null;
  const deleg = await admin.post('/api/outgoing-delegations', {
    fromUserId: ids.users['botruong'],
    toUserId: ids.users['thutruong'],
    rank: 'KT',
    startsOn: '2026-01-01',
    endsOn: '2026-12-31',
  });
  const delegation = deleg.statusCode === 200 ? (deleg.json() as { id: string }).id : null;

  return {
    organId,
    users: ids.users,
    units: ids.units,
    unit: ids.units['PC'] ?? Object.values(ids.units)[0]!,
    user,
    membership,
    position,
    external,
    register: reg('incoming', false),
    confidentialRegister: reg('incoming', true),
    outgoingRegister: reg('outgoing', false),
    confidentialOutgoingRegister: reg('outgoing', true),
    docType,
    incoming: inc.id,
    incomingFile: inc.file,
    secretIncoming: secretInc.id,
    secretIncomingFile: secretInc.file,
    outgoing: out.id,
    outgoingFile: out.file,
    secretOutgoing: secretOut.id,
    secretOutgoingFile: secretOut.file,
    upload,
    workfile: wf.id,
    workfileMember: member.id,
    plan: plan?.id ?? null,
    notification,
    delegation,
  };
}
