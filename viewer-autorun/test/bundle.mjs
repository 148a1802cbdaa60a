// Bundles src/lib.js for Node (WebAssembly embedded as in the page) and imports it.
import * as esbuild from 'esbuild';
import { mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export async function loadLib() {
  const out = join(here, '..', 'dist-test', 'lib.cjs');
  mkdirSync(dirname(out), { recursive: true });
  await esbuild.build({ entryPoints: [join(here, '../src/lib.js')], bundle: true, format: 'cjs', platform: 'node', target: 'node18',
    loader: { '.wasm': 'binary' }, outfile: out, logLevel: 'error' });
  return import(pathToFileURL(out).href);
}
