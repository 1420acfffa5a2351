import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chooseOption, launchBrowser, login, logout, menuLabels, newPage, PHONE, screenshot } from './browser';

const MENU = {
  admin: ['Báo cáo', 'Quản trị'],
  clerk: ['Văn bản đến', 'Văn bản đi', 'Hồ sơ công việc', 'Lưu trữ', 'Lịch công tác', 'Báo cáo', 'Một cửa'],
  leader: ['Văn bản đến', 'Văn bản đi', 'Hồ sơ công việc', 'Lịch công tác', 'Báo cáo'],
  specialist: ['Văn bản đến', 'Văn bản đi', 'Hồ sơ công việc', 'Lịch công tác'],
};

/** One demo account per role of the contract, and what its menu must be. */
const DEMO_ROLES: { role: string; username: string; organ: string; menu: string[] }[] = [
  { role: 'admin', username: 'quantri', organ: 'Bộ Nội vụ', menu: MENU.admin },
  { role: 'sysadmin', username: 'sysadmin', organ: 'Bộ Nội vụ', menu: MENU.admin },
  { role: 'clerk', username: 'vanthu', organ: 'Bộ Nội vụ', menu: MENU.clerk },
  { role: 'organ_leader', username: 'botruong', organ: 'Bộ Nội vụ', menu: MENU.leader },
  { role: 'office_chief', username: 'chanhvp', organ: 'Bộ Nội vụ', menu: MENU.leader },
  { role: 'unit_leader', username: 'vutruong.pc', organ: 'Bộ Nội vụ', menu: MENU.leader },
  { role: 'specialist', username: 'chuyenvien.pc', organ: 'Bộ Nội vụ', menu: MENU.specialist },
  { role: 'province_clerk', username: 'snv.vanthu', organ: 'Sở Nội vụ', menu: MENU.clerk },
];

