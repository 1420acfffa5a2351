import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chooseOption, launchBrowser, login, newPage, screenshot } from './browser';

let browser: Browser;
const baseUrl = inject('baseUrl');
const run = randomBytes(3).toString('hex');

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

function scanPdf(): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>> endobj\n%${run}\ntrailer <</Root 1 0 R>>\n%%EOF\n`,
    'latin1',
  );
}

async function as(username: string): Promise<Page> {
  const { page } = await newPage(browser, baseUrl);
  await login(page, username);
  return page;
}

/** Opens a document from one of the user's lists by clicking its subject. */
async function openFromList(page: Page, boxLabel: string, subject: string): Promise<void> {
  await page.goto('/incoming');
  await page.locator('.incoming-boxes-wide [data-box]').filter({ hasText: boxLabel }).first().click();
  await page.getByRole('link', { name: subject }).click();
  await page.getByTestId('doc-status').waitFor();
}

async function clickAndWait(page: Page, button: string, urlPart: string): Promise<void> {
  const res = page.waitForResponse((r) => r.url().includes(urlPart) && r.request().method() === 'POST');
  await page.getByRole('button', { name: button, exact: true }).click();
  const r = await res;
  if (r.status() >= 300) throw new Error(`${button}: HTTP ${r.status()} ${await r.text()}`);
}

/** A JSON or multipart call made inside the browser session (cookie + CSRF), for the setup of the second document. */
async function apiCall(
  page: Page,
  method: 'GET' | 'POST',
  url: string,
  data?: unknown,
  multipart?: Record<string, string | { name: string; mimeType: string; buffer: Buffer }>,
) {
  const me = await (await page.request.get('/api/auth/me')).json();
  const headers = { 'x-csrf-token': me.csrfToken as string };
  const r =
    method === 'GET'
      ? await page.request.get(url)
      : multipart
        ? await page.request.post(url, { headers, multipart })
        : await page.request.post(url, { headers, data });
  expect(r.status(), await r.text()).toBeLessThan(300);
  return r.status() === 204 ? null : r.json();
}

describe('incoming documents in Chromium (acceptance 5)', () => {
  it('registers a scanned paper document, directs, re-assigns and completes it, with the whole timeline; an overdue one shows for its assignee and in the report', async () => {
    const subject = `Về việc góp ý dự thảo Nghị định về công tác văn thư (${run})`;
    // 1. The văn thư registers the scanned paper document and presents it to the Thứ trưởng.
    const clerk = await as('vanthu');
    await clerk.goto('/incoming');
    await clerk.getByRole('button', { name: 'Vào sổ văn bản' }).click();
    await clerk
      .locator('input[type=file]')
      .setInputFiles({ name: 'cong-van-125-btp.pdf', mimeType: 'application/pdf', buffer: scanPdf() });
    await chooseOption(clerk, 'Loại văn bản', 'Công văn');
    await clerk.getByLabel('Số', { exact: true }).fill('125');
    await clerk.getByLabel('Ký hiệu', { exact: true }).fill(`BTP-${run}`);
    await clerk.getByLabel('Ngày văn bản', { exact: true }).fill('02/03/2026');
    await clerk.keyboard.press('Enter');
    await clerk.getByLabel('Cơ quan ban hành', { exact: true }).fill('Bộ Tư pháp');
    await clerk
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'Bộ Tư pháp' })
      .first()
      .click();
    await clerk.getByLabel('Trích yếu', { exact: true }).fill(subject);
    await clerk.getByLabel('Người ký', { exact: true }).fill('Nguyễn Thanh Tịnh');
    await chooseOption(clerk, 'Lãnh đạo', 'Vũ Chiến Thắng');
    await screenshot(clerk, 'incoming-01-register-form');
    await clickAndWait(clerk, 'Vào sổ', '/api/incoming');
    await clerk.getByTestId('arrival-number').waitFor();
    expect(await clerk.getByTestId('doc-status').innerText()).toBe('Chờ phân công');
    await screenshot(clerk, 'incoming-02-registered');

    // 2. The Thứ trưởng directs: Vụ Pháp chế leads, Vụ Tổ chức cán bộ coordinates, 5 working days.
    const leader = await as('thutruong');
    await openFromList(leader, 'Cần xử lý', subject);
    await leader.getByRole('button', { name: 'Phân công' }).click();
    const dlg = leader.getByRole('dialog');
    await dlg
      .getByLabel('Ý kiến chỉ đạo')
      .fill('Giao Vụ Pháp chế chủ trì, Vụ Tổ chức cán bộ phối hợp nghiên cứu, góp ý.');
    await chooseOption(leader, 'Chủ trì', 'Vụ Pháp chế', dlg);
    await chooseOption(leader, 'Phối hợp', 'Vụ Tổ chức cán bộ', dlg);
    await dlg.getByText('Bút phê, phân công xử lý').click();
    expect(
      await dlg.getByLabel('Số ngày làm việc', { exact: true }).and(dlg.getByRole('spinbutton')).inputValue(),
    ).toBe('5');
    await screenshot(leader, 'incoming-03-assign-dialog');
    await clickAndWait(leader, 'Giao xử lý', '/assign');
    await leader.getByTestId('asg-lead').first().waitFor();
    expect(await leader.getByTestId('doc-status').innerText()).toBe('Đang xử lý');

    // 3. The Vụ trưởng re-assigns inside the unit to a chuyên viên.
    const head = await as('vutruong.pc');
    await openFromList(head, 'Cần xử lý', subject);
    await head.getByRole('button', { name: 'Giao cán bộ' }).click();
    await chooseOption(head, 'Cán bộ chủ trì', 'Ngô Thị Chuyên', head.getByRole('dialog'));
    await clickAndWait(head, 'Giao', '/reassign');
    await head.locator('.asg-node', { hasText: 'Ngô Thị Chuyên' }).waitFor();

    // 4. The chuyên viên completes it.
    const cv = await as('chuyenvien.pc');
    await openFromList(cv, 'Cần xử lý', subject);
    await cv.getByRole('button', { name: 'Hoàn thành' }).click();
    await cv
      .getByRole('dialog')
      .getByLabel('Kết quả xử lý')
      .fill('Đã tổng hợp ý kiến góp ý, trình lãnh đạo Bộ ký văn bản trả lời.');
    await clickAndWait(cv, 'Xác nhận hoàn thành', '/complete');
    await expect.poll(() => cv.getByTestId('doc-status').innerText()).toBe('Hoàn thành');

    // 5. The văn thư sees it done, with every step in the timeline.
    await openFromList(clerk, 'Sổ văn bản đến', subject);
    expect(await clerk.getByTestId('doc-status').innerText()).toBe('Hoàn thành');
    const timeline = await clerk.getByTestId('timeline').innerText();
    for (const step of [
      'Vào sổ văn bản đến',
      'Trình văn bản',
      'Bút phê, phân công xử lý',
      'Giao xử lý trong đơn vị',
      'Hoàn thành xử lý',
    ])
      expect(timeline).toContain(step);
    for (const who of ['Trần Thị Thư', 'Vũ Chiến Thắng', 'Lê Minh Pháp', 'Ngô Thị Chuyên'])
      expect(timeline).toContain(who);
    expect(timeline).toContain('Giao Vụ Pháp chế chủ trì');
    await screenshot(clerk, 'incoming-04-done-timeline');

    // 6. A second document, received late, with a deadline already past: overdue for its assignee and in the report.
    const subject2 = `Về việc báo cáo biên chế quý III (${run})`;
    const users = (await apiCall(clerk, 'GET', '/api/admin/users')) as { id: string; username: string }[];
    const units = (await apiCall(clerk, 'GET', '/api/admin/units')) as { id: string; name: string }[];
    const past = new Date(Date.now() - 7 * 86400_000).toISOString().slice(0, 10);
    const meta = {
      docTypeCode: 'cong_van',
      number: '77',
      notation: `UBND-${run}`,
      issuedDate: '2026-03-01',
      issuingOrganName: 'Ủy ban nhân dân tỉnh Lào Cai',
      subject: subject2,
      deadline: past,
      presentTo: { userId: users.find((u) => u.username === 'thutruong')!.id },
    };
    const reg2 = await apiCall(clerk, 'POST', '/api/incoming', undefined, {
      meta: JSON.stringify(meta),
      files: { name: 'bc.pdf', mimeType: 'application/pdf', buffer: scanPdf() },
    });
    await apiCall(leader, 'POST', `/api/incoming/${reg2.id}/assign`, {
      direction: 'Vụ TCCB báo cáo',
      lead: { unitId: units.find((u) => u.name === 'Vụ Tổ chức cán bộ')!.id },
    });
    const tccb = await as('vutruong.tccb');
    await tccb.goto('/incoming');
    await tccb.locator('.incoming-boxes-wide [data-box=overdue]').click();
    const row = tccb.getByRole('row').filter({ hasText: subject2 });
    await row.waitFor();
    expect(await row.innerText()).toContain('(quá hạn)');
    await screenshot(tccb, 'incoming-05-overdue-list');
    // F1i: the side menu counts what waits for the unit head, and the bell holds the assignment notice.
    await tccb.reload();
    await expect
      .poll(async () => Number(await tccb.getByTestId('incoming-badge').getAttribute('data-count')))
      .toBeGreaterThanOrEqual(1);
    await tccb.getByTestId('notification-bell').click();
    const notice = tccb.getByRole('dialog', { name: 'Thông báo' }).getByRole('button').filter({ hasText: subject2 });
    await notice.first().waitFor();
    await screenshot(tccb, 'incoming-05b-notifications');
    await notice.first().click();
    await tccb.waitForURL(/\/incoming\/doc\//);

    await clerk.goto('/incoming');
    await clerk.getByRole('button', { name: 'Sổ và báo cáo' }).click();
    const tccbRow = clerk.getByTestId('handling-report').getByRole('row').filter({ hasText: 'Vụ Tổ chức cán bộ' });
    await tccbRow.waitFor();
    const cells = await tccbRow.getByRole('cell').allInnerTexts();
    expect(cells[0]).toBe('Vụ Tổ chức cán bộ');
    expect(Number(cells[5])).toBeGreaterThanOrEqual(1);
    const pcCells = await clerk
      .getByTestId('handling-report')
      .getByRole('row')
      .filter({ hasText: 'Vụ Pháp chế' })
      .getByRole('cell')
      .allInnerTexts();
    expect(Number(pcCells[2])).toBeGreaterThanOrEqual(1);
    await screenshot(clerk, 'incoming-06-report');
  });
});
