// The disc viewer in real browsers (issue 19 "Must show"): media authored by `discus author` from
// pydicom's test files, VIEWER/INDEX.HTM opened from file:// in headless Chromium (Debian's
// /usr/bin/chromium) and Firefox ESR (WebDriver BiDi), both driven by puppeteer-core from
// viewer-autorun/node_modules. Checks: every study listed from the authoring-time data; the disc
// folder handed to the folder input (the path that reads the real DICOM files); a CT image after a
// window/level drag equal, within one grey level, to `discus render --window C,W` of that file
// (canvas read back); a JPEG Lossless DVD (STD-GEN-DVD-JPEG; STD-GEN-CD allows no compression) and
// a JPEG 2000 DVD display, their pixels against
// `discus render` too; a password medium (STD-GEN-SEC-CD) opens with the right password and says
// "wrong password" otherwise; a CD of reports shows pydicom's test-SR.dcm as text and an
// Encapsulated PDF (made by dcmtk's pdf2dcm) in the browser's PDF viewer, the very bytes (SHA-256);
// the CD's IHE PDI Web Content (--web-content): INDEX.HTM's links followed to every series page,
// every JPEG decoded at its stated size. Screenshots go to viewer-autorun/screenshots/.
//   node tests/browser/viewer_browser_test.mjs DISCUS SOURCE_DIR [chromium|firefox|all [SCREENSHOT_DIR]]
// Exit 77 (skipped) when no browser is installed.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, rmSync, readFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { readPng } from '../../viewer-autorun/test/png.mjs';
import { makePdf } from '../../viewer-autorun/test/pdf.mjs';

const [discus, source, which = 'all', shotsDir] = process.argv.slice(2);
if (!discus || !source) { console.error('usage: viewer_browser_test.mjs DISCUS SOURCE_DIR [chromium|firefox|all [SCREENSHOT_DIR]]'); process.exit(2); }
const require = createRequire(join(source, 'viewer-autorun', 'package.json'));
let puppeteer;
try { puppeteer = require('puppeteer-core'); } catch (e) {
  console.log(`SKIP: puppeteer-core is not installed (build the discus_viewer target: it runs npm ci): ${e.message}`);
  process.exit(77);
}
const PYDICOM = '/usr/lib/python3/dist-packages/pydicom/data/test_files';
const BROWSERS = {
  chromium: { browser: 'chrome', executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--force-device-scale-factor=1'] },
  firefox: { browser: 'firefox', executablePath: '/usr/bin/firefox-esr', args: [] },
};
// ctest writes them into the build tree; run by hand without SCREENSHOT_DIR to refresh the
// committed ones in viewer-autorun/screenshots/.
const shots = shotsDir || join(source, 'viewer-autorun', 'screenshots');
mkdirSync(shots, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'viewer-browser-'));
let failures = 0, passes = 0;
const check = (ok, what) => {
  if (ok) { passes++; console.log(`ok: ${what}`); } else { failures++; console.log(`FAILED: ${what}`); }
};

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true }).filter((d) => d.isFile()).map((d) => join(d.parentPath || d.path, d.name));
}

