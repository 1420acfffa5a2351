/**
 * Issue 14, acceptance 3, in Chromium by clicking: the archive clerk starts the 2027 file plan from 2026's and the
 * head approves it; a specialist opens a file, completes an incoming document with its answer and files both; the
 * file page lists them in date order; a submission goes through the Vụ trưởng to the Thứ trưởng, who approves with
 * an opinion; closing the file produces its list of documents (O5); the unit's list of files (O6) lists it.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD, launchBrowser, login, newPage, screenshot } from './browser';

let browser: Browser;
const baseUrl = inject('baseUrl');
const run = randomBytes(3).toString('hex');

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

interface Session {
  call: <T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown | FormData) => Promise<T>;
}
async function session(username: string): Promise<Session> {
  const r = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(r.status).toBe(200);
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await r.json()) as { csrfToken: string };
  return {
    call: async <T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) => {
      const multipart = body instanceof FormData;
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          cookie,
          'x-csrf-token': csrfToken,
          ...(body === undefined || multipart ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : multipart ? body : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
      return (res.status === 204 ? null : await res.json()) as T;
    },
  };
}

async function pdf(text: string): Promise<Blob> {
  const doc = await PDFDocument.create();
  doc
    .addPage([595, 842])
    .drawText(text, { x: 70, y: 760, size: 13, font: await doc.embedFont(StandardFonts.TimesRoman) });
  return new Blob([Buffer.from(await doc.save())], { type: 'application/pdf' });
}

async function as(username: string): Promise<Page> {
  const { page } = await newPage(browser, baseUrl);
  await login(page, username);
  return page;
}

const pdfText = async (page: Page, href: string) => {
  const r = await page.request.get(href);
  expect(r.status()).toBe(200);
  const file = `/tmp/vanthu-e2e-wf-${run}-${randomBytes(2).toString('hex')}.pdf`;
  fs.writeFileSync(file, await r.body());
  return execFileSync('pdftotext', [file, '-']).toString('utf8');
};

/** Picks an option of an antd Select by typing into it. */
async function pick(page: Page, label: string, typed: string, option: RegExp | string) {
  const box = page.getByRole('combobox', { name: label });
  await box.click();
  await page.keyboard.type(typed);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

describe('work files in Chromium (issue 14, acceptance 3)', () => {
  it('plan 2027 from 2026 approved; an incoming document and its answer filed; submission approved by the Thứ trưởng; closing gives O5; O6 lists the file', async () => {
    // Given: the approved 2026 plan, an incoming document assigned to a specialist of Vụ Pháp chế, its issued answer.
    const clerkApi = await session('vanthu');
    const users = await clerkApi.call<{ id: string; username: string }[]>('GET', '/api/admin/users');
    const units = await clerkApi.call<{ id: string; name: string }[]>('GET', '/api/admin/units');
    const uid = (u: string) => users.find((x) => x.username === u)!.id;
    const pc = units.find((u) => u.name === 'Vụ Pháp chế')!.id;
    const p26 = await clerkApi.call<{ id: string }>('POST', '/api/workfiles/plans', { year: 2026 });
    await clerkApi.call('PUT', `/api/workfiles/plans/${p26.id}`, {
      title: 'Danh mục hồ sơ năm 2026',
      headings: [
        {
          label: 'I',
          title: 'Vụ Pháp chế',
          unitId: pc,
          entries: [
            { notation: '01.PC', title: 'Hồ sơ góp ý các dự thảo văn bản', retention: '20', creatorUnitId: pc },
          ],
          children: [],
        },
      ],
    });
    const leaderApi = await session('thutruong');
    await leaderApi.call('POST', `/api/workfiles/plans/${p26.id}/approve`, { decisionRef: 'Quyết định số 1/QĐ-BNV' });

    const cv = await session('chuyenvien.pc');
    const { id: answerId } = await cv.call<{ id: string }>('POST', '/api/outgoing', {
      docType: 'cong_van',
      subject: `V/v góp ý dự thảo Thông tư lưu trữ (${run})`,
      signerId: uid('thutruong'),
    });
    const draft = new FormData();
    draft.append('file', await pdf(`Du thao ${run}`), 'du-thao.pdf');
    await cv.call('POST', `/api/outgoing/${answerId}/versions?kind=draft`, draft);
    await cv.call('POST', `/api/outgoing/${answerId}/submit`);
    for (const u of ['vutruong.pc', 'chanhvp', 'thutruong'])
      await (await session(u)).call('POST', `/api/outgoing/${answerId}/decision`, { decision: 'approve' });
    await clerkApi.call('POST', `/api/outgoing/${answerId}/issue`);
    const answer = await clerkApi.call<{ numberNotation: string }>('GET', `/api/outgoing/${answerId}`);
    const subject = `Đề nghị góp ý dự thảo Thông tư lưu trữ (${run})`;
    const form = new FormData();
    form.append(
      'meta',
      JSON.stringify({
        docTypeCode: 'cong_van',
        number: '77',
        notation: `STP-${run}`,
        issuedDate: '2026-03-02',
        issuingOrganName: 'Sở Tư pháp',
        subject,
        presentTo: { userId: uid('thutruong') },
      }),
    );
    form.append('files', await pdf(`Cong van den ${run}`), 'den.pdf');
    const { id: inId } = await clerkApi.call<{ id: string }>('POST', '/api/incoming', form);
    await leaderApi.call('POST', `/api/incoming/${inId}/assign`, {
      direction: 'Vụ Pháp chế trả lời',
      lead: { unitId: pc },
    });
    await (
      await session('vutruong.pc')
    ).call('POST', `/api/incoming/${inId}/reassign`, {
      direction: 'Đồng chí Chuyên dự thảo trả lời',
      lead: uid('chuyenvien.pc'),
    });

    // The archive clerk starts 2027 from 2026; the head approves it.
    const clerk = await as('vanthu');
    await clerk.goto('/workfiles/plan');
    await clerk.getByLabel('Năm của danh mục').fill('2027');
    await clerk.getByLabel('Năm của danh mục').press('Tab');
    await clerk.getByRole('button', { name: 'Lập từ danh mục năm 2026' }).click();
    await clerk.getByText('Dự thảo', { exact: true }).waitFor();
    await clerk.getByText('Hồ sơ góp ý các dự thảo văn bản').waitFor();
    const head = await as('thutruong');
    await head.goto('/workfiles/plan');
    await head.getByLabel('Năm của danh mục').fill('2027');
    await head.getByLabel('Năm của danh mục').press('Tab');
    await head.getByRole('button', { name: 'Ban hành danh mục' }).click();
    await head.getByLabel('Quyết định ban hành').fill('Quyết định số 2/QĐ-BNV');
    await head.getByRole('button', { name: 'Ban hành', exact: true }).click();
    await head.getByText('Đã ban hành', { exact: true }).waitFor();

    // The specialist opens a file, completes the incoming document with its answer and files both.
    const me = await as('chuyenvien.pc');
    await me.goto('/workfiles');
    await me.getByRole('button', { name: 'Lập hồ sơ' }).click();
    const dlg = me.getByRole('dialog', { name: 'Lập hồ sơ' });
    await dlg.getByLabel('Tiêu đề hồ sơ').fill(`Hồ sơ góp ý dự thảo Thông tư lưu trữ ${run}`);
    await dlg.getByLabel('Số và ký hiệu hồ sơ').fill(`PC.${run}`);
    await pick(me, 'Thời hạn bảo quản', '20', '20 năm');
    await dlg.getByRole('button', { name: 'Lập hồ sơ' }).click();
    await me.waitForURL(/\/workfiles\/file\//);
    const fileUrl = new URL(me.url()).pathname;
    const code = (await me.locator('.ant-descriptions-item-content').first().innerText()).trim();
    expect(code).toContain(`PC.${run}`);

    await me.goto(`/incoming/doc/${inId}`);
    await me.getByRole('button', { name: 'Hoàn thành' }).click();
    const done = me.getByRole('dialog', { name: 'Hoàn thành xử lý' });
    await done.getByLabel('Kết quả xử lý').fill('Đã có văn bản trả lời.');
    await done.getByLabel('Văn bản đi trả lời', { exact: true }).and(done.getByRole('combobox')).focus();
    await me.keyboard.type(`thong tu luu tru (${run})`);
    await me
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: answer.numberNotation })
      .waitFor();
    await me.keyboard.press('Enter');
    await done.getByRole('button', { name: 'Xác nhận hoàn thành' }).click();
    await expect.poll(() => me.getByTestId('doc-status').innerText()).toBe('Hoàn thành');
    for (const url of [`/incoming/doc/${inId}`, `/outgoing/doc/${answerId}`]) {
      await me.goto(url);
      await me.getByRole('button', { name: 'Đưa vào hồ sơ' }).click();
      await pick(me, 'Chọn hồ sơ', run, code);
      await me.getByRole('button', { name: 'Đưa vào', exact: true }).click();
      await me.getByText(/Đã đưa vào hồ sơ \(số thứ tự \d+\)/).waitFor();
    }

    // The file page lists both, by date: the incoming document (02/03/2026), then its answer.
    await me.goto(fileUrl);
    const rows = me.locator('.ant-table-tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).innerText()).toContain(subject);
    expect(await rows.nth(1).innerText()).toContain(answer.numberNotation);
    await screenshot(me, 'workfiles-file');

    // A submission through the Vụ trưởng to the Thứ trưởng.
    await me.getByRole('button', { name: 'Trình lãnh đạo' }).click();
    const sub = me.getByRole('dialog', { name: 'Trình lãnh đạo' });
    await sub.getByLabel('Phiếu trình (ý kiến đề xuất)').fill('Kính trình Thứ trưởng cho ý kiến về hồ sơ góp ý.');
    await pick(me, 'Lãnh đạo đơn vị', 'Lê Minh', 'Lê Minh Pháp');
    await pick(me, 'Lãnh đạo cơ quan', 'Vũ Chiến', 'Vũ Chiến Thắng');
    await sub.getByRole('button', { name: 'Trình', exact: true }).click();
    await me.getByText('Đã trình.').waitFor();
    for (const [user, opinion] of [
      ['vutruong.pc', 'Kính trình Thứ trưởng.'],
      ['thutruong', `Đồng ý với đề xuất ${run}.`],
    ] as const) {
      const leader = user === 'thutruong' ? head : await as(user);
      await leader.goto('/workfiles/submissions');
      const card = leader.locator('.ant-card', { hasText: `Hồ sơ góp ý dự thảo Thông tư lưu trữ ${run}` });
      await card.getByRole('button', { name: 'Đồng ý' }).click();
      const op = leader.getByRole('dialog', { name: 'Ý kiến đồng ý' });
      await op.getByLabel('Ý kiến').fill(opinion);
      // Done when the dialog has closed (the "Đã cho ý kiến." toast may come and go before a loaded machine looks);
      // a click lost while the dialog was still opening is clicked again.
      await expect
        .poll(
          async () => {
            if (await op.isVisible())
              await op
                .getByRole('button', { name: 'Gửi ý kiến' })
                .click({ timeout: 2000 })
                .catch(() => {});
            return op.isVisible();
          },
          { timeout: 30_000, interval: 3000 },
        )
        .toBe(false);
    }
    await me.goto('/workfiles/submissions');
    await me.getByText('Tôi đã trình').click();
    const mine = me.locator('.ant-card', { hasText: `Hồ sơ góp ý dự thảo Thông tư lưu trữ ${run}` });
    await mine.getByText(`Đồng ý với đề xuất ${run}.`, { exact: false }).waitFor();

    // Closing the file produces the list of its documents (O5); the unit's list of files (O6) lists it.
    await me.goto(fileUrl);
    await me.getByRole('button', { name: 'Đóng hồ sơ' }).click();
    await me
      .locator('.ant-message, .ant-alert-warning')
      .getByText(/Đã đóng hồ sơ|Chưa đóng được/)
      .first()
      .waitFor();
    expect(
      await me.locator('.ant-alert-warning').count(),
      await me
        .locator('.ant-alert-warning')
        .allInnerTexts()
        .then((t) => t.join(' ')),
    ).toBe(0);
    await me.getByText('Đã đóng', { exact: true }).first().waitFor();
    const o5 = await pdfText(me, (await me.getByRole('link', { name: 'Mục lục văn bản (PDF)' }).getAttribute('href'))!);
    expect(o5).toContain(code);
    expect(o5).toContain(`STP-${run}`);
    await me.goto('/workfiles/unit');
    const o6 = await pdfText(me, (await me.getByRole('link', { name: 'Danh sách hồ sơ (PDF)' }).getAttribute('href'))!);
    expect(o6).toContain(`PC.${run}`);
  }, 85_000);
});
