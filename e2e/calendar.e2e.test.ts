/**
 * Issue 18 acceptance 3 (the week calendar part): the Office drafts next week's calendar by clicking, sends it for
 * approval, the Chánh Văn phòng approves and publishes it, and the Bộ trưởng sees it on a phone (390 × 844).
 */
import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PHONE, launchBrowser, login, newPage, screenshot } from './browser';

let browser: Browser;
const baseUrl = inject('baseUrl');
const run = randomBytes(3).toString('hex');

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Monday of next week (Vietnam time), dd/mm/yyyy. */
function nextMonday(): string {
  const now = new Date(Date.now() + 7 * 3600_000);
  const dow = (now.getUTCDay() + 6) % 7;
  now.setUTCDate(now.getUTCDate() - dow + 7);
  const s = now.toISOString();
  return `${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)}`;
}

describe('the leaders’ week calendar', () => {
  it('the Office drafts next week, the Chánh Văn phòng approves, the Bộ trưởng sees it on a phone', async () => {
    const content = `Họp giao ban lãnh đạo Bộ ${run}`;
    const office = await newPage(browser, baseUrl);
    await login(office.page, 'vanthu');
    const me = office.page;
    await me.goto('/calendar');
    await me.getByRole('button', { name: 'Tuần sau ›' }).click();
    await me.getByRole('button', { name: 'Thêm lịch' }).click();
    const dlg = me.getByRole('dialog', { name: 'Thêm lịch công tác' });
    const date = dlg.getByLabel('Ngày', { exact: true });
    await date.click();
    await date.fill(nextMonday());
    await date.press('Enter');
    await dlg.getByLabel('Từ giờ').fill('08:00');
    await dlg.getByLabel('Đến giờ').fill('11:30');
    await dlg.getByLabel('Nội dung công tác').fill(content);
    await dlg.getByLabel('Lãnh đạo').fill('Bộ trưởng');
    await dlg.getByLabel('Địa điểm').fill('Phòng họp số 1');
    await dlg.getByRole('button', { name: 'Lưu dự thảo' }).click();
    const row = me.locator('.calendar-entry', { hasText: content });
    await row.waitFor();
    await expect.poll(() => row.innerText()).toContain('Dự thảo');
    await me.getByRole('button', { name: 'Trình duyệt' }).click();
    await expect.poll(() => row.innerText()).toContain('Chờ duyệt');
    await office.context.close();

    const chief = await newPage(browser, baseUrl);
    await login(chief.page, 'chanhvp');
    await chief.page.goto('/calendar');
    await chief.page.getByRole('button', { name: 'Tuần sau ›' }).click();
    const chiefRow = chief.page.locator('.calendar-entry', { hasText: content });
    await chiefRow.waitFor();
    await chief.page.getByRole('button', { name: 'Duyệt và ban hành' }).click();
    await expect.poll(() => chiefRow.innerText()).not.toContain('Chờ duyệt');
    await chief.context.close();

    const phone = await newPage(browser, baseUrl, PHONE);
    await login(phone.page, 'botruong');
    await phone.page.goto('/calendar');
    await phone.page.getByRole('button', { name: 'Tuần sau ›' }).tap();
    const seen = phone.page.locator('.calendar-entry', { hasText: content });
    await seen.waitFor();
    expect(await seen.innerText()).toContain('08:00–11:30');
    expect(await seen.innerText()).toContain('Phòng họp số 1');
    expect(await phone.page.getByRole('button', { name: 'Thêm lịch' }).count()).toBe(0);
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(phone.page, 'calendar-week-phone');
    await phone.context.close();
  }, 120_000);
});