function author(name, profile, extra, inputs) {
  const out = join(work, name);
  execFileSync(discus, ['--quiet', 'author', '--profile', profile, '--institution', 'Browser test', '--out', out, ...extra, ...inputs],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  return out;
}

// pydicom's FileSet reads the DICOMDIR: the studies and their instances as an outside reader sees them.
function studiesByPydicom(fs) {
  const py = `import sys, json, pydicom
from pydicom.fileset import FileSet
s = {}
for inst in FileSet(pydicom.dcmread(sys.argv[1] + '/DICOMDIR')):
    ds = inst.load()
    s.setdefault(ds.StudyInstanceUID, []).append({'path': inst.path, 'modality': ds.Modality, 'ts': ds.file_meta.TransferSyntaxUID})
print(json.dumps(s))`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', py, fs]).toString());
}

function reference(file, win) {
  const png = join(work, `ref-${Math.random().toString(36).slice(2)}.png`);
  const args = ['render'];
  if (win) args.push('--window', `${win.center},${win.width}`);
  execFileSync(discus, [...args, file, png], { stdio: 'pipe' });
  return readPng(readFileSync(png));
}

async function canvasImage(page) {
  return page.evaluate(() => {
    const v = window.discusViewer.view();
    const c = document.querySelector('[data-testid=viewport]');
    const d = c.getContext('2d').getImageData(v.x, v.y, v.width, v.height);
    return { width: v.width, height: v.height, scale: v.scale, pixels: Array.from(d.data) };
  });
}

function worstDifference(img, ref) {
  if (img.width !== ref.width || img.height !== ref.height) return Infinity;
  let worst = 0;
  for (let i = 0; i < img.width * img.height; i++)
    for (let c = 0; c < 3; c++) {
      const r = ref.pixels[i * ref.channels + (ref.channels >= 3 ? c : 0)];
      worst = Math.max(worst, Math.abs(r - img.pixels[i * 4 + c]));
    }
  return worst;
}

async function waitLoaded(page, sop) {
  await page.waitForFunction((uid) => {
    const s = window.discusViewer.state();
    return (s.loaded && (!uid || s.sopInstanceUID === uid)) || s.error;
  }, { timeout: 20000 }, sop || null);
  return page.evaluate(() => window.discusViewer.state());
}

async function openMedium(page, fs) {
  await page.goto('file://' + join(fs, 'VIEWER', 'INDEX.HTM'));
  await page.waitForSelector('[data-testid=study-list] [data-testid=study]', { timeout: 10000 });
}

async function pickFolder(page, fs, kind) {
  const started = Date.now();
  if (kind === 'firefox') {
    // Firefox's WebDriver BiDi input.setFiles takes no folder ("Is directory"): the DICOM files
    // go to the files input, and the viewer finds them by their headers instead of File IDs.
    const input = await page.$('[data-testid=files-input]');
    await input.uploadFile(...listFiles(join(fs, 'DICOM')));
  } else {
    // Chromium takes the folder itself for a webkitdirectory input (files with webkitRelativePath).
    const input = await page.$('[data-testid=folder-input]');
    await input.uploadFile(fs);
  }
  const s = await waitLoaded(page);
  return { state: s, ms: Date.now() - started, kind };
}

// Shows the study whose series holds `modality` and returns {state, fileId}.
async function showStudy(page, studyUid) {
  const items = await page.$$('[data-testid=study]');
  for (const li of items) {
    if ((await li.evaluate((e) => e.dataset.uid)) === studyUid) { await li.click(); break; }
  }
  await page.waitForFunction((uid) => window.discusViewer.state().study === uid, { timeout: 10000 }, studyUid);
  return waitLoaded(page);
}

async function run(name) {
  const cfg = BROWSERS[name];
  if (!existsSync(cfg.executablePath)) { console.log(`SKIP ${name}: ${cfg.executablePath} is not installed`); return false; }
  const browser = await puppeteer.launch({ browser: cfg.browser, executablePath: cfg.executablePath, headless: true, args: cfg.args,
    defaultViewport: { width: 1280, height: 860, hasTouch: name === 'chromium' }, protocol: name === 'firefox' ? 'webDriverBiDi' : undefined });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));

    // 1. The CD: every study listed before anything is picked.
    const studies = studiesByPydicom(cd);
    await openMedium(page, cd);
    const listed = await page.$$eval('[data-testid=study]', (els) => els.map((e) => e.dataset.uid));
    check(Object.keys(studies).every((u) => listed.includes(u)) && listed.length === Object.keys(studies).length,
      `${name}: CD lists every study (${listed.length} of ${Object.keys(studies).length}) from VIEWER/DATA`);
    await page.screenshot({ path: join(shots, `${name}-cd-index.png`) });

    // 1b. The same CD as a Linux mount may show it, every name in lower case (map=normal).
    const lower = join(work, `lower-${name}`);
    execFileSync('cp', ['-r', cd, lower]);
    execFileSync('sh', ['-c', 'cd "$1" && find . -depth -mindepth 1 | while read -r p; do d=$(dirname "$p"); b=$(basename "$p"); l=$(echo "$b" | tr A-Z a-z); [ "$b" = "$l" ] || mv "$p" "$d/$l"; done', 'sh', lower]);
    await page.goto('file://' + join(lower, 'viewer', 'index.htm'));
    await page.waitForSelector('[data-testid=study-list] [data-testid=study]', { timeout: 10000 });
    const lowerListed = await page.$$('[data-testid=study]');
    check(lowerListed.length === Object.keys(studies).length, `${name}: a lower-case copy of the CD (Linux map=normal) lists every study too`);
    await openMedium(page, cd);

    // 2. The real files: the disc folder handed to the folder input.
    const picked = await pickFolder(page, cd, name);
    check(picked.state.loaded && !picked.state.error, `${name}: the ${name === 'firefox' ? 'files' : 'folder'} input reads the DICOM files (first image ${picked.ms} ms after the pick)${picked.state.error ? ': ' + picked.state.error : ''}`);

    // 3. CT: window/level by a mouse drag, then the canvas against discus render with that window.
    const ctUid = Object.keys(studies).find((u) => studies[u].some((i) => i.modality === 'CT' && i.ts === '1.2.840.10008.1.2.1'));
    let s = await showStudy(page, ctUid);
    await page.click('#actual');
    const box = await (await page.$('[data-testid=viewport]')).boundingBox();
    const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    await page.mouse.move(cx + 80, cy + 40, { steps: 8 });
    await page.mouse.up();
    const after = await page.evaluate(() => window.discusViewer.state());
    check(after.windowWidth !== s.windowWidth || after.windowCenter !== s.windowCenter,
      `${name}: the drag changed the window (${s.windowCenter},${s.windowWidth} -> ${after.windowCenter.toFixed(2)},${after.windowWidth.toFixed(2)})`);
    const fileId = await page.evaluate(() => {
      const st = window.DISCUS_MEDIUM;  // the authoring-time index names the same File IDs
      const s = window.discusViewer.state();
      for (const p of st.patients) for (const t of p.studies) for (const se of t.series) for (const i of se.instances) if (i.uid === s.sopInstanceUID) return i.fileId;
      return null;
    });
    const ref = reference(join(cd, fileId), { center: after.windowCenter, width: after.windowWidth });
    const img = await canvasImage(page);
    const worst = worstDifference(img, ref);
    check(img.scale === 1 && worst <= 1, `${name}: CT ${fileId} after the drag matches discus render --window ${after.windowCenter.toFixed(2)},${after.windowWidth.toFixed(2)} (worst ${worst} grey levels)`);
    await page.screenshot({ path: join(shots, `${name}-cd-ct.png`) });
    if (name === 'chromium') {
      // A finger drag does what the mouse drag did (pointer events of type touch).
      await page.touchscreen.touchStart(cx, cy);
      await page.touchscreen.touchMove(cx - 40, cy - 20);
      await page.touchscreen.touchMove(cx - 80, cy - 40);
      await page.touchscreen.touchEnd();
      const touched = await page.evaluate(() => window.discusViewer.state());
      check(touched.windowWidth < after.windowWidth && touched.windowCenter < after.windowCenter,
        `${name}: a touch drag sets window/level too (${after.windowCenter.toFixed(1)},${after.windowWidth.toFixed(1)} -> ${touched.windowCenter.toFixed(1)},${touched.windowWidth.toFixed(1)})`);
    }

    // 4. Compressed media: JPEG Lossless on a CD, JPEG 2000 on a DVD.
    for (const [label, fs, ts] of [['dvd-jpeg-lossless', dvdJpeg, '1.2.840.10008.1.2.4.70'], ['dvd-j2k', dvdJ2k, '1.2.840.10008.1.2.4.90']]) {
      const st = studiesByPydicom(fs);
      await openMedium(page, fs);
      await pickFolder(page, fs, name);
      const uid = Object.keys(st).find((u) => st[u].some((i) => i.ts === ts));
      const inst = st[uid].find((i) => i.ts === ts);
      s = await showStudy(page, uid);
      await page.click('#actual');
      await page.waitForFunction(() => window.discusViewer.view().scale === 1);
      const fid = await page.evaluate(() => {
        const s = window.discusViewer.state();
        for (const p of window.DISCUS_MEDIUM.patients) for (const t of p.studies) for (const se of t.series) for (const i of se.instances) if (i.uid === s.sopInstanceUID) return i.fileId;
        return null;
      });
      const tsOf = st[uid].find((i) => i.path.replace(/\\/g, '/').toUpperCase().endsWith(fid.toUpperCase()));
      const r = reference(join(fs, fid), s.windowWidth ? { center: s.windowCenter, width: s.windowWidth } : null);
      const im = await canvasImage(page);
      const w = worstDifference(im, r);
      check(!s.error && w <= 1 && tsOf && tsOf.ts === ts,
        `${name}: ${label} medium displays ${fid} (${tsOf ? tsOf.ts : '?'}; worst ${w} grey levels against discus render)${s.error ? ': ' + s.error : ''}${inst ? '' : ''}`);
      await page.screenshot({ path: join(shots, `${name}-${label}.png`) });
    }
    // 5. A password medium (STD-GEN-SEC-CD): nothing listed in clear; a wrong password is said to
    // be one; the right one opens the DICOMDIR and the CT, whose pixels are the source's.
    await page.goto('file://' + join(secureCd, 'VIEWER', 'INDEX.HTM'));
    const before = await page.$$('[data-testid=study]');
    check(before.length === 0, `${name}: the secure medium lists nothing before the password`);
    const input = name === 'firefox' ? await page.$('[data-testid=files-input]') : await page.$('[data-testid=folder-input]');
    if (name === 'firefox') await input.uploadFile(...listFiles(join(secureCd, 'DICOM'))); else await input.uploadFile(secureCd);
    await page.waitForSelector('[data-testid=password]', { visible: true, timeout: 10000 });
    await page.type('[data-testid=password]', 'not the password at all');
    await page.click('[data-testid=password-ok]');
    await page.waitForFunction(() => !document.querySelector('[data-testid=error]').hidden, { timeout: 10000 });
    const wrong = await page.$eval('[data-testid=error]', (e) => e.textContent);
    check(wrong === 'wrong password', `${name}: a wrong password says "${wrong}"`);
    await page.screenshot({ path: join(shots, `${name}-secure-wrong-password.png`) });
    await page.$eval('[data-testid=password]', (e) => { e.value = ''; });
    await page.type('[data-testid=password]', PASSWORD);
    const t0 = Date.now();
    await page.click('[data-testid=password-ok]');
    // The "wrong password" message stays until this one is checked: wait for the image itself.
    await page.waitForFunction(() => window.discusViewer.state().loaded, { timeout: 20000 });
    const sec = await page.evaluate(() => window.discusViewer.state());
    const secMs = Date.now() - t0;
    const secList = await page.$$eval('[data-testid=study]', (els) => els.map((e) => e.dataset.uid));
    check(sec.loaded && !sec.error && secList.length === 2, `${name}: the right password lists ${secList.length} studies and shows an image ${secMs} ms after it is given${sec.error ? ': ' + sec.error : ''}`);
    const ctStudy = secList.find((u) => u === CT_STUDY);
    const s2 = await showStudy(page, ctStudy);
    await page.click('#actual');
    await page.waitForFunction(() => window.discusViewer.view().scale === 1);
    const rs = reference(join(PYDICOM, 'CT_small.dcm'), s2.windowWidth ? { center: s2.windowCenter, width: s2.windowWidth } : null);
    const ws = worstDifference(await canvasImage(page), rs);
    check(ws <= 1, `${name}: the decrypted CT matches discus render of the source (worst ${ws} grey levels)`);
    await page.screenshot({ path: join(shots, `${name}-secure.png`) });
    // 6. Reports: an SR shown as text, an Encapsulated PDF in the browser's own PDF viewer.
    await openMedium(page, reportsCd);
    const srStudy = await page.$$eval('[data-testid=study]', (els, uid) => els.find((e) => e.dataset.uid === uid) ? uid : null, SR_STUDY);
    check(srStudy === SR_STUDY, `${name}: the reports CD lists the SR study before the folder is picked`);
    await pickFolder(page, reportsCd, name);
    const sr = await showStudy(page, SR_STUDY);
    const srText = await page.$eval('[data-testid=sr]', (e) => e.innerText).catch(() => '');
    check(sr.document === 'sr' && ['A mass of', 'was detected.', 'Diameter: 3', 'Sample Code 1', '1.2.3.4.5', '2000-12-06'].every((t) => srText.includes(t)),
      `${name}: test-SR.dcm is shown as text (${srText.split('\n').length} lines: headings, TEXT, CODE, NUM, UIDREF, DATE)${sr.error ? ': ' + sr.error : ''}`);
    await page.screenshot({ path: join(shots, `${name}-report-sr.png`) });
    await showStudy(page, PDF_STUDY);
    // The frame gets its blob: URL once the document is decoded: wait for it (a loaded CI machine
    // took longer than showStudy's own wait), then judge what is there.
    await page.waitForFunction(() => {
      const e = document.querySelector('[data-testid=pdf]');
      return e && (e.getAttribute('src') || '').startsWith('blob:') && window.discusViewer.state().document === 'pdf';
    }, { timeout: 15000 }).catch(() => {});
    const pdf = await page.evaluate(() => window.discusViewer.state());
    const frame = await page.$eval('[data-testid=pdf]', (e) => e.getAttribute('src')).catch(() => '');
    const digest = await page.evaluate(() => window.discusViewer.documentDigest());
    check(pdf.document === 'pdf' && frame.startsWith('blob:') && digest === PDF_SHA256,
      `${name}: the Encapsulated PDF is shown from a blob: URL holding the PDF byte for byte (${digest === PDF_SHA256 ? 'same SHA-256' : digest})`);
    await new Promise((r) => setTimeout(r, 1500));  // the PDF viewer draws the page
    await page.screenshot({ path: join(shots, `${name}-report-pdf.png`) });
    // 7. The IHE PDI Web Content of the CD: INDEX.HTM in the root, static pages with JPEG pictures
    // that the browser decodes; from a study page to a series page by their links.
    await page.goto('file://' + join(cd, 'INDEX.HTM'));
    const studyLinks = await page.$$eval('a[href^="IHE_PDI/ST"]', (as) => as.map((a) => a.getAttribute('href')));
    const viewerLink = await page.$$eval('a[href="VIEWER/INDEX.HTM"]', (as) => as.length);
    check(studyLinks.length === Object.keys(studies).length && viewerLink === 1,
      `${name}: INDEX.HTM (PDI Web Content) links to ${studyLinks.length} study pages and to the viewer`);
    await page.screenshot({ path: join(shots, `${name}-pdi-index.png`) });
    let pictures = 0, broken = 0;
    for (const href of studyLinks) {
      await page.goto('file://' + join(cd, href));
      const seriesLinks = await page.$$eval('a[href^="SE"]', (as) => as.map((a) => a.getAttribute('href')));
      for (const se of seriesLinks) {
        await page.goto('file://' + join(cd, 'IHE_PDI', se));
        const imgs = await page.$$eval('img', (list) => list.map((i) => i.complete && i.naturalWidth > 0 && i.naturalWidth === Number(i.getAttribute('width'))));
        pictures += imgs.filter(Boolean).length;
        broken += imgs.filter((x) => !x).length;
      }
    }
    check(pictures > 0 && broken === 0, `${name}: every JPEG rendering on the series pages decodes at its stated size (${pictures} pictures, ${broken} broken)`);
    await page.goto('file://' + join(cd, 'IHE_PDI', 'SE0001.HTM'));  // CT_small.dcm
    await page.screenshot({ path: join(shots, `${name}-pdi-series.png`) });

    check(errors.length === 0, `${name}: no script errors in the page${errors.length ? ': ' + errors.join('; ') : ''}`);
  } finally {
    await browser.close();
  }
  return true;
}

