import { describe, expect, it } from 'vitest';
import { type PDFDict, PDFHexString, PDFParser, PDFRef } from 'pdf-lib';
import { Comparator } from './compare';
import { BoundedParser } from './parser';

const doc = (body: string) =>
  new TextEncoder().encode(`%PDF-1.7\n1 0 obj\n${body}\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`);
const parseWith = async (P: typeof PDFParser, body: string) => {
  const ctx = await new P(doc(body), Infinity, false, true).parseDocument();
  return ctx.lookup(PDFRef.of(1)) as PDFDict;
};

describe('BoundedParser reads hex strings like pdf-lib, faster', () => {
  const cases = [
    '<< /Contents <3082 0a0b\nFF> >>',
    '<< /A <> /B <0> /C <abc> >>',
    `<< /Contents <${'00'.repeat(40000)}> >>`,
  ];
  it.each(cases)('same value as pdf-lib for %#', async (body) => {
    const ours = await parseWith(BoundedParser, body);
    const theirs = await parseWith(PDFParser, body);
    for (const k of ours.keys())
      expect((ours.get(k) as PDFHexString).asString()).toBe((theirs.get(k) as PDFHexString).asString());
    expect(ours.keys().map(String)).toEqual(theirs.keys().map(String));
  });
  it('an unterminated hex string ends the same way as in pdf-lib', async () => {
    const bytes = new TextEncoder().encode('%PDF-1.7\n1 0 obj\n<< /Contents <3082');
    const outcome = (P: typeof PDFParser) =>
      new P(bytes, Infinity, false, true).parseDocument().then(
        (c) => `ok ${String(c.lookup(PDFRef.of(1)))}`,
        (e: Error) => `error ${e.constructor.name}`,
      );
    expect(await outcome(BoundedParser)).toBe(await outcome(PDFParser));
  });
});

describe('Comparator on hex strings', () => {
  const cmp = () => new Comparator(null as never, null as never, new Set());
  const hex = (s: string) => PDFHexString.of(s);
  it('equal bytes written differently are the same; a changed byte is not', () => {
    expect(cmp().same(hex('3082 0A0B'), hex('30820a0b'))).toBe(true);
    expect(cmp().same(hex('abc'), hex('ABC0'))).toBe(true);
    expect(cmp().same(hex('30820a0b'), hex('30820a0c'))).toBe(false);
    expect(cmp().same(hex('3082zz'), hex('3082'))).toBe(false);
  });
});
