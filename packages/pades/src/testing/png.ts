/** Test images (signature strokes, seals) drawn with the package's PNG encoder. */
import { encodePng } from '../pdf/png-encode';
export { encodePng, type Pixel } from '../pdf/png-encode';

/** A blue "handwritten" stroke on a transparent background. */
export function signatureImage(width = 300, height = 120): Uint8Array {
  return encodePng(width, height, (x, y) => {
    const curve = height / 2 + Math.sin(x / 18) * (height / 4);
    return Math.abs(y - curve) < 6 ? [20, 40, 200, 255] : [0, 0, 0, 0];
  });
}

/** A red round seal (filled ring) on a transparent background. */
export function sealImage(size = 400, dpi = 300): Uint8Array {
  const c = size / 2;
  return encodePng(
    size,
    size,
    (x, y) => {
      const d = Math.hypot(x - c, y - c);
      return d < c - 2 && (d > c * 0.8 || d < c * 0.3) ? [220, 20, 30, 255] : [0, 0, 0, 0];
    },
    dpi,
  );
}
