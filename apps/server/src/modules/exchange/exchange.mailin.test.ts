import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type Client, type TestSystem } from '../../../test/factory';
import { tinyPdf } from '../incoming/incoming.testkit';
import { numberNotationOf, type MailInResult } from './exchange.mailin';
import { startMailInServer, type MailInServer } from './exchange.mailin-smtp';

let sys: TestSystem;
let server: MailInServer;
let clerk: Client;
const received: MailInResult[] = [];
const MAILBOX = 'vanthu+000.00.00.G09@mail.bonoivu.gov.vn';

beforeAll(async () => {
  sys = await createTestSystem();
  server = await startMailInServer(sys.deps, { host: '127.0.0.1', port: 0 }, (r) => received.push(r));
  clerk = await sys.login('vanthu');
});
afterAll(async () => {
  await server.close();
  await sys.stop();
});

const transport = () =>
  nodemailer.createTransport({ host: '127.0.0.1', port: server.port, secure: false, ignoreTLS: true });
type Att = { filename: string; content: Buffer; contentType?: string };
const send = (subject: string, attachments: Att[], extra: Record<string, unknown> = {}) =>
  transport().sendMail({
    from: '"Sở Tài chính tỉnh Bắc Ninh" <vanthu@stc.bacninh.gov.vn>',
    to: MAILBOX,
    subject,
    text: 'Kính gửi Bộ Nội vụ,\nSở Tài chính gửi kèm văn bản.',
    attachments,
    ...extra,
  });
