/**
 * Mail in: a mail to the văn thư's mailbox becomes a "chờ vào sổ" incoming document (source 'email') with its PDF
 * attachments; the clerk completes number and notation when registering it (the mail carries no registered
 * metadata). Refused, with the reason kept in mail_inbound and returned to the SMTP sender:
 * - a mail carrying a program or script (by content or by name: setup.exe, chay.bat, hoa-don.pdf.js) — nothing of
 *   it is kept;
 * - a mail without any PDF of the document, or with more than MAILIN_MAX_ATTACHMENTS attachments.
 * Other attachments of a kind the system does not keep (a ZIP, an HTML page, a damaged PDF) are left out and named on
 * the document's trace. One document per organ and Message-ID: the receipt record commits in the document's
 * transaction, so a sender's retry after a lost reply finds it.
 * Mailbox addresses: the local part is the organ's code, alone or after "vanthu+" (000.00.00.G09@…,
 * vanthu+000.00.00.G09@…).
 */
import { Readable } from 'node:stream';
import { simpleParser, type Attachment } from 'mailparser';
import { foldKey, nfc, todayVN } from '@vanthu/vn';
import type { Deps } from '../../deps';
import type { DbOrTrx } from '../../db/database';
import { recordAudit } from '../audit';
import { cleanFileName, discardStaged, executableMagic, programExtension, type PutResult } from '../blobs';
import { applyIcsReply } from '../calendar';
import { registerElectronic, type StagedFile } from '../incoming';
import { listDocTypes } from '../registers';

export const MAILIN_MAX_BYTES = 25 * 1024 * 1024;
export const MAILIN_MAX_ATTACHMENTS = 20;

export interface MailInResult {
  organId: string;
  inboundId: string;
  status: 'accepted' | 'refused';
  /** Vietnamese, shown to the clerk. */
  reason: string | null;
  /** ASCII, for the SMTP reply to the sender. */
  smtpReason: string | null;
  incomingId: string | null;
  duplicate?: boolean;
}

interface AttachmentNote {
  name: string;
  size: number;
  accepted: boolean;
  reason?: string;
}

const systemActor = (organId: string) => ({ userId: null, name: 'Hộp thư văn thư (hệ thống)', organId });

/** The organ whose mailbox an address is, or null. */
export async function mailboxOrgan(db: DbOrTrx, address: string): Promise<string | null> {
  const local = address.split('@')[0]?.trim().toLowerCase() ?? '';
  const code = local.startsWith('vanthu+') ? local.slice('vanthu+'.length) : local;
  if (!code || code.length > 60) return null;
  const o = await db
    .selectFrom('organs')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['code']), '=', code))
    .executeTakeFirst();
  return o?.id ?? null;
}

