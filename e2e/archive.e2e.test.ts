import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { validatePackage } from '@vanthu/eark';
import { launchBrowser, login, newPage, PHONE, screenshot } from './browser';

let browser: Browser;
const baseUrl = inject('baseUrl');
const run = randomBytes(3).toString('hex');

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const pdf = (n: number) =>
  Buffer.from(
    `%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>> endobj\n%${run}-${n}\ntrailer <</Root 1 0 R>>\n%%EOF\n`,
    'latin1',
  );

async function as(username: string): Promise<Page> {
  const { page } = await newPage(browser, baseUrl);
  await login(page, username);
  return page;
}

/** A call inside the browser session (cookie + CSRF): the unit's own steps on its work file. */
async function api(
  page: Page,
  method: 'POST' | 'PATCH',
  url: string,
  data?: unknown,
  multipart?: Record<string, { name: string; mimeType: string; buffer: Buffer }>,
) {
  const me = await (await page.request.get('/api/auth/me')).json();
  const headers = { 'x-csrf-token': me.csrfToken as string };
  const r = multipart
    ? await page.request.post(url, { headers, multipart })
    : method === 'PATCH'
      ? await page.request.patch(url, { headers, data })
      : await page.request.post(url, { headers, data });
  expect(r.status(), await r.text()).toBeLessThan(300);
  return r.json();
}

async function download(page: Page, click: () => Promise<void>): Promise<Buffer> {
  const dl = page.waitForEvent('download');
  await click();
  const file = await (await dl).path();
  return fs.readFileSync(file);
}

