// The disc viewer's speed in headless Chromium (issue 19 "Speed"): a CT series of N 512x512
// slices (16-bit, generated) authored onto a CD with `discus author`; measured from file://
//   - first image on screen after opening VIEWER/INDEX.HTM (the authoring-time preview);
//   - first full image after the disc folder is handed to the folder input (DICOMDIR parsed, the
//     file read and decoded, windowed, drawn);
//   - scrolling: images per second through the series, each step awaited until drawn and one
//     animation frame presented (so no faster than the display's refresh);
//   - the same on a password medium (STD-GEN-SEC-CD): first image after the password, scrolling
//     (each image's envelope opened in the page), RUNS times; and how many PBKDF2 salts its
//     envelopes carry (one per medium since Discus writes its own password recipient).
// Medians of RUNS page loads. Load (uptime) printed with the numbers.
//   node bench/viewer_bench.mjs DISCUS SOURCE_DIR [N=1000] [RUNS=3]
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';

const [discus, source, n = '1000', runs = '3'] = process.argv.slice(2);
const require = createRequire(join(source, 'viewer-autorun', 'package.json'));
const puppeteer = require('puppeteer-core');
const work = mkdtempSync(join(tmpdir(), 'viewer-bench-'));
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };

try {
  const gen = `import sys, numpy as np, pydicom
from pydicom.uid import generate_uid
src = pydicom.dcmread('/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm')
out, n = sys.argv[1], int(sys.argv[2])
series = generate_uid(entropy_srcs=['viewer-bench-series'])
y, x = np.mgrid[0:512, 0:512]
r = np.hypot(x - 256, y - 256)
for i in range(n):
    ds = src.copy()
    ds.SeriesInstanceUID = series
    ds.SOPInstanceUID = generate_uid(entropy_srcs=['viewer-bench', str(i)])
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.InstanceNumber = i + 1
    ds.Rows = ds.Columns = 512
    ds.SliceLocation = float(i)
    ds.WindowCenter, ds.WindowWidth = 40, 400
    body = np.where(r < 200 + 20 * np.sin(i / 30), 40 + (x * 3 + y + i) % 200 - 100, -1000)
    body = np.where(r < 60 + (i % 40), 700, body)
    ds.PixelData = (body - ds.RescaleIntercept).astype('<i2').tobytes() if ds.PixelRepresentation else (body + 1024).astype('<u2').tobytes()
    ds.save_as(f'{out}/CT{i:05d}.dcm', write_like_original=False)
`;
  const inputs = join(work, 'in');
  execFileSync('mkdir', ['-p', inputs]);
  let t = Date.now();
  execFileSync('/usr/bin/python3', ['-c', gen, inputs, n]);
  console.log(`generated ${n} CT slices (512x512, 16-bit) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  const cd = join(work, 'CD');
  t = Date.now();
  execFileSync(discus, ['--quiet', 'author', '--profile', 'STD-GEN-CD', '--out', cd, inputs], { stdio: ['ignore', 'ignore', 'pipe'] });
  console.log(`authored the CD in ${((Date.now() - t) / 1000).toFixed(1)} s`);

  const browser = await puppeteer.launch({ browser: 'chrome', executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu'], defaultViewport: { width: 1280, height: 860 } });
  const open = [], picked = [], fps = [];
  const secure = {};
  try {
    for (let k = 0; k < Number(runs); k++) {
      const page = await browser.newPage();
      await page.goto('file://' + join(cd, 'VIEWER', 'INDEX.HTM'));
      await page.waitForFunction(() => window.discusViewer.state().firstImageMs !== null, { timeout: 30000 });
      open.push(await page.evaluate(() => window.discusViewer.state().firstImageMs));
      const input = await page.$('[data-testid=folder-input]');
      const before = Date.now();
      await input.uploadFile(cd);
      await page.waitForFunction(() => window.discusViewer.state().loaded, { timeout: 60000, polling: 10 });
      picked.push(Date.now() - before);
      const steps = Math.min(300, Number(n) - 1);
      const ms = await page.evaluate(async (count) => {
        const t0 = performance.now();
        for (let i = 0; i < count; i++) {
          await window.discusViewer.step(1);
          await new Promise((r) => requestAnimationFrame(r));
        }
        return performance.now() - t0;
      }, steps);
      fps.push((steps * 1000) / ms);
      await page.close();
    }
    // The same slices on a password medium (STD-GEN-SEC-CD): from the password to the first
    // image (DICOMDIR opened, index built, first file opened and decoded), and scrolling, each
    // image's envelope opened in the page (one PBKDF2 per salt: Discus draws one per file today).
    const pw = join(work, 'pw');
    (await import('node:fs')).writeFileSync(pw, 'correct horse battery staple\n', { mode: 0o600 });
    const scd = join(work, 'SCD');
    t = Date.now();
    execFileSync(discus, ['--quiet', 'author', '--profile', 'STD-GEN-SEC-CD', '--password-file', pw, '--out', scd, inputs], { stdio: ['ignore', 'ignore', 'pipe'] });
    console.log(`authored the password CD in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    const salts = execFileSync('/usr/bin/python3', ['-c', `import sys, glob
pbkdf2 = bytes.fromhex('06092a864886f70d01050c')
salts = set()
for p in glob.glob(sys.argv[1] + '/DICOM/**', recursive=True) + [sys.argv[1] + '/DICOMDIR']:
    try: b = open(p, 'rb').read(4096)
    except IsADirectoryError: continue
    i = b.find(pbkdf2)
    if i >= 0: salts.add(b[i + 15:i + 15 + b[i + 14]])
print(len(salts))`, scd]).toString().trim();
    secure.salts = Number(salts);
    secure.first = []; secure.fps = [];
    for (let k = 0; k < Number(runs); k++) {
      const page = await browser.newPage();
      await page.goto('file://' + join(scd, 'VIEWER', 'INDEX.HTM'));
      await (await page.$('[data-testid=folder-input]')).uploadFile(scd);
      await page.waitForSelector('[data-testid=password]', { visible: true, timeout: 60000 });
      await page.type('[data-testid=password]', 'correct horse battery staple');
      const t0 = Date.now();
      await page.click('[data-testid=password-ok]');
      await page.waitForFunction(() => window.discusViewer.state().loaded, { timeout: 60000, polling: 10 });
      secure.first.push(Date.now() - t0);
      const steps = Math.min(100, Number(n) - 1);
      const ms = await page.evaluate(async (count) => {
        const t1 = performance.now();
        for (let i = 0; i < count; i++) { await window.discusViewer.step(1); await new Promise((r) => requestAnimationFrame(r)); }
        return performance.now() - t1;
      }, steps);
      secure.fps.push((steps * 1000) / ms);
      await page.close();
    }
  } finally {
    await browser.close();
  }
  const [l1] = loadavg();
  console.log(`password medium (${secure.salts} PBKDF2 salt(s) among its envelopes): first image median ${median(secure.first)} ms after the password (${secure.first.join(', ')}); scrolling median ${median(secure.fps).toFixed(1)} images/s (${secure.fps.map((x) => x.toFixed(1)).join(', ')})`);
  console.log(`first image after opening INDEX.HTM (preview): median ${median(open).toFixed(0)} ms (${open.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`first full image after the folder is picked (${n} files): median ${median(picked)} ms (${picked.join(', ')})`);
  console.log(`scrolling 512x512 CT: median ${median(fps).toFixed(1)} images/s (${fps.map((x) => x.toFixed(1)).join(', ')})`);
  console.log(`load average (1 min): ${l1.toFixed(2)} on ${(await import('node:os')).cpus().length} cores`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
