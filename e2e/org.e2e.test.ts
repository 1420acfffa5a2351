import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chooseOption, launchBrowser, login, newPage, screenshot } from './browser';
import { apiLogin, createUser } from './seed';

let browser: Browser;
const baseUrl = inject('baseUrl');

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

const isCall = (method: string, path: string | RegExp) => (r: import('playwright-core').Response) =>
  r.request().method() === method &&
  (typeof path === 'string' ? new URL(r.url()).pathname === path : path.test(new URL(r.url()).pathname));

async function asAdmin(run: (page: Page) => Promise<void>): Promise<void> {
  const { context, page } = await newPage(browser, baseUrl);
  try {
    await login(page, 'quantri');
    await run(page);
  } finally {
    await context.close();
  }
}

describe('organisation screens in Chromium', () => {
  it('units: a non-empty unit is refused with the server message; a new unit is renamed, moved and deleted', () =>
    asAdmin(async (page) => {
      await page.goto('/admin/units');
      const tree = page.getByTestId('unit-tree');
      await tree.getByText('Văn phòng Bộ', { exact: true }).click();
      await page.getByRole('button', { name: 'Xóa' }).click();
      const refused = page.waitForResponse(isCall('DELETE', /^\/api\/admin\/units\//));
      await page.locator('.ant-popconfirm').getByRole('button', { name: 'Xóa' }).click();
      expect((await refused).status()).toBe(409);
      await page.locator('.ant-message').getByText('Đơn vị còn đơn vị con hoặc người dùng', { exact: false }).waitFor();

      await page.getByRole('button', { name: 'Thêm đơn vị' }).first().click();
      await page.getByLabel('Tên đơn vị', { exact: true }).fill('Tổ Thư ký');
      await page.getByLabel('Tên viết tắt', { exact: true }).fill('TTK');
      await page.keyboard.press('Enter');
      await tree.getByText('Tổ Thư ký', { exact: true }).waitFor();

      await page.getByRole('button', { name: 'Đổi tên' }).click();
      await page.getByLabel('Tên đơn vị', { exact: true }).fill('Tổ Thư ký Bộ trưởng');
      const renamed = page.waitForResponse(isCall('PATCH', /^\/api\/admin\/units\//));
      await page.keyboard.press('Enter');
      expect((await renamed).status()).toBe(200);
      await tree.getByText('Tổ Thư ký Bộ trưởng', { exact: true }).waitFor();

      await page.getByRole('button', { name: 'Chuyển' }).click();
      await chooseOption(page, 'Trực thuộc', 'Văn phòng Bộ', page.getByRole('dialog'));
      const moved = page.waitForResponse(isCall('PATCH', /^\/api\/admin\/units\//));
      await page.getByRole('button', { name: 'Lưu' }).click();
      const movedUnit = (await (await moved).json()) as { parentId: string | null };
      expect(movedUnit.parentId).not.toBeNull();
      await page.getByRole('cell', { name: 'Văn phòng Bộ', exact: true }).waitFor();
      await screenshot(page, '70-admin-unit-moved');

      await page.getByRole('button', { name: 'Xóa' }).click();
      const deleted = page.waitForResponse(isCall('DELETE', /^\/api\/admin\/units\//));
      await page.locator('.ant-popconfirm').getByRole('button', { name: 'Xóa' }).click();
      expect((await deleted).status()).toBe(204);
      await tree.getByText('Tổ Thư ký Bộ trưởng', { exact: true }).waitFor({ state: 'detached' });
    }));

  it('external organs: add, find, edit and remove a directory entry', () =>
    asAdmin(async (page) => {
      await page.goto('/admin/external-organs');
      await page.getByRole('cell', { name: 'Văn phòng Chính phủ' }).waitFor();
      await page.getByRole('button', { name: 'Thêm cơ quan' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Mã định danh', { exact: true }).fill('000.00.00.G17');
      await dialog.getByLabel('Tên cơ quan', { exact: true }).fill('Bộ Y tế');
      await dialog.getByLabel('Thư điện tử', { exact: true }).fill('vanthu@moh.gov.vn');
      const created = page.waitForResponse(isCall('POST', '/api/admin/external-organs'));
      await page.keyboard.press('Enter');
      expect((await created).status()).toBe(200);

      await page.getByPlaceholder('Tìm theo mã, tên cơ quan').fill('Bộ Y');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(1);
      const row = page.getByRole('row', { name: /Bộ Y tế/ });
      await row.getByRole('button', { name: 'Sửa' }).click();
      await page.getByRole('dialog').getByLabel('Điện thoại', { exact: true }).fill('024 6273 2273');
      const edited = page.waitForResponse(isCall('PATCH', /^\/api\/admin\/external-organs\//));
      await page.getByRole('dialog').getByRole('button', { name: 'Lưu' }).click();
      expect((await edited).status()).toBe(200);
      await row.getByRole('cell', { name: '024 6273 2273' }).waitFor();
      await screenshot(page, '71-admin-external-organ');

      await row.getByRole('button', { name: 'Xóa' }).click();
      const removed = page.waitForResponse(isCall('DELETE', /^\/api\/admin\/external-organs\//));
      await page.locator('.ant-popconfirm').getByRole('button', { name: 'Xóa' }).click();
      expect((await removed).status()).toBe(204);
      await row.waitFor({ state: 'detached' });
    }));

  it('positions: a new position takes its place by rank', () =>
    asAdmin(async (page) => {
      await page.goto('/admin/positions');
      await page.getByRole('cell', { name: 'Bộ trưởng' }).waitFor();
      const form = page.locator('form');
      await form.getByLabel('Tên chức vụ', { exact: true }).fill('Phó Trưởng phòng');
      await form.getByLabel('Thứ bậc', { exact: true }).fill('31');
      const created = page.waitForResponse(isCall('POST', '/api/admin/positions'));
      await page.keyboard.press('Enter');
      expect((await created).status()).toBe(200);
      await page.getByRole('cell', { name: 'Phó Trưởng phòng' }).waitFor();
      const names = await page.locator('.ant-table-tbody tr.ant-table-row td:nth-child(2)').allInnerTexts();
      expect(names.indexOf('Phó Trưởng phòng')).toBe(names.indexOf('Trưởng phòng') + 1);
    }));

  it('memberships: a concurrent post (kiêm nhiệm) is added, then ended', async () => {
    const username = await createUser(await apiLogin(baseUrl, 'quantri'), {
      prefix: 'e2e.post',
      fullName: 'Hà Văn Kiêm',
      unit: 'Vụ Pháp chế',
      position: 'Vụ trưởng',
      roles: ['unit_leader'],
    });
    await asAdmin(async (page) => {
      await page.goto('/admin/users');
      await page.getByLabel('Tìm người dùng').fill(username);
      await page.keyboard.press('Enter');
      await page.getByRole('cell', { name: username, exact: true }).click();
      const drawer = page.getByTestId('user-drawer');
      const rows = drawer.locator('.ant-table-tbody tr.ant-table-row');
      await expect.poll(() => rows.count()).toBe(1);
      await drawer.getByRole('button', { name: 'Thêm kiêm nhiệm' }).click();
      const dialog = page.getByRole('dialog', { name: /Thêm kiêm nhiệm/ });
      await chooseOption(page, 'Đơn vị', 'Vụ Tổ chức cán bộ', dialog);
      await chooseOption(page, 'Chức vụ', 'Phó Vụ trưởng', dialog);
      await dialog.getByRole('checkbox', { name: 'Lãnh đạo đơn vị' }).check();
      const added = page.waitForResponse(isCall('POST', /\/memberships$/));
      await dialog.getByRole('button', { name: 'Thêm' }).click();
      expect((await added).status()).toBe(200);
      await expect.poll(() => rows.count()).toBe(2);
      await screenshot(page, '72-admin-memberships');

      await drawer
        .getByRole('row', { name: /Vụ Tổ chức cán bộ/ })
        .getByRole('button', { name: 'Kết thúc' })
        .click();
      const ended = page.waitForResponse(isCall('DELETE', /^\/api\/admin\/memberships\//));
      await page.locator('.ant-popconfirm').getByRole('button', { name: 'Kết thúc' }).click();
      expect((await ended).status()).toBe(204);
      await expect.poll(() => rows.count()).toBe(1);
    });
  });
});
