// Bundles the pades CLI into dist/pades.mjs (plain JavaScript: starts in a fraction of the time tsx needs to
// compile the TypeScript sources). bin/pades.mjs uses it when it is newer than every source file.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
// Chunk names carry a content hash: old ones would pile up.
fs.rmSync(path.join(root, 'dist/chunks'), { recursive: true, force: true });
await build({
  entryPoints: [path.join(root, 'src/cli-main.ts')],
  outdir: path.join(root, 'dist'),
  entryNames: 'pades',
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  minify: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Native modules and the PKCS#11 binding stay in node_modules.
  external: ['graphene-pk11', 'pkcs11js'],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});
