import { PDFArray, PDFHexString, PDFObject, PDFRef, type PDFContext } from 'pdf-lib';
import { createHash } from 'node:crypto';
import { ascii } from './bytes';
import { concat } from '../cms/der';

export interface IncrementObject {
  ref: PDFRef;
  /** Serialized object body (between "obj" and "endobj"), or a pdf-lib object. */
  body: Uint8Array | PDFObject;
}

export interface IncrementInput {
  original: Uint8Array;
  objects: IncrementObject[];
  xref: 'table' | 'stream';
  prevStartXref: number;
  size: number; // /Size before the new xref stream object, if any
  root: PDFRef;
  info?: PDFObject;
  id?: PDFObject;
}

export interface IncrementOutput {
  bytes: Uint8Array;
  /** Offset of each written object's "N G obj" header. */
  offsets: Map<number, number>;
  /** Offset of each object's body (just after "obj\n"). */
  bodyOffsets: Map<number, number>;
}

export function serialize(obj: PDFObject): Uint8Array {
  const buf = new Uint8Array(obj.sizeInBytes());
  obj.copyBytesInto(buf, 0);
  return buf;
}

/** A deterministic file identifier when the original has none. */
export function defaultId(original: Uint8Array, context: PDFContext): PDFArray {
  const h = createHash('md5').update(original).digest('hex').toUpperCase();
  return context.obj([PDFHexString.of(h), PDFHexString.of(h)]);
}

function groupRuns(numbers: number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const n of numbers) {
    const last = runs[runs.length - 1];
    if (last && last[0] + last[1] === n) last[1]++;
    else runs.push([n, 1]);
  }
  return runs;
}

/** Appends objects plus a new cross-reference section and trailer to the original bytes. */
export function writeIncrement(input: IncrementInput): IncrementOutput {
  const parts: Uint8Array[] = [input.original];
  let length = input.original.length;
  const push = (b: Uint8Array): void => {
    parts.push(b);
    length += b.length;
  };
  const last = input.original[input.original.length - 1];
  if (last !== 0x0a && last !== 0x0d) push(ascii('\n'));
  const offsets = new Map<number, number>();
  const bodyOffsets = new Map<number, number>();
  const sorted = [...input.objects].sort((a, b) => a.ref.objectNumber - b.ref.objectNumber);
  for (const o of sorted) {
    offsets.set(o.ref.objectNumber, length);
    push(ascii(`${o.ref.objectNumber} ${o.ref.generationNumber} obj\n`));
    bodyOffsets.set(o.ref.objectNumber, length);
    push(o.body instanceof Uint8Array ? o.body : serialize(o.body));
    push(ascii('\nendobj\n'));
  }
  const trailerEntries = (size: number): string => {
    let t = `/Size ${size} /Root ${input.root.toString()}`;
    if (input.info) t += ` /Info ${input.info.toString()}`;
    if (input.id) t += ` /ID ${input.id.toString()}`;
    return `${t} /Prev ${input.prevStartXref}`;
  };
  const xrefOffset = length;
  if (input.xref === 'table') {
    let table = 'xref\n';
    for (const [start, count] of groupRuns(sorted.map((o) => o.ref.objectNumber))) {
      table += `${start} ${count}\n`;
      for (let i = 0; i < count; i++) {
        const o = sorted.find((s) => s.ref.objectNumber === start + i)!;
        table += `${String(offsets.get(start + i)).padStart(10, '0')} ${String(o.ref.generationNumber).padStart(5, '0')} n\r\n`;
      }
    }
    table += `trailer\n<< ${trailerEntries(input.size)} >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
    push(ascii(table));
  } else {
    const xrefNum = input.size;
    const entries = [
      ...sorted.map((o) => ({
        n: o.ref.objectNumber,
        off: offsets.get(o.ref.objectNumber)!,
        gen: o.ref.generationNumber,
      })),
      { n: xrefNum, off: xrefOffset, gen: 0 },
    ];
    const data = new Uint8Array(entries.length * 7);
    entries.forEach((e, i) => {
      const p = i * 7;
      data[p] = 1;
      data[p + 1] = (e.off >>> 24) & 0xff;
      data[p + 2] = (e.off >>> 16) & 0xff;
      data[p + 3] = (e.off >>> 8) & 0xff;
      data[p + 4] = e.off & 0xff;
      data[p + 5] = (e.gen >>> 8) & 0xff;
      data[p + 6] = e.gen & 0xff;
    });
    const index = groupRuns(entries.map((e) => e.n))
      .map(([s, c]) => `${s} ${c}`)
      .join(' ');
    const dict = `<< /Type /XRef ${trailerEntries(xrefNum + 1)} /W [1 4 2] /Index [${index}] /Length ${data.length} >>`;
    push(
      concat([
        ascii(`${xrefNum} 0 obj\n${dict}\nstream\n`),
        data,
        ascii(`\nendstream\nendobj\nstartxref\n${xrefOffset}\n%%EOF\n`),
      ]),
    );
  }
  return { bytes: concat(parts), offsets, bodyOffsets };
}
