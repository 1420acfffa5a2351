import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { createTestSystem, type TestSystem } from '../../../test/factory';
import { demoIds, draft, expect200, sha256, upload, type Ids } from './outgoing.testkit';

let sys: TestSystem;
let ids: Ids;
beforeAll(async () => {
  sys = await createTestSystem();
  ids = await demoIds(sys);
});
afterAll(async () => sys?.stop());

function tinyDocx(text: string): Buffer {
  return Buffer.from(
    zipSync({
      '[Content_Types].xml': strToU8(
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      ),
      '_rels/.rels': strToU8(
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
      ),
      'word/document.xml': strToU8(
        `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`,
      ),
    }),
  );
}

describe('final file', () => {
  it('a DOCX draft becomes the final PDF through LibreOffice; a PDF draft passes through untouched', async () => {
    const drafter = await sys.login('chuyenvien.pc');
    const id = await draft(drafter, ids);
    expect200(
      await upload(
        drafter,
        id,
        tinyDocx('Kính gửi Vụ Tổ chức cán bộ'),
        'du-thao.docx',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      ),
    );
    const r = await drafter.post(`/api/outgoing/${id}/final`);
    expect200(r);
    const pdf = (await drafter.get(`/api/outgoing/${id}/files/${(r.json() as { fileId: string }).fileId}`)).rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const id2 = await draft(drafter, ids);
    const v = (await drafter.get(`/api/outgoing/${id2}`)).json() as { versions: { fileId: string; sha256: string }[] };
    const f2 = (await drafter.post(`/api/outgoing/${id2}/final`)).json() as { fileId: string };
    expect(f2.fileId).toBe(v.versions[0]!.fileId);
    expect(sha256((await drafter.get(`/api/outgoing/${id2}/files/${f2.fileId}`)).rawPayload)).toBe(
      v.versions[0]!.sha256,
    );
  }, 150_000);
});
