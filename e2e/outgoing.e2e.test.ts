/**
 * Acceptance item 3 of issue 4, by clicking in Chromium: a chuyên viên of Vụ Pháp chế drafts the reply to an incoming
 * document; the Vụ trưởng initials; the Chánh Văn phòng checks format and returns it once with a comment; the chuyên viên
 * uploads version 2; it goes back up; the Thứ trưởng signs (number and date reserved and stamped); the văn thư applies
 * the organ signature and issues it to Vụ Tổ chức cán bộ (internal) and the demo province's Sở Nội vụ (external, queued
 * for exchange); the incoming document is marked done; the register shows the new line.
 */
import { randomBytes } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { PHONE, chooseOption, launchBrowser, login, newPage, screenshot } from './browser';

let browser: Browser;
const baseUrl = inject('baseUrl');
const run = randomBytes(3).toString('hex');

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function pdf(lines: string[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  lines.forEach((t, i) => page.drawText(t, { x: 70, y: 780 - i * 22, size: 13, font }));
  return Buffer.from(await doc.save());
}

/** A minimal Word document (the chuyên viên's version 2 is a DOCX: the server turns it into the final PDF). */
function docx(paragraphs: string[]): Buffer {
  const body = paragraphs.map((t) => `<w:p><w:r><w:t>${t}</w:t></w:r></w:p>`).join('');
  return Buffer.from(
    zipSync({
      '[Content_Types].xml': strToU8(
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      ),
      '_rels/.rels': strToU8(
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
      ),
      'word/document.xml': strToU8(
        `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
      ),
    }),
  );
}

async function as(username: string, viewport?: typeof PHONE): Promise<Page> {
  const { page } = await newPage(browser, baseUrl, viewport);
  await login(page, username);
  return page;
}

/** A JSON or multipart call inside the browser session (cookie + CSRF), for the setup of the incoming document. */
async function apiCall(
  page: Page,
  url: string,
  data?: unknown,
  multipart?: Record<string, string | { name: string; mimeType: string; buffer: Buffer }>,
) {
  const me = await (await page.request.get('/api/auth/me')).json();
  const headers = { 'x-csrf-token': me.csrfToken as string };
  const r =
    data === undefined && !multipart
      ? await page.request.get(url)
      : multipart
        ? await page.request.post(url, { headers, multipart })
        : await page.request.post(url, { headers, data });
  expect(r.status(), await r.text()).toBeLessThan(300);
  return r.status() === 204 ? null : r.json();
}

/** Opens the document from one of the user's outgoing lists by clicking its subject. */
async function openFromList(page: Page, boxLabel: string, subject: string): Promise<void> {
  await page.goto('/outgoing');
  await page.locator('.outgoing-boxes-wide [data-box]').filter({ hasText: boxLabel }).first().click();
  await page.getByRole('link', { name: subject }).click();
  await page.getByTestId('doc-status').waitFor();
}

/** Clicks a button and waits for the POST it sends to succeed. */
async function clickAndWait(
  page: Page,
  scope: Page | ReturnType<Page['getByRole']>,
  button: string,
  urlPart: string,
  timeout = 60_000,
): Promise<void> {
  const res = page.waitForResponse((r) => r.url().includes(urlPart) && r.request().method() === 'POST', { timeout });
  await scope.getByRole('button', { name: button, exact: true }).click();
  const r = await res;
  if (r.status() >= 300) throw new Error(`${button}: HTTP ${r.status()} ${await r.text()}`);
}

/** Picks one option of a multiple select, then closes its dropdown and waits until no dropdown is open. */
async function chooseMany(page: Page, label: string, optionText: string): Promise<void> {
  await expect.poll(() => page.locator('.ant-select-dropdown:visible').count(), { timeout: 10_000 }).toBe(0);
  await chooseOption(page, label, optionText);
  await page.locator('.ant-select-selection-item', { hasText: optionText }).first().waitFor();
  await page.getByRole('heading', { name: 'Soạn dự thảo văn bản đi' }).click();
  await expect.poll(() => page.locator('.ant-select-dropdown:visible').count(), { timeout: 10_000 }).toBe(0);
}

const status = (page: Page) => page.getByTestId('doc-status').innerText();
/** Waits until the document page shows this status (after the action's refetch). */
const waitStatus = (page: Page, text: string) =>
  page.locator('[data-testid=doc-status]', { hasText: new RegExp(`^${text}$`) }).waitFor({ timeout: 60_000 });

describe('outgoing documents in Chromium (acceptance 3)', () => {
  it('drafts the reply, initials, returns once with a comment, version 2, signs, seals and issues; the incoming is done and the register shows it', async () => {
    // Setup through the API: the văn thư registers the incoming document, the Thứ trưởng assigns it to Vụ Pháp chế,
    // the Vụ trưởng gives it to the chuyên viên.
    const clerk = await as('vanthu');
    const users = (await apiCall(clerk, '/api/admin/users')) as { id: string; username: string }[];
    const units = (await apiCall(clerk, '/api/admin/units')) as { id: string; name: string }[];
    const uid = (u: string) => users.find((x) => x.username === u)!.id;
    const incomingNotation = `SNV-${run}`;
    const meta = {
      docTypeCode: 'cong_van',
      number: '45',
      notation: incomingNotation,
      issuedDate: '2026-03-02',
      issuingOrganName: 'Sở Nội vụ',
      subject: `Xin ý kiến về vị trí việc làm văn thư (${run})`,
      presentTo: { userId: uid('thutruong') },
    };
    const incoming = (await apiCall(clerk, '/api/incoming', undefined, {
      meta: JSON.stringify(meta),
      files: {
        name: 'den.pdf',
        mimeType: 'application/pdf',
        buffer: await pdf(['SO NOI VU', `So 45/${incomingNotation}`]),
      },
    })) as { id: string };
    const leader = await as('thutruong');
    await apiCall(leader, `/api/incoming/${incoming.id}/assign`, {
      direction: 'Vụ Pháp chế chủ trì trả lời',
      lead: { unitId: units.find((u) => u.name === 'Vụ Pháp chế')!.id },
    });
    const head = await as('vutruong.pc');
    await apiCall(head, `/api/incoming/${incoming.id}/reassign`, {
      direction: 'Đ/c Chuyên dự thảo văn bản trả lời',
      lead: uid('chuyenvien.pc'),
    });

    // 1. The chuyên viên drafts the reply and submits it.
    const subject = `V/v góp ý vị trí việc làm văn thư (${run})`;
    const cv = await as('chuyenvien.pc');
    await cv.goto('/outgoing');
    await cv.getByRole('button', { name: 'Soạn dự thảo' }).click();
    await chooseOption(cv, 'Loại văn bản', 'Công văn');
    await cv.getByLabel('Trích yếu', { exact: true }).fill(subject);
    await chooseOption(cv, 'Người ký', 'Vũ Chiến Thắng');
    await chooseOption(cv, 'Trả lời văn bản đến', incomingNotation);
    await chooseMany(cv, 'Nơi nhận trong cơ quan', 'Vụ Tổ chức cán bộ');
    await chooseMany(cv, 'Cơ quan nhận (liên thông)', '000.00.12.H29');
    await cv
      .getByTestId('draft-file')
      .locator('input[type=file]')
      .setInputFiles({
        name: 'du-thao-v1.pdf',
        mimeType: 'application/pdf',
        buffer: await pdf(['BO NOI VU', 'Du thao cong van tra loi - phien ban 1']),
      });
    await cv
      .getByTestId('attachment-files')
      .locator('input[type=file]')
      .setInputFiles({ name: 'phu-luc.pdf', mimeType: 'application/pdf', buffer: await pdf(['Phu luc']) });
    await cv.getByText('du-thao-v1.pdf').waitFor();
    await screenshot(cv, 'outgoing-01-draft-form');
    await clickAndWait(cv, cv, 'Lưu và trình ký', '/submit');
    await waitStatus(cv, 'Chờ ký nháy');
    const docUrl = cv.url();
    expect(docUrl).toMatch(/\/outgoing\/doc\/[0-9a-f-]{36}$/);

    // 2. The Vụ trưởng reviews the route (default: ký nháy → kiểm tra thể thức → ký), keeps it, and initials.
    await openFromList(head, 'Chờ tôi xử lý', subject);
    await head.getByRole('button', { name: 'Điều chỉnh quy trình' }).click();
    const routeDlg = head.getByRole('dialog');
    await expect
      .poll(() => routeDlg.locator('.ant-select-selection-item').allInnerTexts())
      .toEqual([
        'Ký nháy',
        'Lê Minh Pháp — Vụ trưởng',
        'Kiểm tra thể thức',
        'Đỗ Văn Chánh — Chánh Văn phòng',
        'Ký ban hành',
        'Vũ Chiến Thắng — Thứ trưởng',
      ]);
    const put = head.waitForResponse((r) => r.url().endsWith('/route') && r.request().method() === 'PUT');
    await routeDlg.getByRole('button', { name: 'Lưu quy trình' }).click();
    expect((await put).status()).toBe(204);
    await routeDlg.waitFor({ state: 'detached' });
    await head.getByTestId('route-events').getByText('Điều chỉnh quy trình').waitFor();
    await waitStatus(head, 'Chờ ký nháy');
    await clickAndWait(head, head, 'Ký nháy', '/decision');
    await waitStatus(head, 'Chờ kiểm tra thể thức');

    // 3. The Chánh Văn phòng checks the format and returns it to the drafter with a comment.
    const comment = 'Đề nghị sửa phần nơi nhận và căn cứ pháp lý theo Nghị định 30/2020/NĐ-CP.';
    const chief = await as('chanhvp');
    await openFromList(chief, 'Chờ tôi xử lý', subject);
    await chief.getByRole('button', { name: 'Trả lại', exact: true }).click();
    const dlg = chief.getByRole('dialog');
    await dlg.getByLabel('Ý kiến').fill(comment);
    await clickAndWait(chief, dlg, 'Trả lại', '/decision');
    await waitStatus(chief, 'Dự thảo');

    // 4. The chuyên viên sees the comment on the route, uploads version 2 and resubmits: it resumes at the format check.
    await openFromList(cv, 'Chờ tôi xử lý', subject);
    expect(await cv.getByTestId('route-events').innerText()).toContain(comment);
    await cv.locator('.route-return', { hasText: comment }).waitFor();
    await screenshot(cv, 'outgoing-02-route-returned');
    const uploaded = cv.waitForResponse(
      (r) => r.url().includes('/versions?kind=draft') && r.request().method() === 'POST',
    );
    const v2 = docx([
      'BỘ NỘI VỤ',
      'Kính gửi: Sở Nội vụ tỉnh (demo)',
      'Căn cứ Nghị định số 30/2020/NĐ-CP về công tác văn thư, Bộ Nội vụ có ý kiến như sau…',
    ]);
    await cv.getByTestId('upload-draft').locator('input[type=file]').setInputFiles({
      name: 'du-thao-v2.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: v2,
    });
    expect((await uploaded).status()).toBe(200);
    await cv.getByTestId('version-2').waitFor();
    await clickAndWait(cv, cv, 'Trình lại', '/submit');
    await waitStatus(cv, 'Chờ kiểm tra thể thức');

    // 5. The Chánh Văn phòng reads version 2 (DOCX, turned into the final PDF by the server) and passes the format check.
    await openFromList(chief, 'Chờ tôi xử lý', subject);
    expect(await chief.getByTestId('version-2').innerText()).toContain('du-thao-v2.docx');
    await clickAndWait(chief, chief, 'Chuyển sang PDF để xem', '/final', 150_000);
    await chief.locator('iframe[title="Xem văn bản"]').waitFor();
    await clickAndWait(chief, chief, 'Kiểm tra thể thức', '/decision');
    await waitStatus(chief, 'Chờ ký ban hành');

    // 6. The Thứ trưởng signs: the number and date are reserved and stamped before his signature.
    await openFromList(leader, 'Chờ tôi xử lý', subject);
    await leader.getByRole('button', { name: 'Ký', exact: true }).click();
    await clickAndWait(leader, leader.getByRole('dialog'), 'Ký', '/decision', 120_000);
    await leader.getByTestId('doc-number').waitFor();
    const numberText = await leader.getByTestId('doc-number').innerText();
    const notation = /Số: ([^,\s]+)/.exec(numberText)?.[1];
    expect(notation).toMatch(/BNV-PC$/);
    expect(notation, numberText).toBeTruthy();
    expect(await status(leader)).toBe('Chờ đóng dấu số & phát hành');

    // 7. The văn thư applies the organ signature and issues.
    await openFromList(clerk, 'Chờ phát hành', subject);
    await clerk.getByRole('button', { name: 'Đóng dấu số & phát hành', exact: true }).click();
    await clickAndWait(clerk, clerk.getByRole('dialog'), 'Phát hành', '/issue', 120_000);
    await waitStatus(clerk, 'Đã phát hành');
    await expect.poll(() => clerk.getByTestId('signature-item').count(), { timeout: 60_000 }).toBe(2);
    const signers = await clerk.getByTestId('signature-panel').innerText();
    expect(signers).toContain('Vũ Chiến Thắng');
    const rowOf = (name: string) => clerk.getByTestId('recipients').getByRole('row').filter({ hasText: name });
    // The internal copy is delivered by a background job: reload until it is received.
    await expect
      .poll(
        async () => {
          await clerk.reload();
          return rowOf('Vụ Tổ chức cán bộ').getByTestId('recipient-status').innerText();
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toMatch(/^(Đã nhận|Đã vào sổ|Đã phân công|Đang xử lý)$/);
    const external = await rowOf('Sở Nội vụ').getByRole('cell').allInnerTexts();
    expect(external[0]).toMatch(/^Sở Nội vụ\s+000\.00\.12\.H29$/);
    expect(external[1]).toBe('Liên thông');
    expect(await rowOf('Sở Nội vụ').getByTestId('recipient-status').innerText()).toMatch(
      /^(Chờ gửi liên thông|Đã gửi|Đã nhận)$/,
    );
    expect(await clerk.getByTestId('step-issue').innerText()).toBe('Đóng dấu số & phát hành');
    await screenshot(clerk, 'outgoing-03-signed-issued');

    // 8. The incoming document it answers is done.
    await clerk.goto(`/incoming/doc/${incoming.id}`);
    await waitStatus(clerk, 'Hoàn thành');

    // 9. The register shows the new line, and downloads as PDF and XLSX; O4 counts Vụ Pháp chế.
    await clerk.goto('/outgoing');
    await clerk.getByRole('button', { name: 'Sổ văn bản đi' }).click();
    const line = clerk.getByTestId('register-book').getByRole('row').filter({ hasText: notation! });
    await line.waitFor();
    const cells = await line.getByRole('cell').allInnerTexts();
    expect(cells).toHaveLength(10);
    expect(cells[2]).toContain(subject);
    expect(cells[3]).toBe('Vũ Chiến Thắng');
    expect(cells[4]).toContain('Vụ Tổ chức cán bộ');
    expect(cells[4]).toContain('Sở Nội vụ');
    await clerk.getByTestId('summary-units').getByRole('row').filter({ hasText: 'Vụ Pháp chế' }).waitFor();
    const pdfHref = await clerk.getByRole('link', { name: /Tải PDF/ }).getAttribute('href');
    const xlsxHref = await clerk.getByRole('link', { name: /Tải XLSX/ }).getAttribute('href');
    expect((await (await clerk.request.get(pdfHref!)).body()).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await (await clerk.request.get(xlsxHref!)).body()).subarray(0, 2).toString()).toBe('PK');
    await screenshot(clerk, 'outgoing-04-register');

    // 10. On a phone: the lists are a select, the document page fits the screen's width.
    const phone = await as('vanthu', PHONE);
    await phone.goto('/outgoing?box=issued');
    await phone.getByRole('link', { name: subject }).click();
    await waitStatus(phone, 'Đã phát hành');
    expect(await phone.locator('.outgoing-boxes-narrow').isVisible()).toBe(true);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);
    await screenshot(phone, 'outgoing-05-phone');
  });
});
