import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { strFromU8, unzipSync } from 'fflate';
import { DEMO_PASSWORD, PHONE, launchBrowser, login, newPage, screenshot } from './browser';

let browser: Browser;
const baseUrl = inject('baseUrl');
const tag = String(Date.now()).slice(-6);

function tinyPdf(): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>> endobj\n%${tag}${Math.random()}\ntrailer <</Root 1 0 R>>\n%%EOF\n`,
    'latin1',
  );
}

/** Registers incoming documents as the văn thư through the API (the test data of this journey). */
async function registerAs(username: string, docs: { subject: string; issuedDate: string; number: string }[]) {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  for (const d of docs) {
    const fd = new FormData();
    fd.append(
      'meta',
      JSON.stringify({
        docTypeCode: 'ke_hoach',
        notation: 'KH-UBND',
        issuingOrganName: 'Ủy ban nhân dân tỉnh Sóc Trăng',
        signerPosition: 'Phó Chủ tịch',
        signerName: 'Lâm Văn Mẫn',
        urgency: 'thuong',
        confidentiality: 'thuong',
        recipients: 'Bộ Nội vụ',
        ...d,
      }),
    );
    fd.append('files', new Blob([new Uint8Array(tinyPdf())], { type: 'application/pdf' }), 'scan.pdf');
    const r = await fetch(`${baseUrl}/api/incoming`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrfToken },
      body: fd,
    });
    if (!r.ok) throw new Error(`${r.status} ${await r.text()}`);
  }
}

beforeAll(async () => {
  browser = await launchBrowser();
  await registerAs('vanthu', [
    { subject: `Kế hoạch kiểm tra kho lưu trữ chuyên dụng đợt ${tag}`, issuedDate: '2025-06-02', number: `${tag}1` },
    { subject: `Kế hoạch kiểm tra kho lưu trữ lịch sử đợt ${tag}`, issuedDate: '2026-03-02', number: `${tag}2` },
  ]);
});
afterAll(async () => browser?.close());

describe('search in Chromium', () => {
  it('desktop: typed without diacritics in the header, a facet, saved, reopened, exported to XLSX whose rows are the hits', async () => {
    const { context, page } = await newPage(browser, baseUrl);
    try {
      await login(page, 'vanthu');
      await page.getByTestId('header-search').click();
      await page.getByTestId('header-search').fill(`ke hoach kiem tra kho luu tru ${tag}`);
      await page.keyboard.press('Enter');
      await page.getByTestId('search-page').waitFor();
      await expect.poll(() => page.getByTestId('search-hit').count()).toBe(2);
      await expect.poll(() => page.getByTestId('search-total').textContent()).toContain('2 kết quả');
      expect(await page.locator('[data-testid="search-hit"] mark').first().textContent()).toMatch(
        /Kế|hoạch|kiểm|tra|kho|lưu|trữ/,
      );

      // Filter by the year facet: one left.
      await page.getByTestId('facet-year-2026').click();
      await expect.poll(() => page.getByTestId('search-hit').count()).toBe(1);
      expect(await page.getByTestId('search-hit').first().textContent()).toContain('lịch sử');
      await screenshot(page, 'search-desktop');

      // Save it, leave, reopen it from the saved list.
      await page.getByTestId('search-save').click();
      await page.getByTestId('saved-name').fill(`Kho lưu trữ ${tag}`);
      await page.getByRole('button', { name: 'Lưu', exact: true }).click();
      await page.locator('.ant-message').getByText('Đã lưu tìm kiếm.').waitFor();
      await page.goto('/search');
      await page.getByTestId('saved-select').click();
      await page.locator('.ant-select-item-option').getByText(`Kho lưu trữ ${tag}`).click();
      await expect.poll(() => page.getByTestId('search-hit').count()).toBe(1);
      expect(new URL(page.url()).searchParams.get('year')).toBe('2026');

      // Export to XLSX: the file opens and its rows equal the hits.
      const download = page.waitForEvent('download');
      await page.getByTestId('export-xlsx').click();
      const file = await (await download).path();
      const zip = unzipSync(new Uint8Array(fs.readFileSync(file!)));
      const sheet = strFromU8(zip['xl/worksheets/sheet1.xml']!);
      const rows = [...sheet.matchAll(/<row r="\d+">(.*?)<\/row>/g)].map((m) =>
        [...m[1]!.matchAll(/<t xml:space="preserve">(.*?)<\/t>/g)].map((x) => x[1]!),
      );
      const header = rows.findIndex((r) => r[0] === 'Số, ký hiệu');
      const data = rows.slice(header + 1);
      expect(data).toHaveLength(1);
      expect(data[0]!.join(' ')).toContain(`Kế hoạch kiểm tra kho lưu trữ lịch sử đợt ${tag}`);
      expect(data[0]![0]).toBe(`${tag}2/KH-UBND`);

      // A whole row opens the document.
      await page.getByTestId('search-hit').first().click();
      await page.waitForURL(/\/incoming\/doc\//);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('phone 390×844: header search without diacritics finds the documents', async () => {
    const { context, page } = await newPage(browser, baseUrl, PHONE);
    try {
      await login(page, 'vanthu');
      await page.getByTestId('header-search').fill(`kho luu tru ${tag}`);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('search-hit').count()).toBe(2);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
      await screenshot(page, 'search-phone');
    } finally {
      await context.close();
    }
  }, 60_000);
});
