/**
 * Issue 5, acceptance 7, inside the outgoing journey: the Thứ trưởng signs the signing step through vanthu-signer
 * (a real agent process holding his PKCS#12 from the demo CA; the key never reaches the server) by clicking on the
 * document page, the văn thư applies the organ signature and issues. The issued PDF verifies valid with two
 * signatures (the server's report and poppler's pdfsig against the demo CA), its signature area is rendered with
 * pdftoppm and the signature panel is captured.
 * Issue 5 at issue: the văn thư applies the organ signature through vanthu-signer too (a second agent holding the
 * organ's PKCS#12, POST /api/outgoing/demo/organ-p12), by clicking "Đóng dấu số bằng thiết bị ký (USB token)".
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { padesLevel, verifyPdf } from '@vanthu/pades';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startAgent, type AgentProcess } from '../apps/server/src/modules/signing/signing.agent.testkit';
import { SCREENSHOT_DIR, launchBrowser, login, newPage } from './browser';
import { cookieCall, cookieLogin, type CookieSession } from './seed';

const baseUrl = inject('baseUrl');
let browser: Browser;
let agent: AgentProcess;
/** vanthu-signer on the văn thư's computer, holding the organ's key (the organ seal at issue). */
let organAgent: AgentProcess;
let dir: string;

type ApiSession = CookieSession;
const apiLogin = (username: string) => cookieLogin(baseUrl, username);
const api = <T = unknown>(s: ApiSession, method: string, p: string, body?: unknown) =>
  cookieCall<T>(baseUrl, s, method, p, body);

/** An A4 công văn whose signature block fits the outgoing module's signer rectangle (x 340, y 120, 180 × 72 pt). */
async function draftPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595.28, 841.89]);
  // Liberation Serif 2 (fonts-liberation2): the draft reads in Vietnamese, as a real one does.
  doc.registerFontkit(fontkit);
  const dir = '/usr/share/fonts/truetype/liberation2';
  const font = await doc.embedFont(fs.readFileSync(path.join(dir, 'LiberationSerif-Regular.ttf')), { subset: true });
  const bold = await doc.embedFont(fs.readFileSync(path.join(dir, 'LiberationSerif-Bold.ttf')), { subset: true });
  page.drawText('BỘ NỘI VỤ', { x: 70, y: 780, size: 13, font: bold });
  page.drawText('V/v ký số bằng thiết bị ký (thử nghiệm)', { x: 70, y: 690, size: 12, font });
  page.drawText('Kính gửi: Vụ Tổ chức cán bộ.', { x: 70, y: 640, size: 13, font });
  page.drawText('Nội dung công văn thử nghiệm ký số trong quy trình văn bản đi.', { x: 70, y: 610, size: 13, font });
  page.drawText('KT. BỘ TRƯỞNG', { x: 383, y: 222, size: 12, font: bold });
  page.drawText('THỨ TRƯỞNG', { x: 392, y: 206, size: 12, font: bold });
  page.drawText('Vũ Chiến Thắng', { x: 388, y: 100, size: 12, font: bold });
  return doc.save();
}

