// Reports on the medium: Structured Reports as readable text and Encapsulated PDF documents.
// SR (PS3.3 C.17.3 SR Document Content): a tree of content items, each a Relationship Type, a
// Value Type and a Concept Name, with its value by type (TEXT, CODE, NUM, DATE, TIME, DATETIME,
// PNAME, UIDREF, IMAGE/COMPOSITE/WAVEFORM references, SCOORD, TCOORD, CONTAINER). srTree() turns it
// into plain data (tested under Node); the page builds the HTML from it with textContent only, so
// nothing in a report is ever read as markup. Encapsulated PDF (PS3.3 A.45, C.24.2): the bytes of
// Encapsulated Document (0042,0011), trimmed to Encapsulated Document Length when given.
//   const kind = documentKind(ds);  if (kind === 'sr') srTree(ds); if (kind === 'pdf') pdfBytes(ds);
import { T } from './dicom.js';
import { personName } from './index_model.js';

export const R = {
  ContentSequence: '0040A730', ValueType: '0040A040', RelationshipType: '0040A010', ConceptNameCodeSequence: '0040A043',
  ConceptCodeSequence: '0040A168', TextValue: '0040A160', MeasuredValueSequence: '0040A300', NumericValue: '0040A30A',
  MeasurementUnitsCodeSequence: '004008EA', Date: '0040A121', Time: '0040A122', DateTime: '0040A120', PersonName: '0040A123',
  UID: '0040A124', ReferencedSOPSequence: '00081199', ReferencedSOPClassUID: '00081150', ReferencedSOPInstanceUID: '00081155',
  ReferencedFrameNumber: '00081160', GraphicType: '00700023', GraphicData: '00700022', TemporalRangeType: '0040A130',
  ReferencedContentItemIdentifier: '0040DB73', ContinuityOfContent: '0040A050',
  CodeValue: '00080100', CodingSchemeDesignator: '00080102', CodeMeaning: '00080104',
  CompletionFlag: '0040A491', VerificationFlag: '0040A493', PreliminaryFlag: '0040A496', ContentDate: '00080023',
  ContentTime: '00080033', VerifyingObserverSequence: '0040A073', VerifyingObserverName: '0040A075',
  VerificationDateTime: '0040A030', VerifyingOrganization: '0040A027',
  EncapsulatedDocument: '00420011', MIMETypeOfEncapsulatedDocument: '00420012', DocumentTitle: '00420010',
  EncapsulatedDocumentLength: '00420015',
};
const MAX_ITEMS = 20000;  // a hostile report cannot make the page build millions of nodes
const MAX_DEPTH = 32;

const SR_CLASS = /^1\.2\.840\.10008\.5\.1\.4\.1\.1\.88\./;

// 'sr', 'pdf', 'document' (another encapsulated type), or null for anything else.
export function documentKind(ds) {
  if (ds.has(R.EncapsulatedDocument)) return /^application\/pdf/i.test(ds.string(R.MIMETypeOfEncapsulatedDocument)) ? 'pdf' : 'document';
  if (!ds.has(T.PixelData) && (ds.has(R.ContentSequence) || SR_CLASS.test(ds.string(T.SOPClassUID)))) return 'sr';
  return null;
}