const ctInputs = [join(PYDICOM, 'CT_small.dcm'), join(PYDICOM, 'MR_small.dcm'), join(PYDICOM, 'dicomdirtests', '77654033')];
const cd = author('CD', 'STD-GEN-CD', ['--web-content'], ctInputs);
const dvdJpeg = author('DVDJPEG', 'STD-GEN-DVD-JPEG', ['--compress', 'lossless'], [join(PYDICOM, 'CT_small.dcm'), join(PYDICOM, 'MR_small.dcm')]);
const dvdJ2k = author('DVDJ2K', 'STD-GEN-DVD-J2K', ['--compress', 'lossless'], [join(PYDICOM, 'CT_small.dcm'), join(PYDICOM, 'MR_small.dcm')]);

const PASSWORD = 'correct horse battery staple';
const CT_STUDY = '1.3.6.1.4.1.5962.1.2.1.20040119072730.12322';  // CT_small.dcm
const pwFile = join(work, 'password.txt');
writeFileSync(pwFile, PASSWORD + '\n', { mode: 0o600 });
const secureCd = author('SECURECD', 'STD-GEN-SEC-CD', ['--password-file', pwFile], [join(PYDICOM, 'CT_small.dcm'), join(PYDICOM, 'MR_small.dcm')]);

// A CD of reports: pydicom's test-SR.dcm and an Encapsulated PDF made by dcmtk's pdf2dcm.
const SR_STUDY = '1.2.276.0.7230010.3.1.4.2139363186.7819.982086466.2';
const pdfPath = join(work, 'report.pdf'), pdfDcm = join(work, 'report.dcm');
const pdfBytesMade = makePdf(['Discus test report', 'Findings: no acute abnormality.', 'Impression: normal study.']);
writeFileSync(pdfPath, pdfBytesMade);
const PDF_SHA256 = createHash('sha256').update(pdfBytesMade).digest('hex');
const PDF_STUDY = '1.2.826.0.1.3680043.10.511.19.1';
execFileSync('pdf2dcm', [pdfPath, pdfDcm, '+pn', 'Report^Pdf', '+pi', 'PDF001', '+t', 'Radiology report', '-k', `StudyInstanceUID=${PDF_STUDY}`,
  '-k', 'StudyDate=20261206', '-k', 'SeriesNumber=1'], { stdio: 'pipe' });
const reportsCd = author('REPORTS', 'STD-GEN-CD', ['--allow-excluded'], [join(PYDICOM, 'test-SR.dcm'), pdfDcm]);

let ran = 0;
try {
  for (const name of which === 'all' ? ['chromium', 'firefox'] : [which]) {
    try { if (await run(name)) ran++; } catch (e) { failures++; console.log(`FAILED: ${name}: ${e.stack || e}`); }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`${passes} passed, ${failures} failed`);
if (!ran && !failures) process.exit(77);
process.exit(failures ? 1 : 0);
