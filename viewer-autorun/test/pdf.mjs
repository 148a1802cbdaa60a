// A small valid PDF (PDF 1.4, ISO 32000-1 7.5: header, objects, cross-reference table, trailer)
// with one page showing `lines` of text in Helvetica, for the Encapsulated PDF tests; made here so
// the tests need no PDF on the machine. Byte offsets in the xref table are computed, not guessed.
//   writeFileSync('r.pdf', makePdf(['Discus test report', 'Findings: none']));
export function makePdf(lines) {
  const esc = (t) => t.replace(/[\\()]/g, (c) => '\\' + c);
  const text = lines.map((l, i) => `BT /F1 ${i ? 12 : 18} Tf 72 ${720 - i * 24} Td (${esc(l)}) Tj ET`).join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
  ];
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets = [];
  objects.forEach((o, i) => { offsets.push(Buffer.byteLength(out, 'latin1')); out += `${i + 1} 0 obj\n${o}\nendobj\n`; });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
