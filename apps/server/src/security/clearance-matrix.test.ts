/**
 * Issue 10, hole 1 / acceptance 1: the clearance matrix. Every endpoint that yields content (files, signing sessions
 * by fileId and sha256, signature reports, the organ signature, outgoing registers and the register report, audit,
 * notifications, exchange send, incoming/outgoing lists, search and detail) × clearance (none / Mật / Tối mật) ×
 * role (specialist, admin, văn thư, leader), on a Mật incoming and a Mật outgoing document. Without the clearance no
 * role gets a byte, a subject or a listing of them; with it, the văn thư does (the matrix can fail both ways).
 */
import { execFileSync } from 'node:child_process';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type Client, type TestSystem } from '../../test/factory';
import { organObjects, type OrganObjects } from './security.fixtures';

let sys: TestSystem;
let fx: OrganObjects;
/** A work file of the cleared văn thư holding the Mật incoming document, readable (by grant) by every probed role. */
let secretFile: string;
beforeAll(async () => {
  sys = await createTestSystem();
  fx = await organObjects(sys);
  await sys.deps.db.updateTable('users').set({ clearance: 'mat' }).where('username', '=', 'vanthu').execute();
  const clerk = await sys.login('vanthu');
  const wf = await clerk.post('/api/workfiles', {
    title: 'Hồ sơ có văn bản mật',
    notation: '77.VP',
    retention: '10',
    startDate: '2026-03-01',
  });
  if (wf.statusCode !== 200) throw new Error(`workfile: ${wf.body}`);
  secretFile = (wf.json() as { id: string }).id;
  const m = await clerk.post(`/api/workfiles/${secretFile}/members`, { kind: 'incoming', refId: fx.secretIncoming });
  if (m.statusCode !== 200) throw new Error(`member: ${m.body}`);
  for (const u of Object.values(ROLES)) {
    const id = fx.users[u];
    if (id && u !== 'vanthu') {
      const g = await clerk.request('PUT', `/api/workfiles/${secretFile}/grants/${id}`, { access: 'read' });
      if (g.statusCode !== 200) throw new Error(`grant ${u}: ${g.body}`);
    }
  }
}, 50_000);
afterAll(async () => sys?.stop());

const MARKERS = ['MẬT-ĐẾN', 'MẬT-ĐI'];
const ROLES = { specialist: 'chuyenvien.tccb', admin: 'quantri', clerk: 'vanthu', leader: 'vutruong.tccb' } as const;
type Clearance = 'thuong' | 'mat' | 'toi_mat';

async function sha256Of(fileId: string): Promise<string> {
  return (await sys.deps.db.selectFrom('files').select('sha256').where('id', '=', fileId).executeTakeFirstOrThrow())
    .sha256;
}

interface Probe {
  name: string;
  run: (c: Client) => Promise<{ statusCode: number; body: string }>;
  bytes?: boolean;
}

/** The text a reader of the response gets: JSON/HTML as is, the XML inside XLSX/DOCX, the text layer of a PDF. */
async function readable(
  r: Promise<{ statusCode: number; rawPayload: Buffer; body: string }>,
): Promise<{ statusCode: number; body: string }> {
  const res = await r;
  const raw = res.rawPayload;
  if (res.statusCode >= 300) return { statusCode: res.statusCode, body: res.body };
  if (raw.subarray(0, 4).toString('latin1') === 'PK\x03\x04') {
    const parts = unzipSync(new Uint8Array(raw), { filter: (f) => f.name.endsWith('.xml') });
    return {
      statusCode: res.statusCode,
      body: Object.values(parts)
        .map((u) => strFromU8(u))
        .join('\n'),
    };
  }
  if (raw.subarray(0, 5).toString('latin1') === '%PDF-') {
    return {
      statusCode: res.statusCode,
      body: execFileSync('pdftotext', ['-q', '-', '-'], { input: raw, maxBuffer: 64 << 20 }).toString('utf8'),
    };
  }
  return { statusCode: res.statusCode, body: res.body };
}

