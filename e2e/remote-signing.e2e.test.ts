/**
 * Issue 12, acceptance 3: remote signing (ký số từ xa) on a phone (390 × 844). The Thứ trưởng, with no token and
 * no vanthu-signer, opens the document on his phone, taps "Ký số từ xa": the number and date are stamped, the
 * server asks the organ's CSC API v2 service (the demo service of the installation, over HTTP) for his
 * certificate and an OTP, which reaches him as an in-app notification; a wrong OTP is refused, the right one signs.
 * The signed file verifies (our verifier, pdfsig); the văn thư issues and the issued PDF is valid with both signatures.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument } from 'pdf-lib';
import type { Browser } from 'playwright-core';
import { padesLevel, verifyPdf } from '@vanthu/pades';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PHONE, SCREENSHOT_DIR, launchBrowser, login, newPage } from './browser';
import { cookieCall, cookieLogin, type CookieSession } from './seed';

const baseUrl = inject('baseUrl');
let browser: Browser;
let dir: string;

type ApiSession = CookieSession;
const apiLogin = (username: string) => cookieLogin(baseUrl, username);
const api = <T = unknown>(s: ApiSession, method: string, p: string, body?: unknown) =>
  cookieCall<T>(baseUrl, s, method, p, body);

async function draftPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595.28, 841.89]);
  doc.registerFontkit(fontkit);
  const fonts = '/usr/share/fonts/truetype/liberation2';
  const font = await doc.embedFont(fs.readFileSync(path.join(fonts, 'LiberationSerif-Regular.ttf')), { subset: true });
  page.drawText('BỘ NỘI VỤ', { x: 70, y: 780, size: 13, font });
  page.drawText('V/v ký số từ xa trên điện thoại (thử nghiệm)', { x: 70, y: 690, size: 12, font });
  page.drawText('KT. BỘ TRƯỞNG — THỨ TRƯỞNG', { x: 350, y: 222, size: 12, font });
  page.drawText('Vũ Chiến Thắng', { x: 388, y: 100, size: 12, font });
  return doc.save();
}

async function atSignStep(): Promise<string> {
  const clerkApi = await apiLogin('vanthu');
  const users = await api<{ id: string; username: string }[]>(clerkApi, 'GET', '/api/admin/users');
  const units = await api<{ id: string; name: string }[]>(clerkApi, 'GET', '/api/admin/units');
  const drafter = await apiLogin('chuyenvien.pc');
  const { id } = await api<{ id: string }>(drafter, 'POST', '/api/outgoing', {
    docType: 'cong_van',
    subject: `V/v ký số từ xa (${Date.now().toString(36)})`,
    signerId: users.find((u) => u.username === 'thutruong')!.id,
    recipients: [{ kind: 'internal', unitId: units.find((u) => u.name === 'Vụ Tổ chức cán bộ')!.id }],
  });
  const form = new FormData();
  form.append('file', new Blob([Buffer.from(await draftPdf())], { type: 'application/pdf' }), 'du-thao.pdf');
  await api(drafter, 'POST', `/api/outgoing/${id}/versions?kind=draft`, form);
  await api(drafter, 'POST', `/api/outgoing/${id}/submit`);
  await api(await apiLogin('vutruong.pc'), 'POST', `/api/outgoing/${id}/decision`, { decision: 'approve' });
  await api(await apiLogin('chanhvp'), 'POST', `/api/outgoing/${id}/decision`, { decision: 'approve' });
  return id;
}

beforeAll(async () => {
  browser = await launchBrowser();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-remote-'));
});
afterAll(async () => {
  await browser?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('remote signing on a phone (issue 12, acceptance 3)', () => {
  it('the Thứ trưởng signs through the CSC service with the OTP from his notifications; the issued PDF verifies', async () => {
    const id = await atSignStep();
    const leaderApi = await apiLogin('thutruong');
    const { context, page } = await newPage(browser, baseUrl, PHONE);
    try {
      await login(page, 'thutruong');
      await page.goto(`/outgoing/doc/${id}`);
      await page.locator('[data-testid=doc-status]', { hasText: /^Chờ ký ban hành$/ }).waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: 'Ký số từ xa', exact: true }).click();
      const dlg = page.getByRole('dialog');
      await dlg.getByRole('button', { name: 'Cấp số và chuẩn bị ký' }).click();
      const notation = await dlg.getByTestId('prepared-number').innerText();
      expect(notation).toMatch(/^\d+\/BNV-PC$/);
      const started = page.waitForResponse(
        (r) => r.url().endsWith('/api/signing/remote/sessions') && r.request().method() === 'POST',
      );
      await dlg.getByRole('button', { name: 'Gửi mã OTP' }).click();
      expect((await started).status()).toBe(200);
      await dlg.getByLabel('Mã OTP').waitFor();

      // The OTP reached him as a notification (the demo service's "SMS"); the demo hint shows the same code.
      const notes = await api<{ items: { title: string }[] }>(leaderApi, 'GET', '/api/notifications');
      const otp = notes.items.map((n) => /Mã OTP ký số từ xa: (\d{6})/.exec(n.title)?.[1]).find(Boolean)!;
      expect(otp).toMatch(/^\d{6}$/);
      expect(await dlg.getByTestId('demo-otp').innerText()).toBe(otp);

      // A wrong OTP is refused; nothing is signed.
      await dlg.getByLabel('Mã OTP').fill(String((Number(otp) + 1) % 1_000_000).padStart(6, '0'));
      await dlg.getByRole('button', { name: 'Xác nhận ký' }).click();
      await dlg.getByTestId('remote-error').getByText('Mã OTP không đúng', { exact: false }).waitFor();
      expect((await api<{ status: string }>(leaderApi, 'GET', `/api/outgoing/${id}`)).status).toBe('in_review');

      await dlg.getByLabel('Mã OTP').fill(otp);
      fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'remote-signing-phone.png'), animations: 'disabled' });
      const completed = page.waitForResponse(
        (r) => r.url().endsWith('/sign/complete') && r.request().method() === 'POST',
      );
      await dlg.getByRole('button', { name: 'Xác nhận ký' }).click();
      expect((await completed).status()).toBe(204);
      await dlg.waitFor({ state: 'detached' });
      await page
        .locator('[data-testid=doc-status]', { hasText: /^Chờ đóng dấu số & phát hành$/ })
        .waitFor({ timeout: 30_000 });
      await page
        .getByTestId('signature-item')
        .filter({ hasText: 'Vũ Chiến Thắng' })
        .getByText('Hợp lệ')
        .waitFor({ timeout: 30_000 });
      // fits the phone: no horizontal scroll
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    } finally {
      await context.close();
    }

    // The văn thư issues (server key in demo mode); the issued PDF: two valid signatures, B-LT, pdfsig agrees.
    const clerkApi = await apiLogin('vanthu');
    await api(clerkApi, 'POST', `/api/outgoing/${id}/issue`);
    const doc = await api<{ status: string; sealedFileId: string }>(clerkApi, 'GET', `/api/outgoing/${id}`);
    expect(doc.status).toBe('issued');
    const pdf = Buffer.from(await api<Uint8Array>(clerkApi, 'GET', `/api/outgoing/${id}/files/${doc.sealedFileId}`));
    const ca = Buffer.from(
      (await api<{ certificate: string }>(clerkApi, 'GET', '/api/signing/demo/ca')).certificate,
      'base64',
    );
    const report = await verifyPdf(new Uint8Array(pdf), {
      trustAnchors: [new Uint8Array(ca)],
      revocationPolicy: 'strict',
      fetchRevocation: false,
    });
    expect(report.signatures.map((s) => [s.signerName, s.verdict, padesLevel(report, s)])).toEqual([
      ['Vũ Chiến Thắng', 'valid', 'B-LT'],
      ['Bộ Nội vụ', 'valid', 'B-LT'],
    ]);

    const nss = path.join(dir, 'nss');
    fs.mkdirSync(nss);
    execFileSync('certutil', ['-N', '--empty-password', '-d', `sql:${nss}`]);
    fs.writeFileSync(path.join(dir, 'ca.der'), ca);
    execFileSync('certutil', [
      '-A',
      '-n',
      'demo-ca',
      '-t',
      'CT,C,C',
      '-i',
      path.join(dir, 'ca.der'),
      '-d',
      `sql:${nss}`,
    ]);
    fs.writeFileSync(path.join(dir, 'issued.pdf'), pdf);
    let out = '';
    try {
      out = execFileSync('pdfsig', ['-nssdir', `sql:${nss}`, path.join(dir, 'issued.pdf')], { encoding: 'utf8' });
    } catch (e) {
      out = (e as { stdout?: string }).stdout ?? '';
    }
    expect(out.match(/Signature Validation: Signature is Valid\./g)?.length, out).toBe(2);
    expect(out.split(/Signature #2:/)[0], out).toMatch(/Signer Certificate Common Name: Vũ Chiến Thắng/);
  }, 60_000);
});
