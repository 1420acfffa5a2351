/**
 * Issue 3 (F1m/F5) in Chromium: the head of Vụ Pháp chế completes an incoming document by picking, in a searchable
 * list, the issued outgoing document that answers it (typed without diacritics); the document page then links to it.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD, SCREENSHOT_DIR, launchBrowser, login, newPage, screenshot } from './browser';

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
  call: <T>(method: 'GET' | 'POST', path: string, body?: unknown | FormData) => Promise<T>;
}

/** A demo user's API session (cookie + CSRF); JSON or multipart bodies; anything but 2xx throws with the answer. */
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
    call: async <T>(method: 'GET' | 'POST', path: string, body?: unknown) => {
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
  const page = doc.addPage([595, 842]);
  page.drawText(text, { x: 70, y: 760, size: 13, font: await doc.embedFont(StandardFonts.TimesRoman) });
  return new Blob([Buffer.from(await doc.save())], { type: 'application/pdf' });
}

/** An outgoing document of Vụ Pháp chế taken through the default route and issued (one-click demo signatures). */
async function issuedOutgoing(subject: string, thutruongId: string): Promise<{ id: string; numberNotation: string }> {
  const cv = await session('chuyenvien.pc');
  const { id } = await cv.call<{ id: string }>('POST', '/api/outgoing', {
    docType: 'cong_van',
    subject,
    signerId: thutruongId,
  });
  const form = new FormData();
  form.append('file', await pdf(`Du thao ${run}`), 'du-thao.pdf');
  await cv.call('POST', `/api/outgoing/${id}/versions?kind=draft`, form);
  await cv.call('POST', `/api/outgoing/${id}/submit`);
  for (const u of ['vutruong.pc', 'chanhvp', 'thutruong'])
    await (await session(u)).call('POST', `/api/outgoing/${id}/decision`, { decision: 'approve' });
  const clerk = await session('vanthu');
  await clerk.call('POST', `/api/outgoing/${id}/issue`);
  const v = await clerk.call<{ status: string; numberNotation: string }>('GET', `/api/outgoing/${id}`);
  expect(v.status).toBe('issued');
  return { id, numberNotation: v.numberNotation };
}

async function as(username: string): Promise<Page> {
  const { page } = await newPage(browser, baseUrl);
  await login(page, username);
  return page;
}

describe('an incoming document answered by an outgoing one, in Chromium', () => {
  it('the head completes it by picking the issued answer (searched without diacritics); the document page links to it', async () => {
    const clerk = await session('vanthu');
    const users = await clerk.call<{ id: string; username: string }[]>('GET', '/api/admin/users');
    const units = await clerk.call<{ id: string; name: string }[]>('GET', '/api/admin/units');
    const uid = (u: string) => users.find((x) => x.username === u)!.id;
    const answer = await issuedOutgoing(`V/v góp ý dự thảo Quy chế văn thư điện tử (${run})`, uid('thutruong'));

    const subject = `Đề nghị góp ý dự thảo Quy chế văn thư điện tử (${run})`;
    const form = new FormData();
    form.append(
      'meta',
      JSON.stringify({
        docTypeCode: 'cong_van',
        number: '88',
        notation: `STP-${run}`,
        issuedDate: '2026-03-02',
        issuingOrganName: 'Sở Tư pháp',
        subject,
        presentTo: { userId: uid('thutruong') },
      }),
    );
    form.append('files', await pdf(`Cong van den ${run}`), 'den.pdf');
    const { id } = await clerk.call<{ id: string }>('POST', '/api/incoming', form);
    await (
      await session('thutruong')
    ).call('POST', `/api/incoming/${id}/assign`, {
      direction: 'Vụ Pháp chế trả lời',
      lead: { unitId: units.find((u) => u.name === 'Vụ Pháp chế')!.id },
    });

    const head = await as('vutruong.pc');
    await head.goto(`/incoming/doc/${id}`);
    await head.getByTestId('doc-status').waitFor();
    await head.getByRole('button', { name: 'Hoàn thành' }).click();
    const dlg = head.getByRole('dialog', { name: 'Hoàn thành xử lý' });
    await dlg.getByLabel('Kết quả xử lý').fill('Đã có văn bản trả lời Sở Tư pháp.');
    // Typed without diacritics, answered by the server's search; the option reads "số — trích yếu, ngày".
    const picker = dlg.getByLabel('Văn bản đi trả lời', { exact: true }).and(dlg.getByRole('combobox'));
    await picker.focus();
    await head.keyboard.type(`quy che van thu dien tu (${run})`);
    const option = head.locator('.ant-select-dropdown:visible .ant-select-item-option', {
      hasText: answer.numberNotation,
    });
    await option.waitFor();
    await expect.poll(() => head.locator('.ant-select-dropdown:visible .ant-select-item-option').count()).toBe(1);
    expect(await option.innerText()).toMatch(
      new RegExp(
        `^${answer.numberNotation.replace(/[/]/g, '\\/')} — V\\/v góp ý dự thảo Quy chế văn thư điện tử \\(${run}\\), \\d{2}\\/\\d{2}\\/\\d{4}$`,
      ),
    );
    // The open list, captured without resizing the page (a full-page capture resizes it and closes the list).
    await head.screenshot({ path: path.join(SCREENSHOT_DIR, 'incoming-answer-01-search.png'), animations: 'disabled' });
    await head.keyboard.press('Enter');
    await dlg.locator('.ant-select-selection-item', { hasText: answer.numberNotation }).waitFor();
    expect(await dlg.getByLabel('Số, ký hiệu văn bản trả lời (nếu ngoài hệ thống)').isDisabled()).toBe(true);

    const sent = head.waitForResponse(
      (r) => r.url().endsWith(`/api/incoming/${id}/complete`) && r.request().method() === 'POST',
    );
    await dlg.getByRole('button', { name: 'Xác nhận hoàn thành' }).click();
    const res = await sent;
    expect(res.status()).toBe(204);
    expect(res.request().postDataJSON()).toEqual({
      note: 'Đã có văn bản trả lời Sở Tư pháp.',
      answerOutgoingId: answer.id,
    });
    await expect.poll(() => head.getByTestId('doc-status').innerText()).toBe('Hoàn thành');
    const link = head.getByTestId('answer-link');
    expect(await link.innerText()).toBe(answer.numberNotation);
    await screenshot(head, 'incoming-answer-02-done-link');

    await link.click();
    await head.waitForURL(new RegExp(`/outgoing/doc/${answer.id}$`));
    await head.getByRole('heading', { name: `V/v góp ý dự thảo Quy chế văn thư điện tử (${run})` }).waitFor();
    expect(await head.getByTestId('doc-status').innerText()).toBe('Đã phát hành');
  });
});