function probes(shaIn: string, shaOut: string): Probe[] {
  const cert = 'QUJD';
  return [
    {
      name: 'GET /api/files (Mật incoming file)',
      run: (c) => c.get(`/api/files/${fx.secretIncomingFile}`),
      bytes: true,
    },
    {
      name: 'GET /api/files (Mật outgoing draft)',
      run: (c) => c.get(`/api/files/${fx.secretOutgoingFile}`),
      bytes: true,
    },
    { name: 'GET /api/incoming/:id', run: (c) => c.get(`/api/incoming/${fx.secretIncoming}`) },
    {
      name: 'GET /api/incoming/:id/files/:fileId',
      run: (c) => c.get(`/api/incoming/${fx.secretIncoming}/files/${fx.secretIncomingFile}`),
      bytes: true,
    },
    { name: 'GET /api/outgoing/:id', run: (c) => c.get(`/api/outgoing/${fx.secretOutgoing}`) },
    {
      name: 'GET /api/outgoing/:id/files/:fileId',
      run: (c) => c.get(`/api/outgoing/${fx.secretOutgoing}/files/${fx.secretOutgoingFile}`),
      bytes: true,
    },
    {
      name: 'GET /api/signatures/:fileId (incoming)',
      run: (c) => c.get(`/api/signatures/${fx.secretIncomingFile}`),
      bytes: true,
    },
    {
      name: 'GET /api/signatures/:fileId (outgoing)',
      run: (c) => c.get(`/api/signatures/${fx.secretOutgoingFile}`),
      bytes: true,
    },
    {
      name: 'POST /api/signing/sessions {fileId}',
      run: (c) => c.post('/api/signing/sessions', { fileId: fx.secretIncomingFile, certificate: cert }),
      bytes: true,
    },
    {
      name: 'POST /api/signing/sessions {sha256}',
      run: (c) => c.post('/api/signing/sessions', { sha256: shaIn, certificate: cert }),
      bytes: true,
    },
    {
      name: 'POST /api/signing/sessions {sha256 outgoing}',
      run: (c) => c.post('/api/signing/sessions', { sha256: shaOut, certificate: cert }),
      bytes: true,
    },
    {
      name: 'POST /api/signing/organ',
      run: (c) => c.post('/api/signing/organ', { fileId: fx.secretOutgoingFile }),
      bytes: true,
    },
    {
      name: 'POST /api/exchange/send',
      run: (c) =>
        c.post('/api/exchange/send', {
          fileId: fx.secretIncomingFile,
          confidentiality: 'thuong',
          subject: 'x',
          to: ['000.00.12.H29'],
        }),
      bytes: true,
    },
    {
      name: 'GET /api/incoming (search)',
      run: (c) => c.get(`/api/incoming?box=search&q=${encodeURIComponent('bảo vệ bí mật')}`),
    },
    {
      name: 'GET /api/incoming (register)',
      run: (c) => c.get(`/api/incoming?box=register&registerId=${fx.confidentialRegister}`),
    },
    { name: 'GET /api/outgoing', run: (c) => c.get('/api/outgoing?box=all') },
    { name: 'GET /api/outgoing-registers', run: (c) => c.get('/api/outgoing-registers') },
    {
      name: 'GET /api/outgoing-reports/register',
      run: (c) => c.get(`/api/outgoing-reports/register?registerId=${fx.confidentialOutgoingRegister}&year=2026`),
    },
    { name: 'GET /api/admin/audit', run: (c) => c.get('/api/admin/audit?pageSize=200') },
    { name: 'GET /api/notifications', run: (c) => c.get('/api/notifications') },
    { name: 'GET /api/search', run: (c) => c.get(`/api/search?q=${encodeURIComponent('bảo vệ')}`) },
    {
      name: 'GET /api/search (no diacritics)',
      run: (c) => c.get(`/api/search?q=${encodeURIComponent('bao ve bi mat')}`),
    },
    {
      name: 'GET /api/search/export.xlsx',
      run: (c) => readable(c.get(`/api/search/export.xlsx?q=${encodeURIComponent('bao ve')}`)),
    },
    {
      name: 'GET /api/search/export.pdf',
      run: (c) => readable(c.get(`/api/search/export.pdf?q=${encodeURIComponent('bao ve')}`)),
    },
    {
      name: 'GET /api/search/similar (of the Mật document)',
      run: (c) => c.get(`/api/search/similar?kind=incoming&id=${fx.secretIncoming}`),
    },
    {
      name: 'GET /api/search/similar (of a Thường document)',
      run: (c) => c.get(`/api/search/similar?kind=incoming&id=${fx.incoming}`),
    },
    { name: 'GET /api/workfiles/:id (file holding it)', run: (c) => c.get(`/api/workfiles/${secretFile}`) },
    {
      name: 'GET /api/workfiles/:id/export.pdf',
      run: (c) => readable(c.get(`/api/workfiles/${secretFile}/export.pdf`)),
    },
    { name: 'GET /api/workfiles/:id/export.xml', run: (c) => c.get(`/api/workfiles/${secretFile}/export.xml`) },
    {
      name: 'GET /api/workfiles/:id/documents/print',
      run: (c) => readable(c.get(`/api/workfiles/${secretFile}/documents/print`)),
    },
    {
      name: 'GET /api/workfiles/of-document',
      run: (c) => c.get(`/api/workfiles/of-document?kind=incoming&refId=${fx.secretIncoming}`),
    },
  ];
}

