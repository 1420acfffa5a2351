import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildEdoc, parseEdxml } from '@vanthu/edxml';
import { DiskBlobStore } from '../blobs';
import type { Deps } from '../../deps';
import { blobSink } from './exchange.sink';
import { tinyPdf } from './exchange.testing';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-sink-'));
const deps = { blobs: new DiskBlobStore(dir) } as unknown as Deps;
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('attachment sink into the blob store', () => {
  it('stores large attachments whole (backpressure) and reports a refused type without failing the package', async () => {
    const big = tinyPdf('big', 1024 * 1024);
    const odd = Buffer.from('plain text is not an accepted file type '.repeat(5000));
    const pkg = buildEdoc(
      {
        messageHeader: {
          from: { organId: '000.00.00.G09' },
          to: [{ organId: '000.00.12.H29' }],
          code: { codeNumber: '1', codeNotation: 'BNV-VP' },
          subject: 's',
        },
      },
      [
        { name: 'a.pdf', contentType: 'application/pdf', source: big },
        { name: 'b.txt', contentType: 'text/plain', source: odd },
      ],
    );
    const { sink, settle } = blobSink(deps, 50 * 1024 * 1024);
    const parsed = await parseEdxml(pkg, { attachmentSink: sink });
    expect(parsed.kind).toBe('edoc');
    const out = await settle();
    expect(out.get('0')).toMatchObject({ error: null, put: { sha256: sha(big), size: big.length, kind: 'pdf' } });
    expect(fs.readFileSync(deps.blobs.path!(sha(big))).equals(big)).toBe(true);
    expect(out.get('1')).toMatchObject({ put: null, error: 'blobs.type_forbidden' });
  });
});
