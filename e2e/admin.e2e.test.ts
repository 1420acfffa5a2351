import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chooseOption, DEMO_PASSWORD, launchBrowser, login, menuLabels, newPage, PHONE, screenshot } from './browser';
import { apiLogin, createUser } from './seed';

let browser: Browser;
const baseUrl = inject('baseUrl');

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function openUser(page: Page, username: string): Promise<void> {
  await page.goto('/admin/users');
  await page.getByLabel('Tìm người dùng').fill(username);
  await page.keyboard.press('Enter');
  await page.getByRole('cell', { name: username, exact: true }).click();
  await page.getByTestId('user-drawer').waitFor();
}

async function tryLogin(page: Page, username: string, password: string): Promise<number> {
  await page.getByLabel('Tên đăng nhập', { exact: true }).fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
  const res = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  return (await res).status();
}

describe('admin journeys in Chromium', () => {
  it('repeated wrong passwords lock the account with a Vietnamese message; the admin unlocks it', async () => {
    const locked = await createUser(await apiLogin(baseUrl, 'snv.quantri'), {
      prefix: 'e2e.lock',
      fullName: 'Khổng Văn Khóa',
      unit: 'Phòng Tổ chức – Biên chế',
      position: 'Chuyên viên',
      roles: ['specialist'],
    });
    const user = await newPage(browser, baseUrl);
    const admin = await newPage(browser, baseUrl);
    try {
      await user.page.goto('/login');
      for (let i = 0; i < 5; i++) await tryLogin(user.page, locked, 'sai-mat-khau-1');
      expect(await tryLogin(user.page, locked, DEMO_PASSWORD)).toBe(423);
      const alert = user.page.getByTestId('login-error');
      await expect.poll(() => alert.getAttribute('data-code')).toBe('auth.locked');
      await screenshot(user.page, '60-login-locked');

      await login(admin.page, 'snv.quantri');
      await openUser(admin.page, locked);
      const drawer = admin.page.getByTestId('user-drawer');
      await drawer.getByText('Tài khoản đang bị khóa tạm thời').waitFor();
      await screenshot(admin.page, '61-admin-user-locked');
      const unlocked = admin.page.waitForResponse((r) => r.url().endsWith('/unlock'));
      await drawer.getByRole('button', { name: 'Mở khóa' }).first().click();
      expect((await unlocked).status()).toBe(204);
      await drawer.getByText('Tài khoản đang bị khóa tạm thời').waitFor({ state: 'detached' });

      expect(await tryLogin(user.page, locked, DEMO_PASSWORD)).toBe(200);
      await user.page.getByTestId('user-menu').waitFor();
    } finally {
      await user.context.close();
      await admin.context.close();
    }
  });

  it('Điều chuyển: after a change of post the user gets the menu of the new post', async () => {
    const username = await createUser(await apiLogin(baseUrl, 'quantri'), {
      prefix: 'e2e.transfer',
      fullName: 'Đoàn Văn Chuyển',
      unit: 'Cục Văn thư và Lưu trữ nhà nước',
      position: 'Cục trưởng',
      roles: ['unit_leader'],
    });
    const admin = await newPage(browser, baseUrl);
    const user = await newPage(browser, baseUrl);
    try {
      await login(user.page, username);
      await expect
        .poll(() => menuLabels(user.page))
        .toEqual(['Văn bản đến', 'Văn bản đi', 'Hồ sơ công việc', 'Lịch công tác', 'Báo cáo']);
      await user.context.clearCookies();

      await login(admin.page, 'quantri');
      await openUser(admin.page, username);
      const drawer = admin.page.getByTestId('user-drawer');
      await drawer.getByRole('button', { name: 'Điều chuyển' }).click();
      const dialog = admin.page.getByRole('dialog', { name: /Điều chuyển/ });
      await chooseOption(admin.page, 'Đơn vị', 'Văn phòng Bộ', dialog);
      await chooseOption(admin.page, 'Chức vụ', 'Văn thư', dialog);
      await dialog.getByRole('checkbox', { name: 'Văn thư' }).check();
      await screenshot(admin.page, '62-admin-transfer');
      const transferred = admin.page.waitForResponse((r) => r.url().endsWith('/transfer'));
      await dialog.getByRole('button', { name: 'Điều chuyển' }).click();
      expect((await transferred).status()).toBe(200);
      await expect
        .poll(() => drawer.locator('.ant-table-tbody tr.ant-table-row').allInnerTexts())
        .toEqual([expect.stringContaining('Văn phòng Bộ')]);

      await user.page.goto('/login');
      await login(user.page, username);
      await expect
        .poll(() => menuLabels(user.page))
        .toEqual(['Văn bản đến', 'Văn bản đi', 'Hồ sơ công việc', 'Lưu trữ', 'Lịch công tác', 'Báo cáo', 'Một cửa']);
    } finally {
      await admin.context.close();
      await user.context.close();
    }
  });

  it('the audit chain checks out, and a holiday override is added and removed', async () => {
    const { context, page } = await newPage(browser, baseUrl);
    try {
      await login(page, 'quantri');
      await page.goto('/admin/audit');
      await page.getByRole('button', { name: 'Kiểm tra toàn vẹn' }).click();
      const verdict = page.getByTestId('audit-verify');
      await verdict.waitFor();
      expect(await verdict.innerText()).toContain('Chuỗi băm nguyên vẹn');

      await page.goto('/admin/holidays');
      await page.getByTestId('year-calendar').waitFor();
      const year = new Date().getFullYear();
      await page.getByPlaceholder('Ghi chú').fill('Nghỉ bù theo quyết định của Bộ');
      const date = page.getByPlaceholder('Ngày', { exact: true });
      await date.click();
      await date.fill(`15/06/${year}`);
      // Enter picks the typed date and submits the form.
      const added = page.waitForResponse(
        (r) => r.url().includes('/api/admin/calendar/overrides') && r.request().method() === 'POST',
      );
      await date.press('Enter');
      expect((await added).status()).toBe(200);
      const cell = page.locator(`.day-off[aria-label^="15/06/${year}"]`);
      await cell.waitFor();
      await screenshot(page, '63-admin-holiday-override');
      await page
        .getByRole('row', { name: /Nghỉ bù theo quyết định/ })
        .getByRole('button', { name: 'Xóa' })
        .click();
      const removed = page.waitForResponse((r) => r.request().method() === 'DELETE');
      await page.locator('.ant-popconfirm').getByRole('button', { name: 'Xóa' }).click();
      expect((await removed).status()).toBe(204);
      await cell.waitFor({ state: 'detached' });
    } finally {
      await context.close();
    }
  });

  it('the system administrator creates an organ and administers it (?organId=)', async () => {
    const { context, page } = await newPage(browser, baseUrl);
    try {
      await login(page, 'sysadmin');
      await page.goto('/admin/organs');
      const code = page.getByLabel('Mã định danh', { exact: true });
      await code.fill('000.00.00.A00');
      await code.blur();
      await page.getByText('mã cấp 1 không được bằng 00').waitFor();
      await code.fill('000.00.31.H40');
      await page.getByLabel('Tên cơ quan', { exact: true }).fill('Sở Tư pháp (kiểm thử)');
      await page.getByLabel('Viết tắt', { exact: true }).fill('STP');
      const created = page.waitForResponse(
        (r) => r.url().endsWith('/api/admin/organs') && r.request().method() === 'POST',
      );
      await page.keyboard.press('Enter');
      expect((await created).status()).toBe(200);
      const row = page.getByRole('row', { name: /Sở Tư pháp \(kiểm thử\)/ });
      await row.getByRole('button', { name: 'Quản trị cơ quan này' }).click();
      await row.getByText('Đang quản trị').waitFor();
      await screenshot(page, '65-sysadmin-organs');

      await page.locator('[data-admin-key=units]').click();
      await page.getByText('Chưa có đơn vị nào').waitFor();
      await page.getByRole('button', { name: 'Thêm đơn vị' }).click();
      await page.getByLabel('Tên đơn vị', { exact: true }).fill('Văn phòng Sở');
      await page.getByLabel('Tên viết tắt', { exact: true }).fill('VP');
      const unit = page.waitForResponse(
        (r) => r.url().includes('/api/admin/units?organId=') && r.request().method() === 'POST',
      );
      await page.getByRole('button', { name: 'Lưu' }).click();
      expect((await unit).status()).toBe(200);
      await page.getByTestId('unit-tree').getByText('Văn phòng Sở').waitFor();
      expect(await page.getByTestId('unit-tree').getByText('Vụ Pháp chế').count()).toBe(0);

      await chooseOption(page, 'Cơ quan đang quản trị', 'Bộ Nội vụ');
      await page.getByTestId('unit-tree').getByText('Vụ Pháp chế').waitFor();
    } finally {
      await context.close();
    }
  });

  it('on a phone, admin tables scroll sideways instead of squeezing', async () => {
    const { context, page } = await newPage(browser, baseUrl, PHONE);
    try {
      await login(page, 'quantri');
      await page.goto('/admin/users');
      await page.getByRole('cell', { name: 'quantri', exact: true }).waitFor();
      const scroller = page.locator('.ant-table-content').first();
      const [scrollWidth, clientWidth] = await scroller.evaluate((el) => [el.scrollWidth, el.clientWidth]);
      expect(scrollWidth).toBeGreaterThan(clientWidth);
      expect(clientWidth).toBeLessThanOrEqual(PHONE.width);
      await screenshot(page, '64-phone-admin-users');
    } finally {
      await context.close();
    }
  });
});
