/**
 * Issue 19 acceptance 3: on a phone (390 × 844) the Bộ trưởng lands on the dashboard, taps a unit's overdue count
 * and lands on exactly those documents — the same set the API lists, and as many as the number tapped.
 */
import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PHONE, launchBrowser, login, newPage, screenshot } from './browser';
import { apiLogin } from './seed';

let browser: Browser;
const baseUrl = inject('baseUrl');
const run = randomBytes(3).toString('hex');
const pdf = () =>
  Buffer.from(
    `%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>> endobj\n%${run}${randomBytes(4).toString('hex')}\ntrailer <</Root 1 0 R>>\n%%EOF\n`,
    'latin1',
  );

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('leader dashboard on a phone', () => {
  it('the Bộ trưởng taps the overdue count of Vụ Pháp chế and sees exactly those documents', async () => {
    // Setup through the API: two documents directed by the Bộ trưởng to Vụ Pháp chế with deadlines before Tết 2026.
    const admin = await apiLogin(baseUrl, 'quantri');
    const users = await admin.get<{ id: string; username: string }[]>('/api/admin/users');
    const unitList = await admin.get<{ id: string; name: string }[]>('/api/admin/units');
    const bossId = users.find((u) => u.username === 'botruong')!.id;
    const pcId = unitList.find((u) => u.name === 'Vụ Pháp chế')!.id;
    const boss = await apiLogin(baseUrl, 'botruong');
    const clerkCtx = await browser.newContext({ baseURL: baseUrl });
    await clerkCtx.request.post('/api/auth/login', { data: { username: 'vanthu', password: 'Demo@2026' } });
    const csrf = ((await (await clerkCtx.request.get('/api/auth/me')).json()) as { csrfToken: string }).csrfToken;
    const subjects: string[] = [];
    for (const n of [1, 2]) {
      const subject = `Báo cáo tổng kết công tác pháp chế trước Tết (${run}-${n})`;
      subjects.push(subject);
      const meta = {
        docTypeCode: 'cong_van',
        number: `${700 + n}`,
        notation: `E2E-${run}`,
        issuedDate: '2026-02-02',
        issuingOrganName: 'Bộ Tư pháp',
        subject,
        urgency: 'thuong',
        confidentiality: 'thuong',
        presentTo: { userId: bossId },
      };
      const r = await clerkCtx.request.post('/api/incoming', {
        headers: { 'x-csrf-token': csrf },
        multipart: {
          meta: JSON.stringify(meta),
          files: { name: 'scan.pdf', mimeType: 'application/pdf', buffer: pdf() },
        },
      });
      expect(r.status(), await r.text()).toBe(200);
      const id = ((await r.json()) as { id: string }).id;
      await boss.post(`/api/incoming/${id}/assign`, {
        direction: 'Vụ Pháp chế xử lý',
        lead: { unitId: pcId },
        deadline: { date: n === 1 ? '2026-02-12' : '2026-02-13' },
      });
    }
    await clerkCtx.close();

    // The phone: login lands on the dashboard; tap Vụ Pháp chế's "Quá hạn".
    const { context, page } = await newPage(browser, baseUrl, PHONE);
    await login(page, 'botruong');
    await page.waitForURL('**/reports');
    const group = page.getByRole('group', { name: 'Vụ Pháp chế' });
    const link = group.getByRole('link', { name: /^Quá hạn: \d+$/ });
    await link.waitFor();
    const shown = Number((await link.getAttribute('aria-label'))!.split(': ')[1]);
    expect(shown).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'reports-dashboard-phone');
    await link.tap();
    await page.waitForURL(/\/incoming\?box=search&track=overdue&unitId=/);
    const api = await boss.get<{ items: { subject: string }[]; total: number }>(
      `/api/incoming?box=search&track=overdue&unitId=${pcId}&pageSize=200`,
    );
    expect(api.total).toBe(shown);
    for (const s of subjects) expect(api.items.map((i) => i.subject)).toContain(s);
    const cards = page.locator('.list-card-title');
    await expect.poll(() => cards.count()).toBe(Math.min(shown, 20));
    const onPage = await cards.allTextContents();
    expect(onPage.sort()).toEqual(
      api.items
        .slice(0, 20)
        .map((i) => i.subject)
        .sort(),
    );
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(page, 'reports-overdue-list-phone');
    await context.close();
  }, 90_000);
});