describe('the agency archive in Chromium (issue 21, acceptance 4)', () => {
  it('a unit transfers a closed file, the archive returns it for a missing field, accepts it fixed and downloads the AIP; a restricted record is requested, approved, downloaded with the watermark', async () => {
    // The unit (a specialist of Vụ Pháp chế) closes a restricted file of two documents, its language left empty.
    const unit = await as('chuyenvien.pc');
    const file = await api(unit, 'POST', '/api/workfiles', {
      title: `Hồ sơ góp ý dự thảo Luật Lưu trữ ${run}`,
      notation: `LT.${run}`,
      retention: '20',
      startDate: '2026-02-02',
      mode: '02',
    });
    for (const n of [1, 2]) {
      const up = await api(unit, 'POST', '/api/files', undefined, {
        file: { name: `gop-y-${n}.pdf`, mimeType: 'application/pdf', buffer: pdf(n) },
      });
      await api(unit, 'POST', `/api/workfiles/${file.id}/members`, {
        kind: 'upload',
        refId: up.id,
        upload: {
          subject: `Ý kiến góp ý số ${n}`,
          docDate: '2026-02-10',
          pageCount: 1,
          organName: 'Bộ Nội vụ',
          codeNumber: String(n),
          codeNotation: 'BNV-PC',
        },
      });
    }
    await api(unit, 'PATCH', `/api/workfiles/${file.id}`, { language: '' });
    await api(unit, 'POST', `/api/workfiles/${file.id}/close`);

    // The archive (văn thư) receives it: returned with the missing field.
    const clerk = await as('vanthu');
    await clerk.getByTestId('side-menu').getByText('Lưu trữ', { exact: true }).click();
    await clerk.getByRole('menuitem', { name: 'Nộp lưu' }).first().click();
    await clerk.getByRole('row', { name: new RegExp(file.code.replace(/\./g, '\\.')) }).click();
    await clerk.getByRole('button', { name: /Nhận nộp lưu \(1\)/ }).click();
    await clerk.getByText('Hồ sơ chưa đủ điều kiện nộp lưu').waitFor();
    await expect.poll(() => clerk.locator('.ant-alert-error').innerText()).toContain('Thiếu thông tin bắt buộc');

    // The unit fixes it (reopen with a reason, fill the language, close again).
    await api(unit, 'POST', `/api/workfiles/${file.id}/reopen`, {
      reason: 'Bổ sung ngôn ngữ theo yêu cầu của lưu trữ',
    });
    await api(unit, 'PATCH', `/api/workfiles/${file.id}`, { language: 'Tiếng Việt' });
    await api(unit, 'POST', `/api/workfiles/${file.id}/close`);

    // Received: the handover record, the package built, the AIP downloaded and valid.
    await clerk.reload();
    await clerk.getByRole('row', { name: new RegExp(file.code.replace(/\./g, '\\.')) }).click();
    await clerk.getByRole('button', { name: /Nhận nộp lưu \(1\)/ }).click();
    await clerk.getByRole('heading', { name: /Biên bản giao nhận số/ }).waitFor();
    await clerk.getByRole('row', { name: /Đã lưu trữ/ }).waitFor({ timeout: 30_000 });
    await clerk.getByRole('link', { name: `Hồ sơ góp ý dự thảo Luật Lưu trữ ${run}` }).click();
    const zip = await download(clerk, () => clerk.getByRole('link', { name: 'Tải gói AIP' }).click());
    const zipPath = `/tmp/vanthu-e2e-aip-${run}.zip`;
    fs.writeFileSync(zipPath, zip);
    expect((await validatePackage(zipPath)).errors).toBe(0);
    await screenshot(clerk, 'archive-record');

    // Another specialist finds the restricted record in the catalogue and requests it.
    const reader = await as('chuyenvien.tccb');
    await reader.goto('/archive');
    await reader.getByLabel('Tìm hồ sơ lưu trữ').fill(run);
    await reader.getByLabel('Tìm hồ sơ lưu trữ').press('Enter');
    await reader.getByRole('link', { name: new RegExp(run) }).click();
    await reader.getByText('gửi yêu cầu khai thác').waitFor();
    await reader.getByRole('button', { name: 'Yêu cầu khai thác' }).click();
    await reader.getByLabel('Mục đích khai thác').fill('Nghiên cứu phục vụ xây dựng Nghị định');
    await reader.getByRole('button', { name: 'Gửi yêu cầu' }).click();
    await reader.getByText('Đã gửi yêu cầu khai thác').waitFor();

    // The archive's head (Chánh Văn phòng) opens the notification and approves.
    const head = await as('chanhvp');
    await head.getByTestId('notification-bell').click();
    await head.getByRole('button', { name: new RegExp(`Yêu cầu khai thác hồ sơ .*${run}`) }).click();
    await head
      .getByRole('row', { name: /Nghiên cứu phục vụ xây dựng Nghị định/ })
      .getByRole('button', { name: 'Duyệt' })
      .click();
    await head.getByText('Đã duyệt yêu cầu khai thác').waitFor();

    // The reader downloads a copy: the watermark names her and the time; the original in the AIP is untouched.
    await reader.reload();
    const copy = await download(reader, () => reader.getByRole('link', { name: 'Tải bản sao văn bản 1' }).click());
    const copyPath = `/tmp/vanthu-e2e-copy-${run}.pdf`;
    fs.writeFileSync(copyPath, copy);
    const text = execFileSync('pdftotext', [copyPath, '-']).toString('utf8');
    expect(text).toContain('Bùi Văn Cần');
    expect(text).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    expect(text).toContain('Nghiên cứu phục vụ xây dựng Nghị định');
    expect(copy.equals(pdf(1))).toBe(false);
    await screenshot(reader, 'archive-reader');

    // On a phone (390×844): the same record, its sections as a select, the copy one tap away.
    const { page: phone } = await newPage(browser, baseUrl, PHONE);
    await login(phone, 'chuyenvien.tccb');
    await phone.goto(new URL(reader.url()).pathname);
    await phone.getByRole('link', { name: 'Tải bản sao văn bản 2' }).waitFor();
    await screenshot(phone, 'archive-reader-phone');
    const wide = await phone.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > 392 && !e.closest('.ant-table-content'))
        .slice(0, 8)
        .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`),
    );
    expect(wide).toEqual([]);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  }, 60_000);
});
