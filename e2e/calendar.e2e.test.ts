/**
 * Issue 18 acceptance 3 (the week calendar part): the Office drafts next week's calendar by clicking, sends it for
 * approval, the Chánh Văn phòng approves and publishes it, and the Bộ trưởng sees it on a phone (390 × 844).
 */
import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { PHONE, chooseOption, launchBrowser, login, newPage, screenshot } from './browser';
import { apiLogin } from './seed';

let browser: Browser;
const baseUrl = inject('baseUrl');
const mailDir = inject('mailDir');
const run = randomBytes(3).toString('hex');

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A day of next week (Vietnam time; 0 = Monday) as dd/mm/yyyy and YYYY-MM-DD. */
function nextWeekDay(offset = 0): { dmy: string; iso: string } {
  const now = new Date(Date.now() + 7 * 3600_000);
  const dow = (now.getUTCDay() + 6) % 7;
  now.setUTCDate(now.getUTCDate() - dow + 7 + offset);
  const s = now.toISOString();
  return { dmy: `${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)}`, iso: s.slice(0, 10) };
}
const nextMonday = () => nextWeekDay(0).dmy;

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
    // A subscription link for the phone's calendar: shown once, served without login.
    await phone.page.getByRole('button', { name: 'Đăng ký lịch (iCalendar)' }).tap();
    const link = phone.page.getByRole('dialog', { name: 'Liên kết đăng ký lịch' }).locator('code');
    await link.waitFor();
    const feed = await fetch((await link.innerText()).trim());
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toContain('text/calendar');
    expect(await feed.text()).toContain('BEGIN:VCALENDAR');
    await phone.context.close();
  }, 120_000);

  it('a meeting booked by clicking warns of the room conflict, then goes out with an .ics invitation', async () => {
    const title = `Họp thẩm định đề án chuyển đổi số ${run}`;
    const clerk = await apiLogin(baseUrl, 'vanthu');
    const room = await clerk.post<{ id: string }>('/api/calendar/rooms', {
      name: `Phòng họp E2E ${run}`,
      capacity: 20,
    });
    const tuesday = nextWeekDay(1);
    await clerk.post('/api/calendar/meetings', {
      title: `Tiếp đoàn công tác ${run}`,
      roomId: room.id,
      startsAt: `${tuesday.iso}T08:00:00+07:00`,
      endsAt: `${tuesday.iso}T10:00:00+07:00`,
      attendees: [],
    });
    const { context, page } = await newPage(browser, baseUrl);
    await login(page, 'vanthu');
    await page.goto('/calendar');
    await page.getByRole('button', { name: 'Tuần sau ›' }).click();
    await page.getByRole('button', { name: 'Đặt lịch họp' }).click();
    const dlg = page.getByRole('dialog', { name: 'Đặt lịch họp' });
    await dlg.getByLabel('Tên cuộc họp').fill(title);
    const date = dlg.getByLabel('Ngày họp', { exact: true });
    await date.click();
    await date.fill(tuesday.dmy);
    await date.press('Enter');
    await dlg.getByLabel('Từ giờ').fill('09:00');
    await dlg.getByLabel('Đến giờ').fill('10:30');
    await chooseOption(page, 'Phòng họp', `Phòng họp E2E ${run}`, dlg);
    await chooseOption(page, 'Thành phần mời', 'Lê Minh Pháp', dlg);
    await page.keyboard.press('Escape');
    await dlg.getByRole('button', { name: 'Đặt lịch' }).click();
    const warning = dlg.getByRole('alert');
    await warning.waitFor();
    expect(await warning.innerText()).toContain(
      `phòng Phòng họp E2E ${run} đã được đặt cho "Tiếp đoàn công tác ${run}"`,
    );
    await screenshot(page, 'calendar-meeting-conflict');
    // Another place instead of the booked room.
    await dlg.locator('.ant-form-item', { hasText: 'Phòng họp' }).locator('.ant-select-clear').click({ force: true });
    await dlg.getByLabel('Địa điểm khác').fill('Hội trường tầng 2');
    await dlg.getByRole('button', { name: 'Đặt lịch' }).click();
    await page.locator('.meeting-row', { hasText: title }).waitFor();
    await context.close();

    // The invitation reaches the SMTP server with its .ics (METHOD:REQUEST).
    const deadline = Date.now() + 30_000;
    let found: Awaited<ReturnType<typeof simpleParser>> | null = null;
    while (!found && Date.now() < deadline) {
      for (const f of fs.readdirSync(mailDir)) {
        const m = await simpleParser(fs.readFileSync(path.join(mailDir, f)));
        if (m.subject === `Giấy mời họp: ${title}`) found = m;
      }
      if (!found) await new Promise((r) => setTimeout(r, 500));
    }
    expect(found, 'no invitation mail arrived').not.toBeNull();
    expect(found!.headers.get('x-envelope-to')).toBe('vutruong.pc@demo.vanthu.vn');
    const ics = found!.attachments.find((a) => a.contentType.startsWith('text/calendar'));
    expect(ics).toBeDefined();
    const text = ics!.content.toString('utf8');
    expect(text).toContain('METHOD:REQUEST');
    expect(text).toContain('Hội trường tầng 2');
  }, 120_000);
});
