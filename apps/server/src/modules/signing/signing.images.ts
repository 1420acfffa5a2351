/** Demo signature and seal images (PNG, transparent background): blue strokes per person, a red round seal per organ. */
import { createHash } from 'node:crypto';
import { encodePng } from '@vanthu/pades';

/** A blue "handwritten" flourish, shaped by the person's name (stable per name). */
export function demoSignatureImage(name: string, width = 360, height = 140): Uint8Array {
  const h = createHash('sha256').update(name).digest();
  const a1 = 18 + (h[0]! % 20);
  const f1 = 0.025 + (h[1]! % 10) / 400;
  const f2 = 0.06 + (h[2]! % 10) / 300;
  const curve = (x: number) =>
    height / 2 + a1 * Math.sin(x * f1 + h[3]! / 40) + 12 * Math.sin(x * f2) - (x / width) * 20;
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
      const text =
        r > c * 0.68 &&
        r < c - 16 &&
        Math.floor(((ang + Math.PI) / (2 * Math.PI)) * 48) % 2 === 0 &&
        Math.abs(r - c * 0.83) < 10;
      return ring || star || text ? [210, 20, 30, 235] : [0, 0, 0, 0];
    },
    300,
  );
}
