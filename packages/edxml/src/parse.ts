// parseEdxml: reads a package from a stream or a file path without holding it in memory.
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { checkContent } from './content-check';
import { EdxmlError } from './errors';
import { resolveLimits, type EdxmlLimits } from './limits';
import { FieldReader, child } from './map-fields';
import { mapEdocHeader } from './map-edoc';
import { mapStatus } from './map-status';
import { stripCid } from './names';
import { PrologFilter } from './prolog';
import { EdxmlReader } from './reader';
import { verifyEnvelopeSignature } from './xmldsig';
import { CODE_NUMBER_MAX } from './validate-edoc';
import { createTempFileSink, type AttachmentSink } from './sinks';
import type { Attachment, ManifestReference, ParsedEdxml, Warning } from './types';
import { childText, childrenOf, serializeNode, type XmlNode } from './xml-node';

export interface ParseOptions {
  /** Where attachment bytes go; default: files in a new temp dir (returned as `tempDir`). */
  attachmentSink?: AttachmentSink;
  limits?: Partial<EdxmlLimits>;
  /** Expand zipped attachments into `entries` (default true). */
  unzip?: boolean;
  /** Verify the envelope XML signature when there is one (default true; see xmldsig.ts, limits.maxSignedChars). */
  verifySignature?: boolean;
}

/** Largest piece of text handed to saxes at once (bounds what saxes buffers between drains). */
const SLICE = 64 * 1024;

export async function parseEdxml(input: Readable | string, options: ParseOptions = {}): Promise<ParsedEdxml> {
  const limits = resolveLimits(options.limits);
  const temp = options.attachmentSink ? undefined : createTempFileSink();
  const sink = options.attachmentSink ?? temp!.sink;
  const stream = typeof input === 'string' ? createReadStream(input, { highWaterMark: SLICE }) : input;
  const reader = new EdxmlReader(limits, sink, options.unzip ?? true);
  const prolog = new PrologFilter(limits.maxPrologChars);
  const decoder = new StringDecoder('utf8');
  // The envelope signature covers the whole text: it is kept while the header is read, and beyond only when the
  // header holds a Signature and the package stays under limits.maxSignedChars.
  let signed: string[] | null = options.verifySignature === false ? null : [];
  let signedChars = 0;
  let signedTooLarge = false;
  const feed = (text: string): void => {
    const t = prolog.filter(text, reader.rootSeen);
    if (signed && t) {
      signed.push(t);
      signedChars += t.length;
      if (signedChars > limits.maxSignedChars) {
        signed = null;
        signedTooLarge = true;
      }
    }
    for (let i = 0; i < t.length; i += SLICE) reader.write(t.slice(i, i + SLICE));
    if (signed && reader.headerNode && !child(reader.headerNode, 'Signature', true)) signed = null;
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer | string>) {
      feed(typeof chunk === 'string' ? chunk : decoder.write(chunk));
      await reader.ready();
    }
    feed(decoder.end());
    if (prolog.unstarted) throw new EdxmlError('edxml.not_edxml', 'no markup');
    reader.close();
    const result = await assemble(reader);
    if (result.kind === 'edoc') {
      result.envelopeSignature =
        result.signatureXml === undefined
          ? { status: 'absent', message: 'Gói tin không có chữ ký XML.' }
          : signed
            ? verifyEnvelopeSignature(signed.join(''))
            : {
                status: 'not_checked',
                code: signedTooLarge ? 'edxml.signature_too_large' : 'edxml.signature_not_checked',
                message: signedTooLarge
                  ? `Gói tin lớn hơn ${Math.round(limits.maxSignedChars / 1024 / 1024)} MB: không kiểm tra chữ ký XML.`
                  : 'Không kiểm tra chữ ký XML.',
              };
      signed = null;
      const s = result.envelopeSignature;
      if (s.status === 'invalid' || s.status === 'not_checked')
        result.warnings.push({
          code: s.code ?? 'edxml.signature_invalid',
          path: 'edXMLEnvelope.edXMLHeader.Signature',
          message: s.message,
        });
    }
    if (prolog.dropped)
      result.warnings.push({
        code: 'edxml.stray_bytes',
        path: '',
        message: `Bỏ qua ${prolog.dropped.length} ký tự lạ trước khai báo XML.`,
      });
    if (result.kind === 'edoc' && temp) result.tempDir = temp.dir;
    else if (temp) await rm(temp.dir, { recursive: true, force: true });
    return result;
  } catch (e) {
    reader.abort();
    stream.destroy();
    if (temp) await rm(temp.dir, { recursive: true, force: true });
    throw e;
  }
}