describe('clearance matrix (hole 1, acceptance 1)', () => {
  it('no role without the Mật grant gets bytes, subjects or listings of a Mật document; the cleared văn thư does', async () => {
    const [shaIn, shaOut] = [await sha256Of(fx.secretIncomingFile), await sha256Of(fx.secretOutgoingFile)];
    const leaks: string[] = [];
    const clerkSees: Record<Clearance, string[]> = { thuong: [], mat: [], toi_mat: [] };
    for (const clearance of ['thuong', 'mat', 'toi_mat'] as Clearance[]) {
      for (const [role, username] of Object.entries(ROLES)) {
        await sys.deps.db.updateTable('users').set({ clearance }).where('username', '=', username).execute();
        const c = await sys.login(username);
        for (const p of probes(shaIn, shaOut)) {
          const r = await p.run(c);
          const tag = `${role}/${clearance} ${p.name} → ${r.statusCode}`;
          if (r.statusCode >= 500) leaks.push(`${tag} (server error)`);
          const named = MARKERS.filter((m) => r.body.includes(m));
          const gotBytes = !!p.bytes && r.statusCode < 300;
          if (clearance === 'thuong' && (named.length || gotBytes))
            leaks.push(`${tag} ${named.join(',')}${gotBytes ? ' bytes/handle' : ''}`);
          if (role === 'clerk' && (named.length || gotBytes)) clerkSees[clearance].push(p.name);
        }
      }
    }
    expect(leaks).toEqual([]);
    // The positive side: cleared, the văn thư reads the Mật incoming document and its file.
    for (const cl of ['mat', 'toi_mat'] as Clearance[]) {
      expect(clerkSees[cl]).toEqual(
        expect.arrayContaining([
          'GET /api/incoming/:id',
          'GET /api/files (Mật incoming file)',
          'GET /api/search/export.xlsx',
          'GET /api/search/export.pdf',
          'GET /api/workfiles/:id (file holding it)',
          'GET /api/workfiles/:id/export.xml',
          'GET /api/workfiles/:id/export.pdf',
        ]),
      );
    }
    expect(clerkSees.thuong).toEqual([]);
    // Reads of the confidential items were recorded (who, what, when).
    const reads = await sys.deps.db
      .selectFrom('audit_events')
      .select(['action', 'entity_id'])
      .where('entity_id', 'in', [fx.secretIncomingFile, fx.secretIncoming])
      .execute();
    expect(reads.length).toBeGreaterThan(0);
  }, 55_000);
});
