/**
 * Issue 18 (mail in) by clicking: a mail with a PDF sent to the văn thư's mailbox waits in "Chờ vào sổ"; the clerk
 * completes number and notation in the registration form and registers it; the admin's "Thư điện tử" tab lists a
 * refused mail with its reason.
 */
import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, login, newPage, screenshot } from './browser';

let browser: Browser;
const baseUrl = inject('baseUrl');
const port = inject('mailInPort');
const run = randomBytes(3).toString('hex');
const pdf = () =>
  Buffer.from(
    `%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>> endobj\n%${run}\ntrailer <</Root 1 0 R>>\n%%EOF\n`,
    'latin1',
  );

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('the văn thư mailbox', () => {
  it('a mailed PDF is registered after the clerk completes it; a refused mail shows its reason', async () => {
    const t = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
    const subject = `Về việc báo cáo công tác văn thư năm 2026 (${run})`;
    await t.sendMail({
      from: '"Sở Nội vụ tỉnh Hà Nam" <vanthu@snv.hanam.gov.vn>',
      to: '000.00.00.G09@mail.bonoivu.gov.vn',
      subject,
      text: 'Kính gửi Bộ Nội vụ.',
      attachments: [{ filename: 'bao-cao.pdf', content: pdf(), contentType: 'application/pdf' }],
    });
    await t
      .sendMail({
        from: 'la@example.com',
        to: '000.00.00.G09@mail.bonoivu.gov.vn',
        subject: `Hóa đơn ${run}`,
        text: 'Mở tệp đính kèm.',
        attachments: [
          { filename: 'bao-cao.pdf', content: pdf() },
          { filename: 'hoa-don.exe', content: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64)]) },
        ],
      })
      .then(
        () => {
          throw new Error('the mail with a program should be refused');
        },
        (e: { responseCode?: number }) => expect(e.responseCode).toBe(550),
      );

    const { context, page } = await newPage(browser, baseUrl);
    await login(page, 'vanthu');
    await page.goto('/incoming?box=pending_registration');
    await page.getByText(subject).first().click();
    await page.waitForURL(/\/incoming\/doc\//);
    await page.getByRole('button', { name: 'Vào sổ', exact: true }).click();
    const dlg = page.getByRole('dialog', { name: 'Vào sổ văn bản nhận qua thư điện tử' });
    await expect.poll(() => dlg.getByLabel('Cơ quan ban hành').inputValue()).toBe('Sở Nội vụ tỉnh Hà Nam');
    await dlg.getByRole('button', { name: 'Vào sổ' }).click();
    await dlg.getByText('Nhập số văn bản.').waitFor();
    await dlg.getByLabel('Số văn bản').fill('45');
    await dlg.getByLabel('Ký hiệu').fill('SNV-VTLT');
    await screenshot(page, 'mailin-register');
    await dlg.getByRole('button', { name: 'Vào sổ' }).click();
    await page.getByText('Đã vào sổ.').waitFor();
    await expect.poll(async () => page.locator('body').innerText()).toContain('45/SNV-VTLT');
    await context.close();

    const admin = await newPage(browser, baseUrl);
    await login(admin.page, 'quantri');
    await admin.page.goto('/admin/exchange');
    await admin.page.getByRole('tab', { name: 'Thư điện tử' }).click();
    const refused = admin.page.locator('tr', { hasText: `Hóa đơn ${run}` });
    await refused.waitFor();
    expect(await refused.innerText()).toContain('hoa-don.exe');
    expect(await admin.page.locator('tr', { hasText: subject }).innerText()).toContain('Đã nhận');
    await admin.context.close();
  }, 120_000);
});