const NUMBER_NOTATION = /(?:^|[\s(])(?:số|so|sô)\s*:?\s*(\d{1,11})\s*\/\s*([0-9A-Za-zĐđ][0-9A-Za-zĐđ.\-/]{0,29})/iu;
const REPLY_PREFIX = /^\s*((fwd?|fw|tr|re|trả lời|chuyển tiếp)\s*:\s*)+/iu;

/** Number and notation when the subject or the first lines say them ("Công văn số 123/UBND-VP …"). */
export function numberNotationOf(text: string): { number: string; notation: string } | null {
  const m = NUMBER_NOTATION.exec(text.normalize('NFC'));
  return m ? { number: m[1]!, notation: m[2]!.replace(/[.\-]+$/, '') } : null;
}

function refusal(reason: string, smtpReason: string) {
  return { reason, smtpReason };
}

/** Receives one mail (raw RFC 5322 bytes) for one organ. Never throws for a hostile mail: it is refused. */
export async function receiveMail(deps: Deps, organId: string, raw: Buffer): Promise<MailInResult> {
  if (raw.length > MAILIN_MAX_BYTES)
    return record(deps, organId, { messageId: null, sender: '', subject: '' }, [], {
      ...refusal(`Thư vượt quá ${MAILIN_MAX_BYTES / 1024 / 1024} MB.`, 'Message too large'),
    });
  let parsed;
  try {
    parsed = await simpleParser(raw, { skipTextToHtml: true, skipImageLinks: true, maxHtmlLengthToParse: 2_000_000 });
  } catch {
    return record(deps, organId, { messageId: null, sender: '', subject: '' }, [], {
      ...refusal('Thư không đọc được (sai định dạng).', 'Malformed message'),
    });
  }
  const fromAddr = parsed.from?.value[0];
  const sender = nfc(
    (fromAddr?.name ? `${fromAddr.name} <${fromAddr.address ?? ''}>` : (fromAddr?.address ?? '')).slice(0, 300),
  );
  const subjectRaw = nfc((parsed.subject ?? '').replace(/\s+/g, ' ').trim());
  const head = {
    messageId: parsed.messageId?.slice(0, 300) ?? null,
    sender,
    subject: subjectRaw.slice(0, 500),
  };
  if (head.messageId) {
    const before = await deps.db
      .selectFrom('mail_inbound')
      .select(['id', 'status', 'reason', 'incoming_id'])
      .where('organ_id', '=', organId)
      .where('message_id', '=', head.messageId)
      .executeTakeFirst();
    if (before)
      return {
        organId,
        inboundId: before.id,
        status: before.status,
        reason: before.reason,
        smtpReason: before.status === 'refused' ? 'Refused earlier' : null,
        incomingId: before.incoming_id,
        duplicate: true,
      };
  }
  // An attendee's calendar answer to an invitation (METHOD:REPLY) is an answer, not a document.
  const reply = [parsed.attachments.find((a) => a.contentType.startsWith('text/calendar'))?.content.toString('utf8')]
    .concat(typeof parsed.text === 'string' && /BEGIN:VCALENDAR/.test(parsed.text) ? [parsed.text] : [])
    .find((t) => t && /^METHOD:REPLY\r?$/im.test(t));
  if (reply) {
    const r = await applyIcsReply(deps, organId, reply);
    if (!r.ok)
      return record(
        deps,
        organId,
        head,
        [],
        refusal(`Thư trả lời lịch họp: ${r.reason}.`, 'Calendar reply not applied'),
      );
    const row = await deps.db
      .insertInto('mail_inbound')
      .values({
        organ_id: organId,
        message_id: head.messageId,
        sender: head.sender,
        subject: head.subject,
        status: 'accepted',
        reason: `Trả lời giấy mời: ${r.answer === 'attend' ? 'dự họp' : 'không dự'}`,
        incoming_id: null,
        attachments: '[]',
      })
      .onConflict((oc) => oc.columns(['organ_id', 'message_id']).where('message_id', 'is not', null).doNothing())
      .returning('id')
      .executeTakeFirst();
    return { organId, inboundId: row?.id ?? '', status: 'accepted', reason: null, smtpReason: null, incomingId: null };
  }
  // Inline parts of the HTML body (a signature's logo) are not attachments of the document.
  const atts = parsed.attachments.filter((a) => !(a.related && a.contentType.startsWith('image/')));
  if (atts.length > MAILIN_MAX_ATTACHMENTS)
    return record(deps, organId, head, [], {
      ...refusal(`Thư có ${atts.length} tệp đính kèm (tối đa ${MAILIN_MAX_ATTACHMENTS}).`, 'Too many attachments'),
    });
  // A program or script anywhere refuses the whole mail, before anything is stored.
  for (const a of atts) {
    const name = a.filename ?? '';
    const ext = programExtension(name);
    const magic = executableMagic(a.content.subarray(0, 64));
    if (ext || magic)
      return record(
        deps,
        organId,
        head,
        atts.map((x) => note(x, x === a ? `tệp chạy được (${magic ?? ext})` : 'không xử lý')),
        refusal(
          `Thư có tệp đính kèm chạy được (${name || 'không tên'}: ${magic ?? ext}) — không nhận thư này.`,
          `Executable attachment refused: ${asciiName(name)}`,
        ),
      );
  }
  const staged: (StagedFile & { put: PutResult })[] = [];
  const notes: AttachmentNote[] = [];
  let handedOver = false; // registerElectronic discards the staged files itself when it fails
  try {
    for (const a of atts) {
      try {
        const put = await deps.blobs.put(Readable.from([a.content]), {
          allowed: ['pdf', 'docx', 'xlsx', 'odt', 'png', 'jpeg', 'tiff'],
          maxBytes: deps.config.uploadMaxBytes,
        });
        staged.push({ put, name: cleanFileName(a.filename, put.kind) });
        notes.push({ ...note(a), accepted: true });
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        notes.push(note(a, msg.replace(/\.$/, '')));
      }
    }
    const pdfs = staged.filter((f) => f.put.kind === 'pdf');
    if (!pdfs.length) {
      for (const f of staged) await discardStaged(deps, f.put);
      return record(deps, organId, head, notes, {
        ...refusal(
          atts.length
            ? 'Thư không có tệp PDF hợp lệ của văn bản.'
            : 'Thư không có tệp đính kèm (cần tệp PDF của văn bản).',
          'No PDF document attached',
        ),
      });
    }
    // The PDFs first: the first one is the document, the others its appendices.
    const files = [...pdfs, ...staged.filter((f) => f.put.kind !== 'pdf')];
    const text = `${subjectRaw}\n${(parsed.text ?? '').slice(0, 2000)}`;
    const nn = numberNotationOf(text);
    const subject = subjectRaw.replace(REPLY_PREFIX, '').trim() || '(Thư không có tiêu đề)';
    const folded = foldKey(subject);
    const types = await listDocTypes(deps.db, organId, { activeOnly: true });
    const type = types
      .filter((t) => folded.startsWith(foldKey(t.name)))
      .sort((a, b) => b.name.length - a.name.length)[0];
    const date = parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : deps.now();
    const inboundId = crypto.randomUUID();
    const refused = notes.filter((n) => !n.accepted).map((n) => ({ name: n.name, reason: n.reason ?? '' }));
    const fromName = fromAddr?.name?.trim() || fromAddr?.address || 'Không rõ người gửi';
    handedOver = true;
    const res = await registerElectronic(
      deps,
      organId,
      {
        meta: {
          docTypeCode: type?.code ?? 'cong_van',
          number: nn?.number ?? '',
          notation: nn?.notation ?? '',
          issuedDate: todayVN(date) > todayVN(deps.now()) ? todayVN(deps.now()) : todayVN(date),
          issuingOrganId: null,
          issuingOrganName: nfc(fromName).slice(0, 200),
          subject: subject.slice(0, 500),
          signerPosition: null,
          signerName: null,
          urgency: 'thuong',
          confidentiality: 'thuong',
          pageCount: null,
          recipients: null,
          description: `Nhận qua thư điện tử từ ${sender}`.slice(0, 500),
          deadline: null,
          documentIdentifier: null,
          confirmDuplicate: false,
        } as Parameters<typeof registerElectronic>[2]['meta'],
        files,
        source: { kind: 'email', from: sender, subject: head.subject, messageId: head.messageId, inboundId, refused },
      },
      systemActor(organId),
      async (trx, documentId) => {
        await trx
          .insertInto('mail_inbound')
          .values({
            id: inboundId,
            organ_id: organId,
            message_id: head.messageId,
            sender: head.sender,
            subject: head.subject,
            status: 'accepted',
            reason: refused.length
              ? `Không nhận ${refused.length} tệp: ${refused.map((r) => r.name).join(', ')}`
              : null,
            incoming_id: documentId,
            attachments: JSON.stringify(notes),
          })
          .execute();
      },
    );
    return {
      organId,
      inboundId,
      status: 'accepted',
      reason: null,
      smtpReason: null,
      incomingId: res.id,
    };
  } catch (err) {
    if (!handedOver) for (const f of staged) await discardStaged(deps, f.put);
    // The same Message-ID raced in on another connection: its receipt stands.
    if ((err as { code?: string }).code === '23505' && head.messageId) {
      const won = await deps.db
        .selectFrom('mail_inbound')
        .select(['id', 'incoming_id'])
        .where('organ_id', '=', organId)
        .where('message_id', '=', head.messageId)
        .executeTakeFirst();
      if (won)
        return {
          organId,
          inboundId: won.id,
          status: 'accepted',
          reason: null,
          smtpReason: null,
          incomingId: won.incoming_id,
          duplicate: true,
        };
    }
    throw err;
  }
}

function note(a: Attachment, reason?: string): AttachmentNote {
  return {
    name: nfc(a.filename ?? 'tệp không tên').slice(0, 200),
    size: a.size ?? a.content.length,
    accepted: false,
    ...(reason ? { reason } : {}),
  };
}

const asciiName = (s: string) =>
  foldKey(s)
    .replace(/[^\x20-\x7e]/g, '_')
    .slice(0, 80);

async function record(
  deps: Deps,
  organId: string,
  head: { messageId: string | null; sender: string; subject: string },
  attachments: AttachmentNote[],
  r: { reason: string; smtpReason: string },
): Promise<MailInResult> {
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('mail_inbound')
      .values({
        organ_id: organId,
        message_id: head.messageId,
        sender: head.sender,
        subject: head.subject,
        status: 'refused',
        reason: r.reason,
        incoming_id: null,
        attachments: JSON.stringify(attachments),
      })
      .onConflict((oc) => oc.columns(['organ_id', 'message_id']).where('message_id', 'is not', null).doNothing())
      .returning('id')
      .executeTakeFirst();
    await recordAudit(trx, systemActor(organId), {
      organId,
      action: 'mailin.refuse',
      entityType: 'mail_inbound',
      entityId: row?.id ?? null,
      summary: `Từ chối thư của ${head.sender || 'không rõ'}: ${r.reason}`,
      after: { subject: head.subject, attachments },
    });
    return {
      organId,
      inboundId: row?.id ?? '',
      status: 'refused',
      reason: r.reason,
      smtpReason: r.smtpReason,
      incomingId: null,
    };
  });
}

/** The mailbox's latest receipts, for the văn thư (accepted ones link to their document). */
export async function listMailIn(db: DbOrTrx, organId: string, limit = 200) {
  const rows = await db
    .selectFrom('mail_inbound')
    .select(['id', 'sender', 'subject', 'status', 'reason', 'incoming_id', 'attachments', 'received_at'])
    .where('organ_id', '=', organId)
    .orderBy('received_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    sender: r.sender,
    subject: r.subject,
    status: r.status,
    reason: r.reason,
    incomingId: r.incoming_id,
    attachments: r.attachments as AttachmentNote[],
    receivedAt: r.received_at.toISOString(),
  }));
}
