import fs from 'node:fs';

/**
 * Serif fonts with the full Vietnamese repertoire (ố, ư, ợ… of Latin Extended Additional), Times-New-Roman
 * metrics first: Liberation 2.x (Debian fonts-liberation2), else DejaVu Serif (fonts-dejavu-core).
 * Liberation 1.x (Debian fonts-liberation) lacks some of those glyphs, so it comes last.
 */
const CANDIDATES: [string, string][] = [
  [
    '/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf',
    '/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf',
  ],
  ['/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf'],
  [
    '/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf',
    '/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf',
  ],
];

/** [regular, bold] font files for PDFs written by the server (registers, reports, number/date stamps). */
export const SERIF_FONTS: [string, string] =
  CANDIDATES.find(([r, b]) => fs.existsSync(r) && fs.existsSync(b)) ?? CANDIDATES[2]!;
