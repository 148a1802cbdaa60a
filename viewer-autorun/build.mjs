// Builds the disc viewer into dist/ with 8.3 upper-case names (ISO 9660 level 1, PS3.12):
// INDEX.HTM, APP.JS (one classic script: file:// pages may not load modules), APP.CSS.
// WebAssembly codecs are embedded in APP.JS as bytes (esbuild's binary loader), never fetched.
//   node build.mjs [OUTDIR]
import * as esbuild from 'esbuild';
import { mkdirSync, copyFileSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2] || join(here, 'dist');
mkdirSync(out, { recursive: true });
await esbuild.build({
  entryPoints: [join(here, 'src/app.js')],
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['chrome100', 'firefox100', 'safari15'],
  minify: true,
  legalComments: 'eof',
  loader: { '.wasm': 'binary' },
  // Emscripten's glue names Node modules in branches a browser never takes.
  external: ['fs', 'path', 'crypto', 'url', 'module', 'worker_threads'],
  outfile: join(out, 'APP.JS'),
  logLevel: 'warning',
});
copyFileSync(join(here, 'src/index.html'), join(out, 'INDEX.HTM'));
copyFileSync(join(here, 'src/app.css'), join(out, 'APP.CSS'));
let total = 0;
for (const f of ['INDEX.HTM', 'APP.JS', 'APP.CSS']) total += statSync(join(out, f)).size;
const budget = 4 * 1024 * 1024;
console.log(`viewer: ${out} ${(total / 1024).toFixed(0)} KiB (budget ${budget / 1024} KiB)`);
if (total > budget) { console.error('viewer: over the 4 MB size budget'); process.exit(1); }
