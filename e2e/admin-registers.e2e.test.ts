import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { viCompare } from '@vanthu/vn';
import { chooseOption, DEMO_PASSWORD, launchBrowser, login, newPage, screenshot } from './browser';

let browser: Browser;
const baseUrl = inject('baseUrl');
const run = randomBytes(3).toString('hex');

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** An API session (cookie + CSRF token) of a demo user. */
async function apiSession(username: string): Promise<{ cookie: string; csrfToken: string }> {
  const r = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(r.status).toBe(200);
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0]!;
  return { cookie, csrfToken: ((await r.json()) as { csrfToken: string }).csrfToken };
}

async function apiGet<T>(username: string, path: string): Promise<T> {
  const { cookie } = await apiSession(username);
  const r = await fetch(`${baseUrl}${path}`, { headers: { cookie } });
  expect(r.status).toBe(200);
  return (await r.json()) as T;
}

/** The văn thư registers an incoming Giấy mời through the API; answers which register it went to and its number. */
async function registerInvitation(number: string): Promise<{ registerName: string; arrivalNumber: number }> {
  const { cookie, csrfToken } = await apiSession('vanthu');
  const pdf = `%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>> endobj\n%${run}-${number}\ntrailer <</Root 1 0 R>>\n%%EOF\n`;
  const form = new FormData();
  form.append(
    'meta',
    JSON.stringify({
      docTypeCode: 'giay_moi',
      number,
      notation: `GM-BTP-${run}`,
      issuedDate: '2026-03-02',
      issuingOrganName: 'Bộ Tư pháp',
      subject: `Mời dự họp góp ý dự thảo Luật (${run}-${number})`,
      signerPosition: 'Thứ trưởng',
      signerName: 'Nguyễn Văn Ký',
      urgency: 'thuong',
      confidentiality: 'thuong',
      recipients: 'Bộ Nội vụ',
    }),
  );
  form.append('files', new Blob([Buffer.from(pdf, 'latin1')], { type: 'application/pdf' }), 'giay-moi.pdf');
  const r = await fetch(`${baseUrl}/api/incoming`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrfToken },
    body: form,
  });
  expect(r.status, await r.clone().text()).toBe(200);
  return (await r.json()) as { registerName: string; arrivalNumber: number };
}

/** Opens the register form's type list, narrows it by typing (the list scrolls virtually) and clicks the type. */
async function pickDocType(page: Page, dialog: Locator, typeName: string): Promise<void> {
  await dialog.getByLabel('Loại văn bản', { exact: true }).click();
  await page.keyboard.type(typeName);
  await page.locator('.ant-select-dropdown:visible').getByTitle(typeName, { exact: true }).click();
}

/** Clicks a button and waits for the admin API call it makes. */
async function saveAndWait(page: Page, click: () => Promise<void>, method: 'POST' | 'PATCH', path: string) {
  const res = page.waitForResponse(
    (r) => r.request().method() === method && new URL(r.url()).pathname.startsWith(path),
  );
  await click();
  return res;
}

