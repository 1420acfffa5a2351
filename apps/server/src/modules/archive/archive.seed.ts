/**
 * Demo mode only: two closed work files of the first demo organ transferred to its archive (one long expired, so
 * "Xem xét hủy" has an item; one restricted, so a reader has something to request), through the HTTP API in
 * process like the rest of the demo office. Called once by seed/demo-office.ts.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps';
import { minutesPdf } from './archive.pdf';

const DEMO_PASSWORD = 'Demo@2026';

async function caller(app: FastifyInstance, username: string) {
  const r = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: DEMO_PASSWORD },
  });
  if (r.statusCode !== 200) throw new Error(`archive demo: login ${username}: ${r.statusCode}`);
  const cookie = `vanthu_sid=${r.cookies.find((c) => c.name === 'vanthu_sid')?.value ?? ''}`;
  const csrf = (r.json() as { csrfToken: string }).csrfToken;
  const call = async <T>(
    method: 'POST' | 'PATCH',
    url: string,
    payload: object | Buffer,
    headers: Record<string, string> = {},
  ): Promise<T> => {
    const x = await app.inject({
      method,
      url,
      headers: { cookie, 'x-csrf-token': csrf, ...headers },
      payload: payload as Buffer,
    });
    if (x.statusCode >= 300) throw new Error(`archive demo: ${method} ${url}: ${x.statusCode} ${x.body}`);
    return x.json() as T;
  };
  const upload = async (content: Uint8Array, name: string) => {
    const boundary = `----vanthuArchive${randomBytes(6).toString('hex')}`;
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      Buffer.from(content),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return call<{ id: string }>('POST', '/api/files', body, {
      'content-type': `multipart/form-data; boundary=${boundary}`,
    });
  };
  return { post: <T>(url: string, body: object) => call<T>('POST', url, body), upload };
}

const FILES = [
  {
    notation: 'LT.01',
    title: 'Hồ sơ tổ chức Hội nghị triển khai công tác văn thư, lưu trữ năm 2015',
    date: '2015-03-12',
    retention: '5',
    mode: '01' as const,
  },
  {
    notation: 'LT.02',
    title: 'Hồ sơ góp ý dự thảo Luật Lưu trữ (sửa đổi)',
    date: '2025-05-20',
    retention: '20',
    mode: '02' as const,
  },
];

export async function seedArchiveDemo(deps: Deps, app: FastifyInstance): Promise<number> {
  const organ = await deps.db
    .selectFrom('organs')
    .select(['id', 'name'])
    .where('code', '=', '000.00.00.G09')
    .executeTakeFirst();
  if (!organ) return 0;
  const clerk = await caller(app, 'vanthu');
  const ids: string[] = [];
  for (const f of FILES) {
    const file = await clerk.post<{ id: string }>('/api/workfiles', {
      title: f.title,
      notation: f.notation,
      retention: f.retention,
      startDate: f.date,
      mode: f.mode,
    });
    for (const n of [1, 2]) {
      const subject = n === 1 ? `Kế hoạch thực hiện — ${f.title.slice(6)}` : `Báo cáo kết quả — ${f.title.slice(6)}`;
      const bytes = await minutesPdf({
        organName: organ.name,
        title: subject.toUpperCase(),
        paragraphs: ['Văn bản mẫu của dữ liệu trình diễn (demo).'],
        items: [],
        signatures: [['VĂN PHÒNG', '']],
      });
      const up = await clerk.upload(bytes, `${f.notation}-${n}.pdf`);
      await clerk.post(`/api/workfiles/${file.id}/members`, {
        kind: 'upload',
        refId: up.id,
        upload: {
          subject,
          docDate: f.date,
          pageCount: 1,
          organName: organ.name,
          codeNumber: String(n),
          codeNotation: `${n === 1 ? 'KH' : 'BC'}-VP`,
        },
      });
    }
    await clerk.post(`/api/workfiles/${file.id}/close`, {});
    ids.push(file.id);
  }
  await clerk.post('/api/archive/transfers', {
    workfileIds: ids,
    note: 'Dữ liệu trình diễn: nộp lưu hồ sơ của Văn phòng',
  });
  return ids.length;
}
