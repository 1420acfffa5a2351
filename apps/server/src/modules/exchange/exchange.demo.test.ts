/**
 * Demo mode (`npm start`): the server process mounts the hub under /vxp and gives both demo organs a connector
 * to it, so they exchange with no configuration at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProc, waitFor, type ServerProc } from './exchange.procs';
import { ORGAN_A, ORGAN_B, tinyPdf } from './exchange.testing';

let srv: ServerProc;
beforeAll(async () => {
  srv = await startServerProc();
}, 180_000);
afterAll(async () => {
  await srv?.stop();
});

describe('demo hub inside the server', () => {
  it('the two demo organs exchange through /vxp out of the box', async () => {
    const admin = await srv.login('quantri');
    const conn = await admin.get<{ kind: string; endpoint: string; enabled: boolean; organCode: string }>(
      '/api/exchange/connector',
    );
    expect(conn).toMatchObject({
      kind: 'internal_hub',
      enabled: true,
      organCode: ORGAN_A,
      endpoint: expect.stringMatching(/\/vxp$/),
    });
    expect((await admin.post('/api/exchange/connector/test')).body).toMatchObject({ ok: true });

    const clerkA = await srv.login('vanthu');
    const up = await clerkA.upload('/api/files', 'cv.pdf', tinyPdf('demo'));
    const sent = await clerkA.post('/api/exchange/send', {
      recipients: [{ code: ORGAN_B }],
      number: '7',
      notation: 'BNV-VP',
      issuedDate: '2026-03-02',
      subject: 'Thử liên thông trong bản demo',
      confidentiality: 'thuong',
      fileIds: [(up.body as { id: string }).id],
    });
    expect(sent.status).toBe(200);
    const { documentId } = sent.body as { documentId: string };
    const clerkB = await srv.login('snv.vanthu');
    const row = await waitFor(
      'the document at Sở Nội vụ',
      async () =>
        (
          await clerkB.get<{ subject: string; senderCode: string }[]>(
            `/api/exchange/inbox?messageType=edoc&documentId=${encodeURIComponent(documentId)}`,
          )
        )[0],
    );
    expect(row).toMatchObject({ subject: 'Thử liên thông trong bản demo', senderCode: ORGAN_A });
    await waitFor(
      'status 01 at Bộ Nội vụ',
      async () =>
        (
          await clerkA.get<{ recipientStatus: string | null }[]>(
            `/api/exchange/outbox?messageType=edoc&documentId=${encodeURIComponent(documentId)}`,
          )
        )[0]?.recipientStatus === '01',
    );
  }, 120_000);
});