describe('registers and document types in Chromium', () => {
  it('the organ admin creates a register limited to Giấy mời by clicking, documents of that type get its numbers, renames and deactivates it', async () => {
    const name = 'Sổ văn bản đến của Vụ Pháp chế';
    const renamed = 'Sổ giấy mời đến của Vụ Pháp chế';
    const { context, page } = await newPage(browser, baseUrl);
    try {
      await login(page, 'quantri');
      await page.goto('/admin');
      await page.locator('[data-admin-key=registers]').click();
      await page.getByRole('row', { name: /Sổ đăng ký văn bản đến mật/ }).waitFor();
      await expect.poll(() => page.getByRole('columnheader', { name: /^Số đã cấp năm \d{4}$/ }).count()).toBe(1);
      await screenshot(page, 'admin-registers-01-list');

      await page.getByRole('button', { name: 'Thêm sổ' }).click();
      const dialog = page.getByRole('dialog', { name: 'Thêm sổ văn bản' });
      // An empty form says what to fill in.
      await dialog.getByRole('button', { name: 'Lưu' }).click();
      await dialog.getByText('Nhập mã sổ, ví dụ DEN-PC').waitFor();
      await dialog.getByText(/^Nhập tên sổ/).waitFor();

      await dialog.getByLabel('Mã sổ', { exact: true }).fill('DEN');
      await dialog.getByLabel('Tên sổ', { exact: true }).fill(name);
      await pickDocType(page, dialog, 'Giấy mời');
      await dialog.getByText('Thêm sổ văn bản').click(); // closes the dropdown
      await dialog.locator('.ant-select-selection-item', { hasText: 'Giấy mời' }).waitFor();
      // DEN is the general incoming register's code: the server refuses it, the form says so on the field.
      const taken = await saveAndWait(
        page,
        () => dialog.getByRole('button', { name: 'Lưu' }).click(),
        'POST',
        '/api/admin/registers',
      );
      expect(taken.status()).toBe(409);
      await dialog.getByText('Mã sổ "DEN" đã được dùng. Nhập mã khác.').waitFor();
      await screenshot(page, 'admin-registers-02-code-taken');

      await dialog.getByLabel('Mã sổ', { exact: true }).fill('DEN-PC');
      const created = await saveAndWait(page, () => page.keyboard.press('Enter'), 'POST', '/api/admin/registers');
      expect(created.status()).toBe(200);
      expect(created.request().postDataJSON()).toMatchObject({
        kind: 'incoming',
        code: 'DEN-PC',
        name,
        confidential: false,
        docTypeCodes: ['giay_moi'],
      });
      await dialog.waitFor({ state: 'detached' });
      const row = page.getByRole('row', { name: new RegExp(name) });
      await expect.poll(() => row.innerText()).toMatch(/DEN-PC[\s\S]*Thường[\s\S]*Giấy mời[\s\S]*Đang dùng/);
      expect(await row.getByTestId('register-issued').innerText()).toBe('0');

      // The register is used: an incoming Giấy mời takes its first number there, and the count shows it.
      expect(await registerInvitation('31')).toEqual(expect.objectContaining({ registerName: name, arrivalNumber: 1 }));
      await page.reload();
      await expect.poll(() => row.getByTestId('register-issued').innerText()).toBe('1');

      // The filter by kind: not among the outgoing registers, back among the incoming ones.
      await page.getByText(/^Văn bản đi \(\d+\)$/).click();
      await row.waitFor({ state: 'detached' });
      await page.getByText(/^Văn bản đến \(\d+\)$/).click();
      await row.waitFor();

      await row.getByRole('button', { name: `Sửa ${name}` }).click();
      const edit = page.getByRole('dialog', { name: `Sửa sổ: ${name}` });
      expect(await edit.getByLabel('Mã sổ', { exact: true }).isDisabled()).toBe(true);
      await edit.getByLabel('Tên sổ', { exact: true }).fill(renamed);
      const patched = await saveAndWait(
        page,
        () => edit.getByRole('button', { name: 'Lưu' }).click(),
        'PATCH',
        '/api/admin/registers/',
      );
      expect(patched.status()).toBe(200);
      expect(patched.request().postDataJSON()).toMatchObject({ name: renamed, docTypeCodes: ['giay_moi'] });
      const renamedRow = page.getByRole('row', { name: new RegExp(renamed) });
      await renamedRow.waitFor();
      expect(await page.getByRole('row', { name: new RegExp(name) }).count()).toBe(0);

      await renamedRow.getByRole('button', { name: `Ngừng dùng ${renamed}` }).click();
      const pop = page.locator('.ant-popconfirm:visible');
      await pop.getByText('Văn bản mới không vào sổ này nữa').waitFor();
      const off = await saveAndWait(
        page,
        () => pop.getByRole('button', { name: 'Ngừng dùng' }).click(),
        'PATCH',
        '/api/admin/registers/',
      );
      expect(off.status()).toBe(200);
      expect(off.request().postDataJSON()).toEqual({ active: false });
      await renamedRow.getByRole('button', { name: `Dùng lại ${renamed}` }).waitFor();
      expect(await renamedRow.innerText()).toContain('Ngừng dùng');
      await screenshot(page, 'admin-registers-03-deactivated');

      // Deactivated: the next Giấy mời goes to the general register again.
      expect((await registerInvitation('32')).registerName).toBe('Sổ đăng ký văn bản đến');

      // Deactivating the only general register warns what it breaks (cancelled here).
      await page.getByRole('button', { name: 'Ngừng dùng Sổ đăng ký văn bản đến', exact: true }).click();
      await pop.getByText(/sổ chung duy nhất đang dùng cho văn bản đến thường/).waitFor();
      await pop.getByRole('button', { name: 'Hủy' }).click();
    } finally {
      await context.close();
    }
  });

  it('document types: listed in Vietnamese order; the admin adds one (code suggested from the name, a taken code refused in Vietnamese), edits and deactivates it', async () => {
    const { context, page } = await newPage(browser, baseUrl);
    try {
      await login(page, 'quantri');
      await page.goto('/admin');
      await page.locator('[data-admin-key=doc-types]').click();
      await page.getByRole('cell', { name: 'Công văn', exact: true }).waitFor();
      const names = async () => page.locator('.ant-table-tbody tr.ant-table-row td:nth-child(3)').allInnerTexts();
      const shown = await names();
      expect(shown.length).toBeGreaterThan(20);
      expect(shown).toEqual([...shown].sort(viCompare));

      await page.getByRole('button', { name: 'Thêm loại văn bản' }).click();
      const dialog = page.getByRole('dialog', { name: 'Thêm loại văn bản' });
      await dialog.getByLabel('Tên loại văn bản', { exact: true }).fill('Luật');
      await expect.poll(() => dialog.getByLabel('Mã', { exact: true }).inputValue()).toBe('luat');
      const taken = await saveAndWait(page, () => page.keyboard.press('Enter'), 'POST', '/api/admin/doc-types');
      expect(taken.status()).toBe(409);
      await dialog.getByText('Mã loại văn bản "luat" đã có. Nhập mã khác, hoặc sửa loại văn bản đã có.').waitFor();
      await screenshot(page, 'admin-registers-04-doctype-code-taken');

      await dialog.getByLabel('Tên loại văn bản', { exact: true }).fill('Pháp lệnh');
      await expect.poll(() => dialog.getByLabel('Mã', { exact: true }).inputValue()).toBe('phap_lenh');
      await dialog.getByLabel('Mã', { exact: true }).fill('Pháp lệnh');
      await dialog.getByText(/^Mã chỉ gồm chữ thường không dấu/).waitFor();
      await dialog.getByLabel('Mã', { exact: true }).fill('phap_lenh');
      await dialog.getByLabel('Viết tắt', { exact: true }).fill('PL');
      const created = await saveAndWait(
        page,
        () => dialog.getByRole('button', { name: 'Lưu' }).click(),
        'POST',
        '/api/admin/doc-types',
      );
      expect(created.status()).toBe(200);
      expect(created.request().postDataJSON()).toEqual({ code: 'phap_lenh', name: 'Pháp lệnh', abbr: 'PL' });
      const row = page.getByRole('row', { name: /phap_lenh/ });
      await expect.poll(() => row.innerText()).toMatch(/phap_lenh\s+PL\s+Pháp lệnh\s+Đang dùng/);
      const after = await names();
      expect(after).toEqual([...after].sort(viCompare));

      await row.getByRole('button', { name: 'Sửa Pháp lệnh' }).click();
      const edit = page.getByRole('dialog', { name: 'Sửa loại văn bản: Pháp lệnh' });
      expect(await edit.getByLabel('Mã', { exact: true }).isDisabled()).toBe(true);
      await edit.getByLabel('Tên loại văn bản', { exact: true }).fill('Pháp lệnh của Ủy ban Thường vụ Quốc hội');
      const patched = await saveAndWait(
        page,
        () => edit.getByRole('button', { name: 'Lưu' }).click(),
        'PATCH',
        '/api/admin/doc-types/',
      );
      expect(patched.status()).toBe(200);
      await expect.poll(() => row.innerText()).toContain('Pháp lệnh của Ủy ban Thường vụ Quốc hội');

      await row.getByRole('button', { name: /^Ngừng dùng / }).click();
      const off = await saveAndWait(
        page,
        () => page.locator('.ant-popconfirm:visible').getByRole('button', { name: 'Ngừng dùng' }).click(),
        'PATCH',
        '/api/admin/doc-types/',
      );
      expect(off.status()).toBe(200);
      await row.getByRole('button', { name: /^Dùng lại / }).waitFor();
      await screenshot(page, 'admin-registers-05-doctypes');
      // A deactivated type is no longer offered to the văn thư.
      const offered = await apiGet<{ code: string }[]>('vanthu', '/api/doc-types');
      expect(offered.some((t) => t.code === 'cong_van')).toBe(true);
      expect(offered.some((t) => t.code === 'phap_lenh')).toBe(false);
    } finally {
      await context.close();
    }
  });

  it('the system administrator adds a register to another organ through the organ picker', async () => {
    const name = 'Sổ giấy mời mật đến của Sở';
    const { context, page } = await newPage(browser, baseUrl);
    try {
      await login(page, 'sysadmin');
      await page.goto('/admin/registers');
      await page.getByRole('row', { name: /Sổ đăng ký văn bản đến mật/ }).waitFor();
      const listed = page.waitForResponse(
        (r) => new URL(r.url()).pathname === '/api/admin/registers' && new URL(r.url()).searchParams.has('organId'),
      );
      await chooseOption(page, 'Cơ quan đang quản trị', 'Sở Nội vụ');
      expect((await listed).status()).toBe(200);

      await page.getByRole('button', { name: 'Thêm sổ' }).click();
      const dialog = page.getByRole('dialog', { name: 'Thêm sổ văn bản' });
      await dialog.getByLabel('Mã sổ', { exact: true }).fill('DEN-MAT-GM');
      await dialog.getByLabel('Tên sổ', { exact: true }).fill(name);
      await dialog.getByRole('radio', { name: 'Mật' }).check();
      await pickDocType(page, dialog, 'Giấy mời');
      await dialog.getByText('Thêm sổ văn bản').click();
      const created = await saveAndWait(
        page,
        () => dialog.getByRole('button', { name: 'Lưu' }).click(),
        'POST',
        '/api/admin/registers',
      );
      expect(created.status()).toBe(200);
      const organId = new URL(created.url()).searchParams.get('organId');
      expect(organId).toBeTruthy();
      const row = page.getByRole('row', { name: new RegExp(name) });
      await expect.poll(() => row.innerText()).toMatch(/DEN-MAT-GM[\s\S]*Mật[\s\S]*Giấy mời/);
      await screenshot(page, 'admin-registers-06-sysadmin-other-organ');

      // It belongs to the Sở: its admin lists it, the Bộ's admin does not.
      type Reg = { code: string; confidential: boolean; docTypeCodes: string[] | null };
      expect(
        (await apiGet<Reg[]>('snv.quantri', '/api/admin/registers')).find((r) => r.code === 'DEN-MAT-GM'),
      ).toMatchObject({ confidential: true, docTypeCodes: ['giay_moi'] });
      expect((await apiGet<Reg[]>('quantri', '/api/admin/registers')).some((r) => r.code === 'DEN-MAT-GM')).toBe(false);
    } finally {
      await context.close();
    }
  });
});
