/** PNG header facts needed for placing an image at its physical size. */
export interface PngInfo {
  width: number;
  height: number;
  /** Pixels per inch from the pHYs chunk, if it states metres. */
  dpi: number | null;
}

export function pngInfo(png: Uint8Array): PngInfo | null {
  if (png.length < 33 || png[0] !== 0x89 || png[1] !== 0x50) return null;
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  let dpi: number | null = null;
  let p = 8;
  while (p + 12 <= png.length) {
    const len = view.getUint32(p);
    const type = String.fromCharCode(png[p + 4]!, png[p + 5]!, png[p + 6]!, png[p + 7]!);
    if (type === 'pHYs' && len >= 9 && p + 17 <= png.length) {
      const ppm = view.getUint32(p + 8);
      if (png[p + 16] === 1 && ppm > 0) dpi = ppm * 0.0254;
    }
    if (type === 'IDAT' || type === 'IEND') break;
    p += 12 + len;
  }
  return { width, height, dpi };
}
