import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { HubClient } from '@vanthu/hub/client';
import { launchBrowser, login, newPage, screenshot } from './browser';

let browser: Browser;
const baseUrl = inject('baseUrl');

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Issue 13, acceptance 4: the hub admin registers an agency's system from the screen; that system then talks to the hub. */
describe('hub systems screen', () => {
  it('the sysadmin registers a system with its organ code; the system calls the hub with the shown secret', async () => {
    const { page, context } = await newPage(browser, baseUrl);
    try {
      await login(page, 'sysadmin');
      await page.goto('/admin/hub-systems');
      await page.getByRole('heading', { name: 'Hệ thống trên trục liên thông' }).waitFor();
      // The demo organs' systems are listed (registered by the demo hub at start).
      await page.getByRole('cell', { name: 'vanthu-demo-000.00.00.G09', exact: true }).waitFor();

      await page.getByRole('button', { name: 'Đăng ký hệ thống' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Mã hệ thống (systemid)').fill('e2e-stp-hcm');
      await dialog.getByLabel('Tên hệ thống').fill('QLVB Sở Tư pháp TP. Hồ Chí Minh');
      const organs = dialog.getByLabel(/Mã định danh cơ quan/);
      await organs.fill('G09/ABC');
      await organs.press('Enter');
      await dialog.getByRole('button', { name: 'Lưu' }).click();
      await dialog.getByText('Mã định danh cơ quan không hợp lệ').waitFor();
      await dialog.locator('.ant-select-selection-item-remove').first().click();
      await organs.fill('000.00.31.H29');
      await organs.press('Enter');
      await dialog.getByRole('button', { name: 'Lưu' }).click();

      const secret = (await page.getByTestId('hub-secret').innerText()).trim();
      expect(secret.length).toBeGreaterThanOrEqual(32);
      const row = page.getByRole('row', { name: /e2e-stp-hcm/ });
      await row.getByText('000.00.31.H29').waitFor();
      await screenshot(page, '95-hub-systems');

      const agency = new HubClient({ endpoint: `${baseUrl}/vxp`, systemId: 'e2e-stp-hcm', secret });
      await expect(agency.getReceivedEdocList({ limit: 1 })).resolves.toBeDefined();

      await row.getByRole('button', { name: 'Xóa e2e-stp-hcm' }).click();
      await page.getByRole('button', { name: 'Xóa', exact: true }).click();
      await expect.poll(() => page.getByRole('row', { name: /e2e-stp-hcm/ }).count()).toBe(0);
      await expect(agency.getReceivedEdocList({ limit: 1 })).rejects.toMatchObject({
        code: expect.stringMatching(/^hub\.auth/),
      });
    } finally {
      await context.close();
    }
  });

  it('an organ admin does not see the page in the menu and gets no page', async () => {
    const { page, context } = await newPage(browser, baseUrl);
    try {
      await login(page, 'quantri');
      await page.goto('/admin/users');
      expect(await page.locator('[data-admin-key="hub-systems"]').count()).toBe(0);
      await page.goto('/admin/hub-systems');
      await page
        .getByText(/Không tìm thấy|không tồn tại/i)
        .first()
        .waitFor();
    } finally {
      await context.close();
    }
  });
});
