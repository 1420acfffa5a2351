/**
 * Acceptance 7 (signing step of the outgoing journey), in Chromium against the demo server:
 * the Thứ trưởng signs through vanthu-signer (a real agent process holding a PKCS#12 issued by the demo CA),
 * the văn thư applies the organ signature with the seal; the final PDF verifies valid, its two
 * appearances are rendered with pdftoppm, and the signature panel is captured.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { verifyPdf } from '@vanthu/pades';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startAgent, type AgentProcess } from '../apps/server/src/modules/signing/signing.agent.testkit';
import { draftPdf } from '../apps/server/src/modules/signing/signing.testkit';
import { SCREENSHOT_DIR, launchBrowser, login, logout, newPage } from './browser';
import { cookieFetch, cookieLogin, type CookieSession } from './seed';

const baseUrl = inject('baseUrl');
let browser: Browser;
let agent: AgentProcess;
let dir: string;

type ApiSession = CookieSession;
const apiLogin = (username: string) => cookieLogin(baseUrl, username);
const apiCall = (s: ApiSession, method: string, p: string, body?: unknown) => cookieFetch(baseUrl, s, method, p, body);

beforeAll(async () => {
  browser = await launchBrowser();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-signing-'));
  const leader = await apiLogin('thutruong');
  const p12 = await apiCall(leader, 'POST', '/api/signing/demo/p12', { password: 'demo-p12' });
  expect(p12.status).toBe(200);
  fs.writeFileSync(path.join(dir, 'thutruong.p12'), Buffer.from(((await p12.json()) as { p12: string }).p12, 'base64'));
  agent = await startAgent([
    '--p12',
    path.join(dir, 'thutruong.p12'),
    '--pass',
    'demo-p12',
    '--allow-origin',
    new URL(baseUrl).origin,
    '--auto-approve',
  ]);
});

afterAll(async () => {
  await agent?.stop();
  await browser?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('signing in the browser (acceptance 7)', () => {
  it('Thứ trưởng signs via vanthu-signer, văn thư applies the organ signature; the PDF verifies and shows both appearances', async () => {
    const leader = await apiLogin('thutruong');
    const form = new FormData();
    form.append('file', new Blob([Buffer.from(await draftPdf())], { type: 'application/pdf' }), 'quyet-dinh.pdf');
    const up = await apiCall(leader, 'POST', '/api/files', form);
    expect(up.status).toBe(200);
    const draftId = ((await up.json()) as { id: string }).id;

    const { context, page } = await newPage(browser, baseUrl);
    try {
      await context.addInitScript((url: string) => window.localStorage.setItem('vanthu.signerUrl', url), agent.url);
      await login(page, 'thutruong');
      await page.goto(`/signing/demo?fileId=${draftId}`);
      await page.getByTestId('signature-panel').getByText('Không có chữ ký số').first().waitFor();
      const completed = page.waitForResponse((r) =>
        /\/api\/signing\/sessions\/[^/]+\/complete$/.test(new URL(r.url()).pathname),
      );
      await page.getByRole('button', { name: 'Ký số (USB token)' }).click();
      expect((await completed).status()).toBe(200);
      await page.getByTestId('signature-item').filter({ hasText: 'Vũ Chiến Thắng' }).getByText('Hợp lệ').waitFor();
      const personFileId = new URL(page.url()).searchParams.get('fileId')!;
      expect(personFileId).not.toBe(draftId);
      await logout(page);

      // The leader's signed file is not attached to any document: only its owner may read or seal it (issue 10,
      // hole 1). The văn thư trying it through this page is refused as not found, and nothing is signed.
      await login(page, 'vanthu');
      await page.goto(`/signing/demo?fileId=${personFileId}`);
      const refused = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/signing/organ');
      await page.getByRole('button', { name: 'Ký số của cơ quan (đóng dấu)' }).click();
      expect((await refused).status()).toBe(404);
      await expect.poll(() => page.getByTestId('signature-item').count()).toBe(0);

      // Handed the signed PDF (as the document would carry it), the văn thư seals her copy.
      const signedBytes = await (await apiCall(leader, 'GET', `/api/files/${personFileId}`)).arrayBuffer();
      const clerkSession = await apiLogin('vanthu');
      const handed = new FormData();
      handed.append('file', new Blob([Buffer.from(signedBytes)], { type: 'application/pdf' }), 'quyet-dinh-da-ky.pdf');
      const handedUp = await apiCall(clerkSession, 'POST', '/api/files', handed);
      expect(handedUp.status).toBe(200);
      const handedId = ((await handedUp.json()) as { id: string }).id;
      await page.goto(`/signing/demo?fileId=${handedId}`);
      await page.getByTestId('signature-item').first().waitFor();
      const organ = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/signing/organ');
      await page.getByRole('button', { name: 'Ký số của cơ quan (đóng dấu)' }).click();
      expect((await organ).status()).toBe(200);
      await page.getByTestId('signature-item').filter({ hasText: 'Bộ Nội vụ' }).getByText('Hợp lệ').waitFor();
      await expect.poll(() => page.getByTestId('signature-item').count()).toBe(2);
      fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.getByTestId('signature-panel').screenshot({ path: path.join(SCREENSHOT_DIR, 'signing-panel.png') });
      const finalId = new URL(page.url()).searchParams.get('fileId')!;

      const clerk = await apiLogin('vanthu');
      const pdf = new Uint8Array(await (await apiCall(clerk, 'GET', `/api/files/${finalId}`)).arrayBuffer());
      const ca = Buffer.from(
        ((await (await apiCall(clerk, 'GET', '/api/signing/demo/ca')).json()) as { certificate: string }).certificate,
        'base64',
      );
      const report = await verifyPdf(pdf, { trustAnchors: [new Uint8Array(ca)], revocationPolicy: 'lenient' });
      expect(report.signatures.map((s) => [s.signerName, s.verdict])).toEqual([
        ['Vũ Chiến Thắng', 'valid'],
        ['Bộ Nội vụ', 'valid'],
      ]);
      expect(report.valid).toBe(true);

      // Render the signature block (page 1 at 150 dpi): the blue signature with the red seal over its left third.
      fs.writeFileSync(path.join(dir, 'final.pdf'), pdf);
      const k = 150 / 72;
      const crop = { x: 270, y: 170, w: 280, h: 190 }; // points, PDF coordinates (bottom-left origin)
      execFileSync('pdftoppm', [
        '-png',
        '-r',
        '150',
        '-f',
        '1',
        '-l',
        '1',
        '-singlefile',
        '-x',
        String(Math.round(crop.x * k)),
        '-y',
        String(Math.round((841.89 - crop.y - crop.h) * k)),
        '-W',
        String(Math.round(crop.w * k)),
        '-H',
        String(Math.round(crop.h * k)),
        path.join(dir, 'final.pdf'),
        path.join(SCREENSHOT_DIR, 'signing-appearances'),
      ]);
      const png = fs.readFileSync(path.join(SCREENSHOT_DIR, 'signing-appearances.png'));
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    } finally {
      await context.close();
    }
  });

  it('without vanthu-signer running, the button says so in Vietnamese', async () => {
    const leader = await apiLogin('thutruong');
    const form = new FormData();
    form.append(
      'file',
      new Blob([Buffer.from(await draftPdf('Khong co agent'))], { type: 'application/pdf' }),
      'khong-agent.pdf',
    );
    const id = ((await (await apiCall(leader, 'POST', '/api/files', form)).json()) as { id: string }).id;
    const { context, page } = await newPage(browser, baseUrl);
    try {
      await context.addInitScript(() => window.localStorage.setItem('vanthu.signerUrl', 'http://127.0.0.1:9'));
      await login(page, 'thutruong');
      await page.goto(`/signing/demo?fileId=${id}`);
      await page.getByRole('button', { name: 'Ký số (USB token)' }).click();
      await page
        .getByTestId('agent-error')
        .getByText('Chưa chạy vanthu-signer trên máy này', { exact: false })
        .waitFor();
    } finally {
      await context.close();
    }
  });
});
