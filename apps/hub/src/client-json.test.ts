import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { splitDataField } from './client-json';

describe('splitDataField', () => {
  it('returns the envelope and the decoded bytes, whatever the field order and size', () => {
    const bytes = randomBytes(9 * 1024 * 1024 + 7);
    const raw = Buffer.from(
      JSON.stringify({ data: bytes.toString('base64'), status: 'OK', ErrorCode: '0', ErrorDesc: 'Đã lấy' }),
    );
    const out = splitDataField(raw)!;
    expect(out.envelope).toEqual({ data: '', status: 'OK', ErrorCode: '0', ErrorDesc: 'Đã lấy' });
    expect(out.data.equals(bytes)).toBe(true);
    const spaced = Buffer.from('{ "status" : "OK", "data" : "aGVsbG8=" }');
    expect(splitDataField(spaced)!.data.toString()).toBe('hello');
  });

  it('declines escaped data and a quoted "data" inside another string', () => {
    expect(splitDataField(Buffer.from('{"status":"OK","data":"ab\\/cd"}'))).toBeNull();
    const tricky = Buffer.from(JSON.stringify({ ErrorDesc: 'x "data":"AAAA" y', status: 'FAIL' }));
    expect(splitDataField(tricky)).toBeNull();
  });
});