let browser: Browser;
const baseUrl = inject('baseUrl');

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('platform in Chromium', () => {
  it('shows the login page and a Vietnamese error for a wrong password', async () => {
    const { context, page } = await newPage(browser, baseUrl);
    try {
      await page.goto('/');
      await expect.poll(() => page.url()).toMatch(/\/login$/);
      await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
      await screenshot(page, '01-login');
      await page.getByLabel('Tên đăng nhập', { exact: true }).fill('vanthu');
      await page.getByLabel('Mật khẩu', { exact: true }).fill('sai-mat-khau');
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      const alert = page.getByTestId('login-error');
      await alert.waitFor();
      expect(await alert.getAttribute('data-code')).toBe('auth.invalid_credentials');
      expect((await alert.innerText()).trim().length).toBeGreaterThan(5);
    } finally {
      await context.close();
    }
  });

  for (const r of DEMO_ROLES) {
    it(`${r.role} (${r.username}) logs in and sees exactly its menu`, async () => {
      const { context, page } = await newPage(browser, baseUrl);
      try {
        await login(page, r.username);
        await expect.poll(() => menuLabels(page)).toEqual(r.menu);
        expect(await page.getByTestId('organ-name').innerText()).toContain(r.organ.toUpperCase());
        await page.locator('.app-content > :not(.page-spin)').first().waitFor();
        await screenshot(page, `10-home-${r.role}`);
      } finally {
        await context.close();
      }
    });
  }

  it('the admin creates a unit and a user through the UI, and that user logs in with the role given', async () => {
    const suffix = Date.now().toString(36).slice(-5);
    const unitName = `Phòng Kiểm thử ${suffix}`;
    const username = `kiemthu.${suffix}`;
    const password = 'KiemThu@2026';
    const { context, page } = await newPage(browser, baseUrl);
    try {
      await login(page, 'quantri');
      await page.locator('[data-menu-key=admin]').click();
      await page.locator('[data-admin-key=units]').click();
      await page.getByTestId('unit-tree').waitFor();
      await screenshot(page, '20-admin-units');

      await page.getByRole('button', { name: 'Thêm đơn vị' }).click();
      await page.getByLabel('Tên đơn vị', { exact: true }).fill(unitName);
      await page.getByLabel('Tên viết tắt', { exact: true }).fill(`KT${suffix}`.toUpperCase());
      await chooseOption(page, 'Trực thuộc', 'Văn phòng Bộ');
      const created = page.waitForResponse(
        (res) => res.url().endsWith('/api/admin/units') && res.request().method() === 'POST',
      );
      await page.getByRole('button', { name: 'Lưu' }).click();
      expect((await created).status()).toBe(200);
      await page.getByTestId('unit-tree').getByText(unitName).waitFor();
      await screenshot(page, '21-admin-unit-created');

      await page.locator('[data-admin-key=users]').click();
      await page.getByRole('cell', { name: 'Nguyễn Văn Quản' }).waitFor();
      await screenshot(page, '22-admin-users');
      await page.getByRole('button', { name: 'Thêm người dùng' }).click();
      const form = page.getByTestId('user-create-form');
      await form.getByLabel('Họ và tên', { exact: true }).fill('Trương Thị Kiểm Thử');
      await form.getByLabel('Tên đăng nhập', { exact: true }).fill(username);
      await form.getByLabel('Thư điện tử', { exact: true }).fill(`${username}@example.vn`);
      await form.getByLabel('Mật khẩu ban đầu', { exact: true }).fill(password);
      await chooseOption(page, 'Đơn vị', unitName, form);
      await chooseOption(page, 'Chức vụ', 'Văn thư', form);
      await form.getByRole('checkbox', { name: 'Chuyên viên' }).uncheck();
      await form.getByRole('checkbox', { name: 'Văn thư' }).check();
      await screenshot(page, '23-admin-user-form');
      const userCreated = page.waitForResponse(
        (res) => res.url().includes('/api/admin/users') && res.request().method() === 'POST',
      );
      await page.getByRole('button', { name: 'Tạo người dùng' }).click();
      expect((await userCreated).status()).toBe(200);
      await page.getByRole('cell', { name: username, exact: true }).waitFor();

      await chooseOption(page, 'Lọc theo đơn vị', unitName);
      await expect.poll(() => page.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(1);
      expect(await page.locator('.ant-table-tbody tr.ant-table-row').innerText()).toContain('Trương Thị Kiểm Thử');

      await logout(page);
      await login(page, username, password);
      await expect.poll(() => menuLabels(page)).toEqual(MENU.clerk);
      await screenshot(page, '24-new-user-home');
    } finally {
      await context.close();
    }
  });

  it('admin screens render: audit log, jobs, holidays, external organs, positions', async () => {
    const { context, page } = await newPage(browser, baseUrl);
    try {
      await login(page, 'quantri');
      await page.goto('/admin/audit');
      await page.getByRole('cell', { name: 'auth.login' }).first().waitFor();
      await screenshot(page, '30-admin-audit');
      await page.goto('/admin/holidays');
      await page.getByTestId('year-calendar').waitFor();
      await screenshot(page, '31-admin-holidays');
      await page.goto('/admin/external-organs');
      await page.getByRole('cell', { name: 'Văn phòng Chính phủ' }).waitFor();
      await screenshot(page, '32-admin-external-organs');
      await page.goto('/admin/positions');
      await page.getByRole('cell', { name: 'Bộ trưởng' }).waitFor();
      await page.goto('/admin/jobs');
      await page.getByRole('heading', { name: 'Tác vụ nền' }).waitFor();
      await screenshot(page, '33-admin-jobs');
    } finally {
      await context.close();
    }
  });

  it('on a phone the side menu is a drawer', async () => {
    const { context, page } = await newPage(browser, baseUrl, PHONE);
    try {
      await login(page, 'vanthu');
      expect(await page.locator('.ant-layout-sider').count()).toBe(0);
      await screenshot(page, '40-phone-layout');
      await page.getByTestId('menu-toggle').click();
      const drawer = page.locator('.menu-drawer .ant-drawer-content');
      await drawer.waitFor();
      await expect.poll(() => menuLabels(page)).toEqual(MENU.clerk);
      await screenshot(page, '41-phone-drawer');
      await drawer.locator('[data-menu-key=outgoing]').click();
      await expect.poll(() => page.url()).toMatch(/\/outgoing$/);
      await drawer.waitFor({ state: 'hidden' });
    } finally {
      await context.close();
    }
  });
});