// "Meaning" of a code item (CodeMeaning, else value and scheme).
export function codeText(item) {
  if (!item) return '';
  const meaning = item.string(R.CodeMeaning);
  if (meaning) return meaning;
  const v = item.string(R.CodeValue);
  return v ? `${v} (${item.string(R.CodingSchemeDesignator)})` : '';
}
const firstCode = (ds, tag) => codeText(ds.items(tag)[0]);
const fmtDate = (d) => (/^\d{8}/.test(d) ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}${d.length > 8 ? ' ' + fmtTime(d.slice(8)) : ''}` : d);
const fmtTime = (t) => (/^\d{4}/.test(t) ? `${t.slice(0, 2)}:${t.slice(2, 4)}${t.length >= 6 ? ':' + t.slice(4, 6) : ''}` : t);

function floats(ds, tag) {
  const v = ds.raw(tag);
  if (!v) return [];
  const d = new DataView(v.buffer, v.byteOffset, v.byteLength);
  const out = [];
  for (let i = 0; i + 4 <= v.byteLength && out.length < 64; i += 4) out.push(d.getFloat32(i, ds.little));
  return out;
}

// UL values (Referenced Content Item Identifier: the path of the item referred to, PS3.3 C.17.3.2.5).
function uint32s(ds, tag) {
  const v = ds.raw(tag);
  const out = [];
  for (let i = 0; v && (i + 1) * 4 <= v.byteLength && i < MAX_DEPTH; i++) out.push(ds.uint32(tag, i));
  return out;
}

// The value of one content item as text, and the instances it references.
function valueOf(it) {
  const type = it.string(R.ValueType);
  switch (type) {
    case 'TEXT': return { text: it.string(R.TextValue).replace(/\r\n?/g, '\n') };  // CR LF, CR or LF (PS3.5 6.1.3)
    case 'CODE': return { text: firstCode(it, R.ConceptCodeSequence) };
    case 'NUM': {
      const mv = it.items(R.MeasuredValueSequence)[0];
      if (!mv) return { text: '(no value)' };
      const unit = mv.items(R.MeasurementUnitsCodeSequence)[0];
      const u = unit ? (unit.string(R.CodingSchemeDesignator) === 'UCUM' && unit.string(R.CodeValue) !== '1' ? unit.string(R.CodeValue) : codeText(unit)) : '';
      return { text: `${mv.string(R.NumericValue)}${u && u !== 'no units' ? ' ' + u : ''}` };
    }
    case 'DATE': return { text: fmtDate(it.string(R.Date)) };
    case 'TIME': return { text: fmtTime(it.string(R.Time)) };
    case 'DATETIME': return { text: fmtDate(it.string(R.DateTime)) };
    case 'PNAME': return { text: personName(it.string(R.PersonName)) };
    case 'UIDREF': return { text: it.string(R.UID) };
    case 'IMAGE': case 'COMPOSITE': case 'WAVEFORM': {
      const refs = it.items(R.ReferencedSOPSequence).map((r) => ({ sopClass: r.string(R.ReferencedSOPClassUID),
        uid: r.string(R.ReferencedSOPInstanceUID), frames: r.strings(R.ReferencedFrameNumber) }));
      return { text: refs.map((r) => r.uid + (r.frames.length ? ` frame ${r.frames.join(', ')}` : '')).join('; '), refs };
    }
    case 'SCOORD': case 'SCOORD3D': {
      const g = floats(it, R.GraphicData);
      const dims = type === 'SCOORD3D' ? 3 : 2;
      const points = [];
      for (let i = 0; i + dims <= g.length && points.length < 8; i += dims) points.push(`(${g.slice(i, i + dims).map((x) => +x.toFixed(1)).join(', ')})`);
      return { text: `${it.string(R.GraphicType)} ${points.join(' ')}`.trim() };
    }
    case 'TCOORD': return { text: it.string(R.TemporalRangeType) };
    case 'CONTAINER': return { text: '' };
    default: return { text: type ? `(${type})` : '' };
  }
}

// The document as data: {title, header: [[label, value]], items: [{relationship, type, name,
// value, refs, byReference, children}]}.
export function srTree(ds) {
  let count = 0;
  const walk = (parent, depth) => parent.items(R.ContentSequence).map((it) => {
    if (++count > MAX_ITEMS || depth > MAX_DEPTH) return null;
    const byRef = it.has(R.ReferencedContentItemIdentifier);
    const v = byRef ? { text: '' } : valueOf(it);
    return {
      relationship: it.string(R.RelationshipType), type: byRef ? 'REFERENCE' : it.string(R.ValueType),
      name: firstCode(it, R.ConceptNameCodeSequence), value: v.text, refs: v.refs || [],
      byReference: byRef ? uint32s(it, R.ReferencedContentItemIdentifier).join('.') : null,
      children: walk(it, depth + 1),
    };
  }).filter(Boolean);
  const header = [];
  const add = (label, value) => { if (value) header.push([label, value]); };
  add('Patient', `${personName(ds.string(T.PatientName))}${ds.string(T.PatientID) ? '  ID ' + ds.string(T.PatientID) : ''}`);
  add('Content date', `${fmtDate(ds.string(R.ContentDate))} ${fmtTime(ds.string(R.ContentTime))}`.trim());
  add('Completion', ds.string(R.CompletionFlag));
  add('Verification', ds.string(R.VerificationFlag));
  add('Preliminary', ds.string(R.PreliminaryFlag));
  for (const o of ds.items(R.VerifyingObserverSequence))
    add('Verified by', `${personName(o.string(R.VerifyingObserverName))} ${o.string(R.VerifyingOrganization)} ${fmtDate(o.string(R.VerificationDateTime))}`.trim());
  return { title: firstCode(ds, R.ConceptNameCodeSequence) || 'Structured report', header, items: walk(ds, 0), truncated: count > MAX_ITEMS };
}

// Plain text of a tree (one line per item, indented): what the tests compare and a copy shows.
export function srText(tree) {
  const lines = [tree.title];
  for (const [k, v] of tree.header) lines.push(`${k}: ${v}`);
  const walk = (items, depth) => {
    for (const i of items) {
      const label = i.byReference ? `(see item ${i.byReference})` : [i.name, i.value].filter(Boolean).join(': ');
      lines.push(`${'  '.repeat(depth)}${label || `(${i.type})`}`);
      walk(i.children, depth + 1);
    }
  };
  walk(tree.items, 0);
  return lines.join('\n');
}

// The PDF's bytes (PS3.3 C.24.2.1: the value may carry one pad byte past the document).
export function pdfBytes(ds) {
  const v = ds.raw(R.EncapsulatedDocument);
  if (!v) return null;
  const len = ds.uint32(R.EncapsulatedDocumentLength, 0, 0);
  return len > 0 && len <= v.length ? v.subarray(0, len) : v;
}