/** Through the API: a draft of Vụ Pháp chế, initialled and format-checked, waiting for the Thứ trưởng's signature. */
async function atSignStep(what: string): Promise<string> {
  const clerkApi = await apiLogin('vanthu');
  const users = await api<{ id: string; username: string }[]>(clerkApi, 'GET', '/api/admin/users');
  const units = await api<{ id: string; name: string }[]>(clerkApi, 'GET', '/api/admin/units');
  const drafter = await apiLogin('chuyenvien.pc');
  const { id } = await api<{ id: string }>(drafter, 'POST', '/api/outgoing', {
    docType: 'cong_van',
    subject: `V/v ${what} (${Date.now().toString(36)})`,
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

const waitStatus = (page: Page, text: string) =>
  page.locator('[data-testid=doc-status]', { hasText: new RegExp(`^${text}$`) }).waitFor({ timeout: 60_000 });

/** Counts blue (signature) and red (seal) pixels of a binary PPM rendered by pdftoppm. */
function inkOf(ppm: Buffer): { blue: number; red: number } {
  const m = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 50).toString('latin1'))!;
  const data = ppm.subarray(m[0].length);
  let blue = 0;
  let red = 0;
  for (let i = 0; i + 2 < data.length; i += 3) {
    const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
    if (b > 120 && r < 110 && g < 130) blue++;
    if (r > 150 && g < 110 && b < 110) red++;
  }
  return { blue, red };
}

/** The Thứ trưởng on the document page: "Ký số (USB token)" → number and date stamped → vanthu-signer signs → recorded. Returns the number. */
async function signByClicking(lp: Page, id: string, dialogShot?: string): Promise<string> {
  await lp.goto(`/outgoing/doc/${id}`);
  await waitStatus(lp, 'Chờ ký ban hành');
  await lp.getByRole('button', { name: 'Ký số (USB token)', exact: true }).click();
  const dlg = lp.getByRole('dialog');
  const prepared = lp.waitForResponse((r) => r.url().endsWith('/sign/prepare') && r.request().method() === 'POST');
  await dlg.getByRole('button', { name: 'Cấp số và chuẩn bị ký' }).click();
  expect((await prepared).status()).toBe(200);
  const notation = await dlg.getByTestId('prepared-number').innerText();
  expect(notation).toMatch(/^\d+\/BNV-PC$/);
  await dlg.getByLabel('Ý kiến khi ký').fill('Đồng ý ban hành.');
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  if (dialogShot)
    await dlg
      .locator('.ant-modal-content')
      .screenshot({ path: path.join(SCREENSHOT_DIR, dialogShot), animations: 'disabled' });
  const session = lp.waitForResponse((r) =>
    /\/api\/signing\/sessions\/[^/]+\/complete$/.test(new URL(r.url()).pathname),
  );
  const completed = lp.waitForResponse((r) => r.url().endsWith('/sign/complete') && r.request().method() === 'POST');
  await dlg.getByRole('button', { name: 'Ký bằng thiết bị ký' }).click();
  expect((await session).status()).toBe(200);
  expect((await completed).status()).toBe(204);
  await dlg.waitFor({ state: 'detached' });
  await waitStatus(lp, 'Chờ đóng dấu số & phát hành');
  expect(await lp.getByTestId('doc-number').innerText()).toContain(notation);
  await lp.getByTestId('signature-item').filter({ hasText: 'Vũ Chiến Thắng' }).getByText('Hợp lệ').waitFor();
  return notation;
}

let nssDir: string | null = null;
/** poppler's pdfsig on a PDF, with the demo CA as the only trusted certificate (a temporary NSS database, made once). */
async function pdfsig(clerkApi: ApiSession, pdf: Buffer, name: string): Promise<string> {
  if (!nssDir) {
    const ca = Buffer.from(
      (await api<{ certificate: string }>(clerkApi, 'GET', '/api/signing/demo/ca')).certificate,
      'base64',
    );
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
    nssDir = nss;
  }
  fs.writeFileSync(path.join(dir, name), pdf);
  try {
    return execFileSync('pdfsig', ['-nssdir', `sql:${nssDir}`, path.join(dir, name)], { encoding: 'utf8' });
  } catch (e) {
    return (e as { stdout?: string }).stdout ?? '';
  }
}

/**
 * Issue 12, acceptance 2: the issued PDF is PAdES B-LT — both signatures carry a trusted signature timestamp, the
 * DSS holds the chains and the demo CA's CRL (fetched by the server from the certificates' distribution point), and
 * our verifier finds it valid from the file alone: strict revocation policy, no network (fetchRevocation off).
 */
async function expectLongTermValid(clerkApi: ApiSession, pdf: Buffer, fileId: string): Promise<void> {
  const ca = Buffer.from(
    (await api<{ certificate: string }>(clerkApi, 'GET', '/api/signing/demo/ca')).certificate,
    'base64',
  );
  const offline = await verifyPdf(new Uint8Array(pdf), {
    trustAnchors: [new Uint8Array(ca)],
    revocationPolicy: 'strict',
    fetchRevocation: false,
  });
  expect(
    offline.signatures.map((s) => [
      s.signerName,
      s.verdict,
      s.timestamp.trusted,
      s.revocation.status,
      s.revocation.source,
      padesLevel(offline, s),
    ]),
  ).toEqual([
    ['Vũ Chiến Thắng', 'valid', true, 'good', 'dss', 'B-LT'],
    ['Bộ Nội vụ', 'valid', true, 'good', 'dss', 'B-LT'],
  ]);
  expect(offline.dss.present && offline.dss.crls >= 1).toBe(true);
  // the server's panel says the same
  const shown = await api<{ signatures: { level: string | null }[] }>(clerkApi, 'GET', `/api/signatures/${fileId}`);
  expect(shown.signatures.map((s) => s.level)).toEqual(['B-LT', 'B-LT']);
}

/** pdftoppm's arguments for the signature area of the last page at 150 dpi (points, PDF coordinates, bottom-left origin). */
function signatureArea(): string[] {
  const k = 150 / 72;
  const crop = { x: 250, y: 70, w: 310, h: 180 };
  return [
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
  ];
}

beforeAll(async () => {
  browser = await launchBrowser();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-outgoing-deferred-'));
  const p12 = await api<{ p12: string }>(await apiLogin('thutruong'), 'POST', '/api/signing/demo/p12', {
    password: 'demo-p12',
  });
  fs.writeFileSync(path.join(dir, 'thutruong.p12'), Buffer.from(p12.p12, 'base64'));
  agent = await startAgent([
    '--p12',
    path.join(dir, 'thutruong.p12'),
    '--pass',
    'demo-p12',
    '--allow-origin',
    new URL(baseUrl).origin,
    '--auto-approve',
  ]);
  const organ = await api<{ p12: string }>(await apiLogin('vanthu'), 'POST', '/api/outgoing/demo/organ-p12', {
    password: 'demo-organ-p12',
  });
  fs.writeFileSync(path.join(dir, 'bnv.p12'), Buffer.from(organ.p12, 'base64'));
  organAgent = await startAgent([
    '--p12',
    path.join(dir, 'bnv.p12'),
    '--pass',
    'demo-organ-p12',
    '--allow-origin',
    new URL(baseUrl).origin,
    '--auto-approve',
  ]);
});

afterAll(async () => {
  await agent?.stop();
  await organAgent?.stop();
  await browser?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('outgoing: the Thứ trưởng signs through vanthu-signer (issue 5, acceptance 7)', () => {
  it('signs by clicking through the deferred flow, the văn thư seals and issues; the issued PDF verifies valid with both appearances', async () => {
    const clerkApi = await apiLogin('vanthu');
    const id = await atSignStep('thử nghiệm ký số bằng thiết bị ký');
    const leader = await newPage(browser, baseUrl);
    const clerk = await newPage(browser, baseUrl);
    try {
      // 1. The Thứ trưởng: "Ký số (USB token)" → number and date stamped → vanthu-signer signs → recorded.
      await leader.context.addInitScript(
        (url: string) => window.localStorage.setItem('vanthu.signerUrl', url),
        agent.url,
      );
      await login(leader.page, 'thutruong');
      await signByClicking(leader.page, id, 'outgoing-deferred-dialog.png');

      // 2. The văn thư applies the organ signature (seal over the signer's image) and issues.
      const cp = clerk.page;
      await login(cp, 'vanthu');
      await cp.goto(`/outgoing/doc/${id}`);
      await waitStatus(cp, 'Chờ đóng dấu số & phát hành');
      // The page may re-render while it refreshes the document (a click on a replaced button is lost): click until
      // the confirmation is open.
      const issueButton = cp.getByRole('button', { name: 'Đóng dấu số & phát hành', exact: true });
      const confirmIssue = cp.getByRole('dialog').getByRole('button', { name: 'Phát hành', exact: true });
      await expect
        .poll(
          async () => {
            if (!(await confirmIssue.isVisible())) await issueButton.click({ timeout: 30_000 });
            return confirmIssue.isVisible();
          },
          { timeout: 60_000, interval: 1000 },
        )
        .toBe(true);
      const issued = cp.waitForResponse((r) => r.url().endsWith('/issue') && r.request().method() === 'POST', {
        timeout: 120_000,
      });
      await confirmIssue.click({ timeout: 30_000 });
      expect((await issued).status()).toBe(204);
      await waitStatus(cp, 'Đã phát hành');
      await expect.poll(() => cp.getByTestId('signature-item').count(), { timeout: 60_000 }).toBe(2);
      await cp.getByTestId('signature-item').filter({ hasText: 'Vũ Chiến Thắng' }).getByText('Hợp lệ').waitFor();
      await cp.getByTestId('signature-item').filter({ hasText: 'Bộ Nội vụ' }).getByText('Hợp lệ').waitFor();
      await cp
        .getByTestId('signature-panel')
        .screenshot({ path: path.join(SCREENSHOT_DIR, 'outgoing-deferred-panel.png'), animations: 'disabled' });
    } finally {
      await leader.context.close();
      await clerk.context.close();
    }

    // 3. The server's report of the issued file: two valid signatures, the Thứ trưởng's then the organ's.
    const doc = await api<{ sealedFileId: string; signedFileId: string; preparedFileId: string }>(
      clerkApi,
      'GET',
      `/api/outgoing/${id}`,
    );
    const report = await api<{ verdict: string; signatures: { signerName: string; verdict: string }[] }>(
      clerkApi,
      'GET',
      `/api/signatures/${doc.sealedFileId}`,
    );
    expect([report.verdict, report.signatures.map((s) => [s.signerName, s.verdict])]).toEqual([
      'valid',
      [
        ['Vũ Chiến Thắng', 'valid'],
        ['Bộ Nội vụ', 'valid'],
      ],
    ]);
    const pdf = Buffer.from(await api<Uint8Array>(clerkApi, 'GET', `/api/outgoing/${id}/files/${doc.sealedFileId}`));
    const prepared = Buffer.from(
      await api<Uint8Array>(clerkApi, 'GET', `/api/outgoing/${id}/files/${doc.preparedFileId}`),
    );
    expect(pdf.subarray(0, prepared.length).equals(prepared)).toBe(true); // both signatures are incremental updates of the prepared file

    // 4. poppler's pdfsig agrees, with the demo CA as the only trusted certificate (temporary NSS database).
    const out = await pdfsig(clerkApi, pdf, 'issued.pdf');
    expect(out.match(/Signature Validation: Signature is Valid\./g)?.length, out).toBe(2);
    expect(out.match(/Certificate Validation: Certificate is Trusted\./g)?.length, out).toBe(2);
    expect(out).toContain('Vũ Chiến Thắng');

    // 4b. PAdES B-LT (issue 12): timestamps and validation data in the file; valid with the network off.
    await expectLongTermValid(clerkApi, pdf, doc.sealedFileId);

    // 5. The signature area of the last page at 150 dpi: the blue signature and the red seal over its left third.
    const area = signatureArea();
    execFileSync('pdftoppm', [
      '-png',
      ...area,
      path.join(dir, 'issued.pdf'),
      path.join(SCREENSHOT_DIR, 'outgoing-deferred-signed'),
    ]);
    expect(
      fs.readFileSync(path.join(SCREENSHOT_DIR, 'outgoing-deferred-signed.png')).subarray(1, 4).toString('latin1'),
    ).toBe('PNG');
    fs.writeFileSync(path.join(dir, 'prepared.pdf'), prepared);
    execFileSync('pdftoppm', [...area, path.join(dir, 'issued.pdf'), path.join(dir, 'issued')]);
    execFileSync('pdftoppm', [...area, path.join(dir, 'prepared.pdf'), path.join(dir, 'prepared')]);
    const signedInk = inkOf(fs.readFileSync(path.join(dir, 'issued.ppm')));
    const preparedInk = inkOf(fs.readFileSync(path.join(dir, 'prepared.ppm')));
    expect(preparedInk).toEqual({ blue: 0, red: 0 });
    expect(signedInk.blue, JSON.stringify(signedInk)).toBeGreaterThan(300);
    expect(signedInk.red, JSON.stringify(signedInk)).toBeGreaterThan(300);
  });

  it('without vanthu-signer running, the dialog says so and how to start it; the number stays and nothing is signed', async () => {
    const id = await atSignStep('ký số khi chưa chạy vanthu-signer');
    const { context, page } = await newPage(browser, baseUrl);
    try {
      await context.addInitScript(() => window.localStorage.setItem('vanthu.signerUrl', 'http://127.0.0.1:9'));
      await login(page, 'thutruong');
      await page.goto(`/outgoing/doc/${id}`);
      await waitStatus(page, 'Chờ ký ban hành');
      await page.getByRole('button', { name: 'Ký số (USB token)', exact: true }).click();
      const dlg = page.getByRole('dialog');
      await dlg.getByRole('button', { name: 'Cấp số và chuẩn bị ký' }).click();
      const notation = await dlg.getByTestId('prepared-number').innerText();
      await dlg.getByRole('button', { name: 'Ký bằng thiết bị ký' }).click();
      await dlg
        .getByTestId('agent-error')
        .getByText('Chưa chạy vanthu-signer trên máy này', { exact: false })
        .waitFor();
      expect(await dlg.innerText()).toContain(`vanthu-signer --pkcs11`);
      expect(await dlg.innerText()).toContain(`--allow-origin ${new URL(baseUrl).origin}`);
      await dlg.getByRole('button', { name: 'Đóng' }).click();
      await dlg.waitFor({ state: 'detached' });
      await waitStatus(page, 'Chờ ký ban hành');
      expect(await page.getByTestId('doc-number').innerText()).toContain(notation);
      // Opening it again keeps the number already given.
      await page.getByRole('button', { name: 'Ký số (USB token)', exact: true }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Chuẩn bị ký (giữ số đã cấp)' }).click();
      expect(await page.getByRole('dialog').getByTestId('prepared-number').innerText()).toBe(notation);
    } finally {
      await context.close();
    }
  });
});

describe('outgoing: the văn thư seals through vanthu-signer with the organ key (issue 5)', () => {
  it('the Thứ trưởng signs and the văn thư seals by clicking, each with their own agent; the issued PDF has two valid signatures, the second the organ’s', async () => {
    const clerkApi = await apiLogin('vanthu');
    const id = await atSignStep('đóng dấu số bằng thiết bị ký của cơ quan');
    const leader = await newPage(browser, baseUrl);
    const clerk = await newPage(browser, baseUrl);
    let notation: string;
    try {
      // 1. The Thứ trưởng signs through his own vanthu-signer.
      await leader.context.addInitScript(
        (url: string) => window.localStorage.setItem('vanthu.signerUrl', url),
        agent.url,
      );
      await login(leader.page, 'thutruong');
      notation = await signByClicking(leader.page, id);

      // 2. The văn thư, whose vanthu-signer holds the organ's key: "Đóng dấu số bằng thiết bị ký (USB token)" → seal → issued.
      await clerk.context.addInitScript(
        (url: string) => window.localStorage.setItem('vanthu.signerUrl', url),
        organAgent.url,
      );
      const cp = clerk.page;
      await login(cp, 'vanthu');
      await cp.goto(`/outgoing/doc/${id}`);
      await waitStatus(cp, 'Chờ đóng dấu số & phát hành');
      const prepared = cp.waitForResponse(
        (r) => r.url().endsWith('/issue/prepare-seal') && r.request().method() === 'POST',
      );
      await cp.getByRole('button', { name: 'Đóng dấu số bằng thiết bị ký (USB token)', exact: true }).click();
      expect((await prepared).status()).toBe(200);
      const dlg = cp.getByRole('dialog');
      expect(await dlg.getByTestId('seal-number').innerText()).toBe(notation);
      expect(await dlg.innerText()).toContain('Vũ Chiến Thắng');
      expect(await dlg.innerText()).toContain(`Ban hành ${notation}`);
      expect(await dlg.innerText()).toContain(`--allow-origin ${new URL(baseUrl).origin}`);
      await dlg
        .locator('.ant-modal-content')
        .screenshot({ path: path.join(SCREENSHOT_DIR, 'outgoing-deferred-seal-dialog.png'), animations: 'disabled' });
      const session = cp.waitForResponse((r) =>
        /\/api\/signing\/sessions\/[^/]+\/complete$/.test(new URL(r.url()).pathname),
      );
      const completed = cp.waitForResponse(
        (r) => r.url().endsWith('/issue/complete-seal') && r.request().method() === 'POST',
      );
      await dlg.getByRole('button', { name: 'Đóng dấu bằng thiết bị ký' }).click();
      expect((await session).status()).toBe(200);
      expect((await completed).status()).toBe(204);
      await dlg.waitFor({ state: 'detached' });
      await waitStatus(cp, 'Đã phát hành');
      await expect.poll(() => cp.getByTestId('signature-item').count(), { timeout: 60_000 }).toBe(2);
      await cp.getByTestId('signature-item').filter({ hasText: 'Vũ Chiến Thắng' }).getByText('Hợp lệ').waitFor();
      await cp.getByTestId('signature-item').filter({ hasText: 'Bộ Nội vụ' }).getByText('Hợp lệ').waitFor();
      expect(await cp.getByRole('button', { name: 'Đóng dấu số bằng thiết bị ký (USB token)' }).count()).toBe(0);
      await cp
        .getByTestId('signature-panel')
        .screenshot({ path: path.join(SCREENSHOT_DIR, 'outgoing-deferred-seal-panel.png'), animations: 'disabled' });
    } finally {
      await leader.context.close();
      await clerk.context.close();
    }

    // 3. The server's report: two valid signatures, the Thứ trưởng's then the organ's; the seal extends the signed file.
    const doc = await api<{ status: string; sealedFileId: string; signedFileId: string }>(
      clerkApi,
      'GET',
      `/api/outgoing/${id}`,
    );
    expect(doc.status).toBe('issued');
    const report = await api<{ verdict: string; signatures: { signerName: string; verdict: string }[] }>(
      clerkApi,
      'GET',
      `/api/signatures/${doc.sealedFileId}`,
    );
    expect([report.verdict, report.signatures.map((s) => [s.signerName, s.verdict])]).toEqual([
      'valid',
      [
        ['Vũ Chiến Thắng', 'valid'],
        ['Bộ Nội vụ', 'valid'],
      ],
    ]);
    const pdf = Buffer.from(await api<Uint8Array>(clerkApi, 'GET', `/api/outgoing/${id}/files/${doc.sealedFileId}`));
    const signed = Buffer.from(await api<Uint8Array>(clerkApi, 'GET', `/api/outgoing/${id}/files/${doc.signedFileId}`));
    expect(pdf.subarray(0, signed.length).equals(signed)).toBe(true);
    // The organ's signature was made with the key in the văn thư's vanthu-signer, not a key on the server.
    const organCert = (
      (await (
        await fetch(`${organAgent.url}/v1/certificate`, { headers: { origin: new URL(baseUrl).origin } })
      ).json()) as { certificate: string }
    ).certificate;
    const ca = Buffer.from(
      (await api<{ certificate: string }>(clerkApi, 'GET', '/api/signing/demo/ca')).certificate,
      'base64',
    );
    const mine = await verifyPdf(new Uint8Array(pdf), {
      trustAnchors: [new Uint8Array(ca)],
      revocationPolicy: 'lenient',
    });
    expect([
      mine.valid,
      mine.signatures.map((s) => s.signerName),
      Buffer.from(mine.signatures[1]!.signerCertificate!).toString('base64'),
    ]).toEqual([true, ['Vũ Chiến Thắng', 'Bộ Nội vụ'], organCert]);

    // 4. poppler's pdfsig: two valid signatures with trusted certificates; the second signer is the organ.
    const out = await pdfsig(clerkApi, pdf, 'sealed.pdf');
    expect(out.match(/Signature Validation: Signature is Valid\./g)?.length, out).toBe(2);
    expect(out.match(/Certificate Validation: Certificate is Trusted\./g)?.length, out).toBe(2);
    const second = out.split(/Signature #2:/)[1] ?? '';
    expect(second, out).toMatch(/Signer Certificate Common Name: Bộ Nội vụ/);
    expect(out.split(/Signature #2:/)[0], out).toMatch(/Signer Certificate Common Name: Vũ Chiến Thắng/);

    // 4b. PAdES B-LT (issue 12): the organ seal made on the văn thư's token is timestamped too, and the issued file has the DSS.
    await expectLongTermValid(clerkApi, pdf, doc.sealedFileId);

    // 5. The signature area (pdftoppm, 150 dpi): the blue signature, and the red seal over its left third only once sealed.
    const area = signatureArea();
    execFileSync('pdftoppm', [
      '-png',
      ...area,
      path.join(dir, 'sealed.pdf'),
      path.join(SCREENSHOT_DIR, 'outgoing-deferred-seal'),
    ]);
    expect(
      fs.readFileSync(path.join(SCREENSHOT_DIR, 'outgoing-deferred-seal.png')).subarray(1, 4).toString('latin1'),
    ).toBe('PNG');
    fs.writeFileSync(path.join(dir, 'signed-only.pdf'), signed);
    execFileSync('pdftoppm', [...area, path.join(dir, 'sealed.pdf'), path.join(dir, 'sealed')]);
    execFileSync('pdftoppm', [...area, path.join(dir, 'signed-only.pdf'), path.join(dir, 'signed-only')]);
    const sealedInk = inkOf(fs.readFileSync(path.join(dir, 'sealed.ppm')));
    const signedInk = inkOf(fs.readFileSync(path.join(dir, 'signed-only.ppm')));
    expect(signedInk.blue, JSON.stringify(signedInk)).toBeGreaterThan(300);
    expect(signedInk.red, JSON.stringify(signedInk)).toBe(0);
    expect(sealedInk.red, JSON.stringify(sealedInk)).toBeGreaterThan(300);
  });
});