const blobCount = async () =>
  Number(
    (
      await sys.deps.db
        .selectFrom('blobs')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const docCount = async () =>
  Number(
    (
      await sys.deps.db
        .selectFrom('incoming_documents')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('source', '=', 'email')
        .executeTakeFirstOrThrow()
    ).n,
  );
async function refusedWith(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return String((e as { response?: string }).response ?? e);
  }
  throw new Error('expected the SMTP server to refuse the mail');
}

describe('mail in: the văn thư mailbox', () => {
  it('a mail with a PDF becomes a "chờ vào sổ" document; the clerk completes it and registers it', async () => {
    const info = await send('Công văn số 215/STC-NS về việc quyết toán ngân sách năm 2026', [
      { filename: 'CV 215-STC.pdf', content: tinyPdf(2), contentType: 'application/pdf' },
      { filename: 'du-toan.zip', content: Buffer.from('PK\x03\x04 not a document'), contentType: 'application/zip' },
    ]);
    expect(info.response).toMatch(/^250/);
    const r = received.at(-1)!;
    expect(r.status).toBe('accepted');
    const list = (await clerk.get('/api/incoming?box=pending_registration&pageSize=100')).json().items as {
      id: string;
    }[];
    expect(list.map((i) => i.id)).toContain(r.incomingId);
    const doc = (await clerk.get(`/api/incoming/${r.incomingId}`)).json();
    expect(doc).toMatchObject({
      status: 'pending_registration',
      source: 'email',
      number: '215',
      notation: 'STC-NS',
      subject: 'Công văn số 215/STC-NS về việc quyết toán ngân sách năm 2026',
      issuingOrganName: 'Sở Tài chính tỉnh Bắc Ninh',
    });
    expect(doc.files.map((f: { name: string }) => f.name)).toEqual(['CV 215-STC.pdf']);
    // The refused ZIP is named on the trace and in the mailbox list.
    expect(JSON.stringify(doc.trace)).toContain('du-toan.zip');
    const mail = (await clerk.get('/api/exchange/mail')).json() as {
      incomingId: string;
      attachments: { name: string; accepted: boolean }[];
    }[];
    expect(mail.find((m) => m.incomingId === r.incomingId)!.attachments).toEqual([
      expect.objectContaining({ name: 'CV 215-STC.pdf', accepted: true }),
      expect.objectContaining({ name: 'du-toan.zip', accepted: false }),
    ]);
    // Registration: the clerk corrects the issuing organ; the number is taken now.
    const reg = await clerk.post(`/api/incoming/${r.incomingId}/register`, {
      meta: { issuingOrganName: 'Sở Tài chính tỉnh Bắc Ninh', issuedDate: '2026-12-01' },
    });
    expect(reg.statusCode).toBe(200);
    expect(reg.json().arrivalNumber).toBeGreaterThan(0);
    expect((await clerk.get(`/api/incoming/${r.incomingId}`)).json()).toMatchObject({
      status: 'pending_assignment',
      issuedDate: '2026-12-01',
    });
  });

  it('a mail without number and notation cannot be registered until the clerk enters them', async () => {
    await send('Gửi văn bản', [{ filename: 'vb.pdf', content: tinyPdf(1) }]);
    const r = received.at(-1)!;
    expect(r.status).toBe('accepted');
    const bad = await clerk.post(`/api/incoming/${r.incomingId}/register`, {});
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('validation.failed');
    expect(bad.json().message).toContain('số văn bản');
    expect((await clerk.get(`/api/incoming/${r.incomingId}`)).json().status).toBe('pending_registration');
    const ok = await clerk.post(`/api/incoming/${r.incomingId}/register`, {
      meta: { number: '88', notation: 'UBND-VP', subject: 'Về việc cử cán bộ dự tập huấn' },
    });
    expect(ok.statusCode).toBe(200);
    expect((await clerk.get(`/api/incoming/${r.incomingId}`)).json()).toMatchObject({
      number: '88',
      notation: 'UBND-VP',
      subject: 'Về việc cử cán bộ dự tập huấn',
    });
  });

  it('a mail with a program attached is refused with the reason, and nothing of it is kept', async () => {
    const blobs = await blobCount();
    const docs = await docCount();
    for (const [name, content] of [
      ['setup.exe', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)])],
      ['chay.bat', Buffer.from('@echo off\r\ndel /q C:\\*\r\n')],
      ['hoa-don.pdf', Buffer.concat([Buffer.from('\x7fELF'), Buffer.alloc(100)])],
    ] as const) {
      const reply = await refusedWith(
        send('Văn bản mới', [
          { filename: 'vb.pdf', content: tinyPdf(1) },
          { filename: name, content },
        ]),
      );
      expect(reply).toMatch(/^550 5\.7\.1 Executable attachment refused/);
      const r = received.at(-1)!;
      expect(r.status).toBe('refused');
      expect(r.reason).toContain('tệp đính kèm chạy được');
      expect(r.reason).toContain(name);
    }
    expect(await blobCount()).toBe(blobs);
    expect(await docCount()).toBe(docs);
    const mail = (await clerk.get('/api/exchange/mail')).json() as { status: string; reason: string }[];
    expect(mail.filter((m) => m.status === 'refused').map((m) => m.reason)).toEqual(
      expect.arrayContaining([expect.stringContaining('setup.exe')]),
    );
  });

  it('a mail without a valid PDF is refused; junk labelled PDF is not a PDF', async () => {
    const reply = await refusedWith(
      send('Không có văn bản', [{ filename: 'vb.pdf', content: Buffer.from('17 bytes of junk!') }]),
    );
    expect(reply).toMatch(/^550 5\.7\.1 No PDF document attached/);
    expect(received.at(-1)!.reason).toBe('Thư không có tệp PDF hợp lệ của văn bản.');
    expect(await refusedWith(send('Trống', []))).toMatch(/^550/);
  });

  it('the same Message-ID twice is one document; an unknown mailbox is refused at RCPT', async () => {
    const docs = await docCount();
    const headers = { messageId: '<cv-77-stc@stc.bacninh.gov.vn>' };
    await send('Công văn số 77/STC-VP', [{ filename: 'a.pdf', content: tinyPdf(1) }], headers);
    await send('Công văn số 77/STC-VP', [{ filename: 'a.pdf', content: tinyPdf(1) }], headers);
    expect(await docCount()).toBe(docs + 1);
    expect(received.at(-1)!.duplicate).toBe(true);
    const reply = await refusedWith(
      transport().sendMail({ from: 'a@b.vn', to: 'khong-ton-tai@mail.bonoivu.gov.vn', subject: 'x', text: 'y' }),
    );
    expect(reply).toMatch(/^550 5\.1\.1/);
  });

  it('an attendee’s calendar reply (METHOD:REPLY) answers the invitation instead of becoming a document', async () => {
    const users = (await clerk.get('/api/admin/users')).json() as { id: string; username: string }[];
    const cvId = users.find((u) => u.username === 'chuyenvien.pc')!.id;
    const booked = await clerk.post('/api/calendar/meetings', {
      title: 'Họp góp ý quy chế văn thư',
      place: 'Phòng 305',
      startsAt: '2027-01-12T08:00:00+07:00',
      endsAt: '2027-01-12T09:00:00+07:00',
      attendees: [{ userId: cvId }],
    });
    const id = booked.json().ids[0] as string;
    const docs = await docCount();
    const ics = (uid: string) =>
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN',
        'METHOD:REPLY',
        'BEGIN:VEVENT',
        `UID:${uid}`,
        'ATTENDEE;PARTSTAT=DECLINED;CN="Nguyễn Văn Chuyên":mailto:chuyenvien.pc@demo.vanthu.vn',
        'DTSTAMP:20261207T010000Z',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n');
    const info = await send('Từ chối: Họp góp ý quy chế văn thư', [], {
      from: 'chuyenvien.pc@demo.vanthu.vn',
      icalEvent: { method: 'reply', content: ics(`${id}@vanthu`) },
    });
    expect(info.response).toMatch(/^250/);
    const cv = await sys.login('chuyenvien.pc');
    const list = (
      await cv.get('/api/calendar/meetings?from=2027-01-12T00:00:00%2B07:00&to=2027-01-13T00:00:00%2B07:00')
    ).json() as { id: string; myAnswer: string }[];
    expect(list.find((m) => m.id === id)!.myAnswer).toBe('decline');
    expect(await docCount()).toBe(docs);
    const unknown = await refusedWith(
      send('Chấp nhận: ?', [], { icalEvent: { method: 'reply', content: ics('khong-co@vanthu') } }),
    );
    expect(unknown).toMatch(/^550 5\.7\.1 Calendar reply not applied/);
  });

  it('reads number and notation the way Vietnamese subjects write them', () => {
    expect(numberNotationOf('V/v góp ý dự thảo (Công văn số: 1234/BNV-VP)')).toEqual({
      number: '1234',
      notation: 'BNV-VP',
    });
    expect(numberNotationOf('Quyết định số 05/2026/QĐ-UBND')).toEqual({ number: '05', notation: '2026/QĐ-UBND' });
    expect(numberNotationOf('Giấy mời họp')).toBeNull();
  });
});
