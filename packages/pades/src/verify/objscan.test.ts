import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { latin1 } from '../pdf/bytes';
import { scanObjHeaders } from './objscan';

const fixtures = new URL('../../../../../shared/fixtures/pdf-signatures/', import.meta.url);

function byRegex(bytes: Uint8Array, start: number, end: number, bounded: boolean): { num: number; at: number }[] {
  const text = latin1(bytes, start, end);
  const re = bounded ? /(?:^|[\s>\]])(\d{1,9})\s+\d{1,5}\s+obj\b/g : /(\d{1,9})\s+\d{1,5}\s+obj\b/g;
  return [...text.matchAll(re)].map((m) => ({ num: Number(m[1]), at: start + m.index + m[0].indexOf(m[1]!) }));
}

describe('scanObjHeaders', () => {
  it('finds what the regular expressions find, in the DSS fixtures (whole and sliced) and tricky texts', () => {
    const samples = readdirSync(fixtures)
      .filter((f) => f.endsWith('.pdf'))
      .map((f) => new Uint8Array(readFileSync(new URL(f, fixtures))));
    const tricky = [
      '1 0 obj',
      ' 12 0 obj<<',
      'x4123 0 obj',
      '1234567890 0 obj',
      '5 0 objx 6 0 obj',
      '7  0\r\nobj',
      '8 123456 obj',
      '>9 0 obj',
      ']10 0 obj',
      'a11 0 obj',
      '1 0 obj 2 0 obj',
      '3 0  obj_',
      '\xa04\xa00\xa0obj',
      '13 0 obj\n14 0 obj',
      'obj 0 obj',
      '00015 00000 obj',
    ];
    for (const s of [...samples, ...tricky.map((t) => new Uint8Array(Buffer.from(t, 'latin1')))]) {
      for (const bounded of [false, true]) {
        expect(scanObjHeaders(s, 0, s.length, bounded)).toEqual(byRegex(s, 0, s.length, bounded));
        if (s.length > 1000) {
          const a = Math.floor(s.length / 3);
          const b = Math.floor((2 * s.length) / 3);
          expect(scanObjHeaders(s, a, b, bounded)).toEqual(byRegex(s, a, b, bounded));
        }
      }
    }
  });
});
