import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const DEMO_PASSWORD = 'Demo@2026';
const repoRoot = path.resolve(import.meta.dirname, '..');
export const SCREENSHOT_DIR = path.join(repoRoot, 'artifacts', 'screenshots');

/** Debian's Chromium, headless, with everything that would reach the network turned off. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export const DESKTOP = { width: 1366, height: 800 };
export const PHONE = { width: 390, height: 844 };

export async function newPage(
  browser: Browser,
  baseUrl: string,
  viewport = DESKTOP,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    ...(viewport.width < 768 ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  context.setDefaultTimeout(20_000);
  return { context, page: await context.newPage() };
}

/** Fills the login form and waits for the signed-in shell (the user menu in the header). */
export async function login(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  if (!page.url().endsWith('/login')) await page.goto('/login');
  await page.getByLabel('Tên đăng nhập', { exact: true }).fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  const res = await answer;
  if (res.status() !== 200) throw new Error(`Đăng nhập ${username} thất bại: HTTP ${res.status()} ${await res.text()}`);
  await page.getByTestId('user-menu').waitFor();
}

export async function logout(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: /Đăng xuất$/ }).click();
  await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
}

/** Labels of the top-level side-menu entries, in display order. */
export function menuLabels(page: Page): Promise<string[]> {
  return page.locator('[data-testid=side-menu] [data-menu-key]').allInnerTexts();
}

/** Saves a full-page PNG under artifacts/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}

/** Picks an option of an antd Select the keyboard way: focus it, type to search, pick the match. */
export async function chooseOption(
  page: Page,
  label: string,
  optionText: string,
  within: Page | Locator = page,
): Promise<void> {
  const input = within.getByLabel(label, { exact: true }).and(within.getByRole('combobox'));
  await input.focus();
  await page.keyboard.type(optionText);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: optionText }).first().click();
}