async function assemble(reader: EdxmlReader): Promise<ParsedEdxml> {
  const root = reader.root;
  const envelope = child(root, 'edXMLEnvelope');
  const header = child(envelope, 'edXMLHeader');
  const mh = child(header, 'MessageHeader') ?? child(header, 'Status');
  if (!header || !mh) throw new EdxmlError('edxml.not_edxml', 'no edXMLEnvelope/edXMLHeader/MessageHeader');
  const f = new FieldReader();
  const warnings: Warning[] = [...reader.warnings];
  if (mh.local === 'Status' || child(mh, 'StatusCode')) {
    return { kind: 'status', status: mapStatus(mh, f), fieldIssues: f.issues, warnings };
  }
  const headerModel = mapEdocHeader(header, mh, f);
  const codeNumber = headerModel.messageHeader.code.codeNumber;
  if ([...codeNumber].length > CODE_NUMBER_MAX) {
    warnings.push({
      code: 'edxml.code_number_long',
      path: 'MessageHeader.Code.CodeNumber',
      message: `Số văn bản "${codeNumber.slice(0, 60)}" dài ${[...codeNumber].length} ký tự, quá ${CODE_NUMBER_MAX} ký tự theo QCVN 102: vẫn tiếp nhận, cần kiểm tra khi vào sổ.`,
    });
  }
  const manifest = readManifest(child(child(envelope, 'edXMLBody'), 'edXMLManifest'));
  const attachments = await readAttachments(reader, warnings, manifest);
  const signature = child(header, 'Signature', true);
  return {
    kind: 'edoc',
    header: headerModel,
    manifest,
    attachments,
    ...(signature ? { signatureXml: serializeNode(signature) } : {}),
    fieldIssues: f.issues,
    warnings,
  };
}

function readManifest(m: XmlNode | undefined): ManifestReference[] {
  return childrenOf(m, 'Reference').map((r) => {
    const ref: ManifestReference = { contentId: stripCid(childText(r, 'ContentId') ?? '') };
    const ct = childText(r, 'ContentType');
    const d = childText(r, 'Description');
    const n = childText(r, 'AttachmentName');
    if (ct) ref.contentType = ct;
    if (d) ref.description = d;
    if (n) ref.attachmentName = n;
    return ref;
  });
}

async function readAttachments(
  reader: EdxmlReader,
  warnings: Warning[],
  manifest: ManifestReference[],
): Promise<Attachment[]> {
  const out: Attachment[] = [];
  for (const [i, a] of reader.attachments.entries()) {
    const name = childText(a.node, 'AttachmentName') ?? '';
    const contentType = childText(a.node, 'ContentType') || 'application/octet-stream';
    const contentId = stripCid(childText(a.node, 'ContentId') ?? '');
    // Senders put the Description on the attachment, in the manifest, or both: the attachment's own wins.
    const description =
      childText(a.node, 'Description') || manifest.find((m) => m.contentId === contentId && m.description)?.description;
    const r = a.result
      ? await a.result
      : {
          size: 0,
          sha256: EMPTY_SHA256,
          zipped: false,
          entries: [],
          zipFailure: undefined,
          location: undefined,
          probe: undefined,
        };
    if (!a.result)
      warnings.push({
        code: 'edxml.attachment_empty',
        path: `AttachmentEncoded.Attachment[${i}]`,
        message: 'Tệp đính kèm không có nội dung.',
      });
    if (r.zipFailure)
      warnings.push({
        code: 'edxml.zip_unreadable',
        path: `AttachmentEncoded.Attachment[${i}]`,
        message: `Không giải nén được tệp zip: ${r.zipFailure}`,
      });
    const att: Attachment = {
      key: String(i),
      contentId,
      name,
      contentType,
      size: r.size,
      sha256: r.sha256,
      zipped: r.zipped,
      entries: r.entries,
    };
    if (description) att.description = description;
    const contentWarning =
      r.probe && !r.zipped
        ? checkContent(r.probe, r.size, { name, contentType }, `AttachmentEncoded.Attachment[${i}]`)
        : undefined;
    if (contentWarning) att.contentWarning = contentWarning;
    for (const w of [contentWarning, ...r.entries.map((e) => e.contentWarning)]) if (w) warnings.push(w);
    if (r.location) att.location = r.location;
    out.push(att);
  }
  return out;
}

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
