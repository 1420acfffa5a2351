/** Demo signature and seal images (PNG, transparent background): blue strokes per person, a red round seal per organ. */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Uint8Array): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

type Pixel = (x: number, y: number) => [number, number, number, number];

export function encodePng(width: number, height: number, pixel: Pixel, dpi?: number): Uint8Array {
  const row = width * 4 + 1;
  const raw = Buffer.alloc(row * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * row + 1 + x * 4;
      const [r, g, b, a] = pixel(x, y);
      raw[p] = r;
      raw[p + 1] = g;
      raw[p + 2] = b;
      raw[p + 3] = a;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr)];
  if (dpi) {
    const phys = Buffer.alloc(9);
    const ppm = Math.round(dpi / 0.0254);
    phys.writeUInt32BE(ppm, 0);
    phys.writeUInt32BE(ppm, 4);
    phys[8] = 1;
    parts.push(chunk('pHYs', phys));
  }
  parts.push(chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array()));
  return new Uint8Array(Buffer.concat(parts));
}

/** A blue "handwritten" flourish, shaped by the person's name (stable per name). */
export function demoSignatureImage(name: string, width = 360, height = 140): Uint8Array {
  const h = createHash('sha256').update(name).digest();
  const a1 = 18 + (h[0]! % 20);
  const f1 = 0.025 + (h[1]! % 10) / 400;
  const f2 = 0.06 + (h[2]! % 10) / 300;
  const curve = (x: number) => height / 2 + a1 * Math.sin(x * f1 + h[3]! / 40) + 12 * Math.sin(x * f2) - (x / width) * 20;
  return encodePng(width, height, (x, y) => {
    const inside = x > 12 && x < width - 12;
    const d1 = Math.abs(y - curve(x));
    const d2 = Math.abs(y - (height * 0.72 - (x - width * 0.2) * 0.12));
    const on = inside && (d1 < 2.6 || (x > width * 0.2 && x < width * 0.85 && d2 < 1.6));
    return on ? [20, 50, 180, 255] : [0, 0, 0, 0];
  });
}

/** A red round seal (ring, inner ring, star) at 300 dpi: about 3.4 cm across, like a real seal. */
export function demoSealImage(size = 400): Uint8Array {
  const c = size / 2;
  return encodePng(
    size,
    size,
    (x, y) => {
      const r = Math.hypot(x - c, y - c);
      const ring = (r > c - 10 && r < c - 2) || (r > c * 0.62 && r < c * 0.62 + 5);
      const ang = Math.atan2(y - c, x - c);
      const star = r < c * 0.35 * (0.55 + 0.45 * Math.abs(Math.cos((5 * ang) / 2)));
      const text = r > c * 0.68 && r < c - 16 && Math.floor(((ang + Math.PI) / (2 * Math.PI)) * 48) % 2 === 0 && Math.abs(r - c * 0.83) < 10;
      return ring || star || text ? [210, 20, 30, 235] : [0, 0, 0, 0];
    },
    300,
  );
}
