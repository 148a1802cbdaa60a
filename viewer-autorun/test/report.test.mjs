// Reports in the viewer (report.js) against tools no one here wrote: the SR text holds every text
// value, concept name, code meaning and number that pydicom finds in the content tree of pydicom's
// SR test files, and every quoted value dcmtk's dsrdump prints; an Encapsulated PDF made by dcmtk's
// pdf2dcm from a generated PDF gives back the PDF byte for byte. PYDICOM_FILES names the folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { loadLib } from './bundle.mjs';
import { makePdf } from './pdf.mjs';

const files = process.env.PYDICOM_FILES || '/usr/lib/python3/dist-packages/pydicom/data/test_files';
const lib = await loadLib();
const work = mkdtempSync(join(tmpdir(), 'viewer-report-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

// What pydicom sees in the content tree: the strings a reader of the report must be shown.
function pydicomStrings(path) {
  const py = `import sys, json, pydicom
ds = pydicom.dcmread(sys.argv[1])
out = []
def meaning(seq):
    return str(seq[0].get('CodeMeaning', '')) if seq else ''
def walk(items):
    for it in items:
        if 'ConceptNameCodeSequence' in it: out.append(meaning(it.ConceptNameCodeSequence))
        if 'TextValue' in it: out.append(str(it.TextValue))
        if 'ConceptCodeSequence' in it: out.append(meaning(it.ConceptCodeSequence))
        if 'MeasuredValueSequence' in it and len(it.MeasuredValueSequence) and 'NumericValue' in it.MeasuredValueSequence[0]:
            out.append(str(it.MeasuredValueSequence[0].NumericValue))
        if 'UID' in it: out.append(str(it.UID))
        if 'ContentSequence' in it: walk(it.ContentSequence)
walk(ds.get('ContentSequence', []))
print(json.dumps([s.replace('\\r\\n', '\\n').replace('\\r', '\\n').strip() for s in out if s.strip()]))  # the viewer shows CR LF and CR as LF`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', py, path]).toString());
}

for (const name of ['test-SR.dcm', 'reportsi.dcm']) {
  test(`${name}: the SR text holds what pydicom finds in its content tree`, { skip: !existsSync(join(files, name)) && 'not installed' }, () => {
    const ds = lib.parseDicom(new Uint8Array(readFileSync(join(files, name))));
    assert.equal(lib.documentKind(ds), 'sr');
    const text = lib.srText(lib.srTree(ds));
    const want = pydicomStrings(join(files, name));
    assert.ok(want.length >= 5, `pydicom found ${want.length} strings`);
    for (const s of want) assert.ok(text.includes(s), `"${s}" missing from:\n${text}`);
  });
}

test('test-SR.dcm: every quoted value dcmtk dsrdump prints is in the SR text', { skip: !existsSync('/usr/bin/dsrdump') && 'no dsrdump' }, () => {
  const path = join(files, 'test-SR.dcm');
  const dump = execFileSync('dsrdump', ['-Ec', path]).toString('latin1');
  const text = lib.srText(lib.srTree(lib.parseDicom(new Uint8Array(readFileSync(path)))));
  const values = [...dump.matchAll(/<[a-z ]*(?:TEXT|UIDREF|DATE|TIME|DATETIME):[^>]*?="([^"]+)"/g)].map((m) => m[1])
    .filter((v) => !v.includes('\\') && !v.endsWith('...'));  // dsrdump escapes control characters and shortens long values
  assert.ok(values.length >= 4, `dsrdump printed ${values.length} values:\n${dump}`);
  for (const v of values) {
    const shown = /^\d{8}$/.test(v) ? `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6)}` : v;
    if (/^\d{6}$/.test(v)) assert.ok(text.includes(`${v.slice(0, 2)}:${v.slice(2, 4)}:${v.slice(4)}`), `time ${v}`);
    else if (/^\d{14}/.test(v)) assert.ok(text.includes(`${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)} ${v.slice(8, 10)}:${v.slice(10, 12)}`), `datetime ${v}`);
    else assert.ok(text.includes(shown), `"${v}" missing from:\n${text}`);
  }
});

test('an Encapsulated PDF made by dcmtk pdf2dcm gives back the PDF byte for byte', { skip: !existsSync('/usr/bin/pdf2dcm') && 'no pdf2dcm' }, () => {
  const pdf = makePdf(['Discus test report', 'Findings: no acute abnormality.']);
  writeFileSync(join(work, 'r.pdf'), pdf);
  execFileSync('pdf2dcm', [join(work, 'r.pdf'), join(work, 'r.dcm'), '+pn', 'Report^Pdf', '+pi', 'PDF001', '+t', 'Radiology report']);
  const ds = lib.parseDicom(new Uint8Array(readFileSync(join(work, 'r.dcm'))));
  assert.equal(lib.documentKind(ds), 'pdf');
  assert.deepEqual(Buffer.from(lib.pdfBytes(ds)), pdf);
  // An image is no document.
  assert.equal(lib.documentKind(lib.parseDicom(new Uint8Array(readFileSync(join(files, 'CT_small.dcm'))))), null);
});
