// The viewer's parser, decoders and display pipeline against the reference renderer:
// every pixel within one grey level of `discus render` (PS3.3 C.11), for pydicom's test files in
// every encoding the viewer decodes without a browser (JPEG Baseline needs the page's decoder and
// is covered by the browser tests). DISCUS names the discus binary, PYDICOM_FILES the folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { loadLib } from './bundle.mjs';
import { readPng } from './png.mjs';

const discus = process.env.DISCUS || new URL('../../build/release/src/discus', import.meta.url).pathname;
const files = process.env.PYDICOM_FILES || '/usr/lib/python3/dist-packages/pydicom/data/test_files';
const lib = await loadLib();

const CASES = [
  ['CT_small.dcm', null], ['CT_small.dcm', [40, 400]], ['CT_small.dcm', [-600, 1500]],
  ['MR_small.dcm', null], ['MR_small_RLE.dcm', null], ['MR_small_jp2klossless.dcm', null],
  ['MR_small_jpeg_ls_lossless.dcm', null], ['MR_small_bigendian.dcm', null], ['MR_small_implicit.dcm', [600, 1200]],
  ['MR_small_expb.dcm', null], ['MR_small_padded.dcm', null], ['JPEG2000.dcm', null], ['693_J2KI.dcm', null],
  ['SC_rgb_rle.dcm', null], ['SC_rgb_rle_16bit.dcm', null], ['SC_rgb_small_odd.dcm', null],
  ['SC_ybr_full_422_uncompressed.dcm', null], ['rtdose.dcm', null, 3], ['rtdose_rle.dcm', null, 2], ['liver_1frame.dcm', null],
  ['ExplVR_BigEnd.dcm', null], ['SC_rgb_rle_2frame.dcm', null, 1], ['GDCMJ2K_TextGBR.dcm', null],
];

const work = mkdtempSync(join(tmpdir(), 'viewer-oracle-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

for (const [name, win, frame = 0] of CASES) {
  test(`${name}${win ? ` window ${win}` : ''}${frame ? ` frame ${frame + 1}` : ''} matches discus render`, { skip: !existsSync(join(files, name)) && 'not installed' }, async () => {
    const png = join(work, `${name}.${frame}.png`);
    const args = ['render', '--frame', String(frame + 1)];
    if (win) args.push('--window', `${win[0]},${win[1]}`);
    execFileSync(discus, [...args, join(files, name), png], { stdio: 'pipe' });
    const ref = readPng(readFileSync(png));
    const ds = lib.parseDicom(new Uint8Array(readFileSync(join(files, name))));
    const info = lib.imageInfo(ds);
    const { samples, info: out } = await lib.decodeFrame(ds, info, frame);
    const p = lib.displayParams(ds, frame);
    const w = win ? { center: win[0], width: win[1] } : p.windows[0] || null;
    const rgba = new Uint8ClampedArray(info.rows * info.columns * 4);
    const palette = out.photometric === 'PALETTE COLOR' ? lib.paletteFrom(ds) : null;
    lib.renderRGBA(samples, out, p, lib.isGrayscale(out) ? w : null, rgba, palette);
    assert.equal(ref.width, info.columns);
    assert.equal(ref.height, info.rows);
    let worst = 0, at = -1;
    for (let i = 0; i < info.rows * info.columns; i++) {
      for (let c = 0; c < 3; c++) {
        const r = ref.pixels[i * ref.channels + (ref.channels >= 3 ? c : 0)];
        const d = Math.abs(r - rgba[i * 4 + c]);
        if (d > worst) { worst = d; at = i; }
      }
    }
    assert.ok(worst <= 1, `${name}: pixel ${at % info.columns},${Math.floor(at / info.columns)} differs by ${worst} grey levels`);
  });
}

// Overlays (PS3.3 C.9.2) burnt in as `discus render --overlays` does: two planes made here (one
// with a negative origin, partly outside the image) on pydicom's CT.
test('overlay planes match discus render --overlays', async () => {
  const file = join(work, 'overlay.dcm');
  const py = `import sys, numpy as np, pydicom
ds = pydicom.dcmread(sys.argv[1])
def plane(rows, cols, fn):
    bits = np.array([[fn(r, c) for c in range(cols)] for r in range(rows)], dtype=np.uint8).ravel()
    return np.packbits(bits, bitorder='little').tobytes()
for g, (rows, cols, origin, fn) in {0x6000: (128, 128, [1, 1], lambda r, c: (r // 8 + c // 8) % 2 == 0 and r > 20),
                                     0x6002: (40, 50, [-5, 100], lambda r, c: r == c or r + c == 39)}.items():
    ds.add_new((g, 0x0010), 'US', rows); ds.add_new((g, 0x0011), 'US', cols)
    ds.add_new((g, 0x0040), 'CS', 'G'); ds.add_new((g, 0x0050), 'SS', origin)
    ds.add_new((g, 0x0100), 'US', 1); ds.add_new((g, 0x0102), 'US', 0)
    data = plane(rows, cols, fn)
    ds.add_new((g, 0x3000), 'OW', data + (b'\\0' if len(data) % 2 else b''))
ds.save_as(sys.argv[2])`;
  execFileSync('/usr/bin/python3', ['-c', py, join(files, 'CT_small.dcm'), file]);
  const png = join(work, 'overlay.png');
  execFileSync(discus, ['render', '--overlays', file, png], { stdio: 'pipe' });
  const ref = readPng(readFileSync(png));
  const ds = lib.parseDicom(new Uint8Array(readFileSync(file)));
  const info = lib.imageInfo(ds);
  const { samples, info: out } = await lib.decodeFrame(ds, info, 0);
  const p = lib.displayParams(ds, 0);
  const rgba = new Uint8ClampedArray(info.rows * info.columns * 4);
  lib.renderRGBA(samples, out, p, p.windows[0] || null, rgba, null);
  assert.equal(lib.burnOverlays(ds, 0, info.columns, info.rows, rgba), 2);
  let worst = 0, white = 0;
  for (let i = 0; i < info.rows * info.columns; i++) {
    worst = Math.max(worst, Math.abs(ref.pixels[i * ref.channels] - rgba[i * 4]));
    white += rgba[i * 4] === 255 ? 1 : 0;
  }
  assert.ok(white > 1000, `the overlays are drawn (${white} white pixels)`);
  assert.ok(worst <= 1, `overlay rendering differs from discus render by ${worst} grey levels`);
});
