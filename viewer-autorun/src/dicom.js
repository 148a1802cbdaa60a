// DICOM Part 10 parsing for the disc viewer (PS3.10 7.1, PS3.5 7.1 data elements, 7.5 sequences,
// A.4 encapsulated pixel data). Input from a disc is hostile: every length is checked against what
// is left before it is used, nesting is capped, and errors name the byte offset and the tag.
//   const ds = parseDicom(new Uint8Array(buffer));   ds.string(T.PatientName), ds.uint16(T.Rows)
//
// Values are read by the accessor the caller names (string, uint16, int16, uint32, decimals), not
// by VR, so implicit VR files need no data dictionary; only sequences must be recognised, which is
// done by VR (explicit), undefined length, or an item tag at the start of the value (implicit).

export const TS = {
  implicitLE: '1.2.840.10008.1.2',
  explicitLE: '1.2.840.10008.1.2.1',
  deflated: '1.2.840.10008.1.2.1.99',
  explicitBE: '1.2.840.10008.1.2.2',
};

// Tags as 'ggggeeee' upper-case hex (the keys of DataSet.elements).
export const T = {
  TransferSyntaxUID: '00020010', MediaStorageSOPClassUID: '00020002',
  SOPClassUID: '00080016', SOPInstanceUID: '00080018', StudyDate: '00080020', StudyTime: '00080030',
  Modality: '00080060', StudyDescription: '00081030', SeriesDescription: '0008103E', InstitutionName: '00080080',
  AccessionNumber: '00080050', Manufacturer: '00080070',
  PatientName: '00100010', PatientID: '00100020', PatientBirthDate: '00100030', PatientSex: '00100040',
  SliceThickness: '00180050', StudyInstanceUID: '0020000D', SeriesInstanceUID: '0020000E', StudyID: '00200010',
  SeriesNumber: '00200011', InstanceNumber: '00200013', ImagePositionPatient: '00200032', SliceLocation: '00201041',
  SamplesPerPixel: '00280002', PhotometricInterpretation: '00280004', PlanarConfiguration: '00280006',
  NumberOfFrames: '00280008', Rows: '00280010', Columns: '00280011', PixelSpacing: '00280030',
  ImagerPixelSpacing: '00181164', FrameTime: '00181063', CineRate: '00180040',
  BitsAllocated: '00280100', BitsStored: '00280101', HighBit: '00280102', PixelRepresentation: '00280103',
  WindowCenter: '00281050', WindowWidth: '00281051', RescaleIntercept: '00281052', RescaleSlope: '00281053',
  WindowExplanation: '00281055', VOILUTFunction: '00281056', PresentationLUTShape: '20500020',
  RedPaletteDescriptor: '00281101', GreenPaletteDescriptor: '00281102', BluePaletteDescriptor: '00281103',
  RedPaletteData: '00281201', GreenPaletteData: '00281202', BluePaletteData: '00281203',
  SharedFunctionalGroups: '52009229', PerFrameFunctionalGroups: '52009230', PixelMeasures: '00289110',
  FrameVOILUT: '00289132', PixelValueTransformation: '00289145',
  ExtendedOffsetTable: '7FE00001', PixelData: '7FE00010', FloatPixelData: '7FE00008',
  // DICOMDIR (PS3.3 F.3)
  DirectoryRecordSequence: '00041220', FirstRecordOffset: '00041200', NextRecordOffset: '00041400',
  LowerLevelOffset: '00041420', RecordInUse: '00041410', DirectoryRecordType: '00041430',
  ReferencedFileID: '00041500', ReferencedSOPClassUIDInFile: '00041510', ReferencedSOPInstanceUIDInFile: '00041511',
  ReferencedTransferSyntaxUIDInFile: '00041512',
};

const EXPLICIT_LONG = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'UC', 'UN', 'UR', 'UT', 'SV', 'UV']);
const MAX_DEPTH = 16;
const UNDEFINED = 0xffffffff;

export class DicomError extends Error {}

function fail(offset, tag, what) {
  const t = tag ? ` (${tag.slice(0, 4)},${tag.slice(4)})` : '';
  throw new DicomError(`offset ${offset}${t}: ${what}`);
}

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

export class DataSet {
  constructor(bytes, littleEndian) {
    this.bytes = bytes;            // the whole file (Uint8Array); values are views into it
    this.little = littleEndian;
    this.elements = new Map();     // tag -> {vr, offset, length, items?, fragments?}
    this.utf8 = false;             // Specific Character Set ISO_IR 192
  }
  has(tag) { return this.elements.has(tag); }
  raw(tag) {
    const e = this.elements.get(tag);
    if (!e || e.items || e.fragments) return null;
    return this.bytes.subarray(e.offset, e.offset + e.length);
  }
  // The value as text with padding trimmed (PS3.5 6.2); backslash-separated values in one string.
  string(tag) {
    const v = this.raw(tag);
    if (!v) return '';
    return (this.utf8 ? utf8 : latin1).decode(v).replace(/[\0 ]+$/, '').replace(/^ +/, '');
  }
  strings(tag) { const s = this.string(tag); return s === '' ? [] : s.split('\\').map((x) => x.trim()); }
  // Decimal or integer strings (DS, IS): NaN for what does not parse.
  numbers(tag) { return this.strings(tag).map((x) => (x === '' ? NaN : Number(x))); }
  number(tag, i = 0, fallback = undefined) {
    const n = this.numbers(tag)[i];
    return n === undefined || Number.isNaN(n) ? fallback : n;
  }
  view(tag) { const v = this.raw(tag); return v ? new DataView(v.buffer, v.byteOffset, v.byteLength) : null; }
  uint16(tag, i = 0, fallback = undefined) {
    const d = this.view(tag);
    return d && d.byteLength >= 2 * i + 2 ? d.getUint16(2 * i, this.little) : fallback;
  }
  int16(tag, i = 0, fallback = undefined) {
    const d = this.view(tag);
    return d && d.byteLength >= 2 * i + 2 ? d.getInt16(2 * i, this.little) : fallback;
  }
  uint32(tag, i = 0, fallback = undefined) {
    const d = this.view(tag);
    return d && d.byteLength >= 4 * i + 4 ? d.getUint32(4 * i, this.little) : fallback;
  }
  items(tag) { const e = this.elements.get(tag); return e && e.items ? e.items : []; }
  element(tag) { return this.elements.get(tag); }
}

// Parses a Part 10 file; files without preamble or meta information are read as implicit VR LE
// (PS3.10 7.1 allows neither, but media in the wild carry them).
export function parseDicom(bytes, options = {}) {
  if (!(bytes instanceof Uint8Array)) bytes = new Uint8Array(bytes);
  let pos = 0;
  let meta = null;
  let ts = TS.implicitLE;
  if (bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d) {
    pos = 132;
  }
  if (pos === 132 || (bytes.length > 4 && bytes[0] === 0x02 && bytes[1] === 0x00)) {
    // File Meta Information: explicit VR little endian, group 0002 (PS3.10 7.1).
    meta = new DataSet(bytes, true);
    pos = readElements(meta, pos, bytes.length, true, true, 0, (tag) => !tag.startsWith('0002'));
    ts = meta.string(T.TransferSyntaxUID) || TS.explicitLE;
  }
  if (ts === TS.deflated) throw new DicomError('deflated transfer syntax (1.2.840.10008.1.2.1.99) is not supported by this viewer');
  const little = ts !== TS.explicitBE;
  const explicit = ts !== TS.implicitLE;
  const ds = new DataSet(bytes, little);
  ds.meta = meta;
  ds.transferSyntax = ts;
  const stop = options.untilPixelData ? (tag) => tag >= '7FE00010' : null;
  readElements(ds, pos, bytes.length, little, explicit, 0, stop);
  const charset = ds.string('00080005');
  ds.utf8 = /ISO_IR 192/.test(charset);
  return ds;
}

function tagAt(d, pos, little) {
  const g = d.getUint16(pos, little), e = d.getUint16(pos + 2, little);
  return (g.toString(16).padStart(4, '0') + e.toString(16).padStart(4, '0')).toUpperCase();
}

// Reads elements from pos up to end into ds; returns where it stopped. `stop(tag)` ends the loop
// before that element (meta group end, pixel data when only headers are wanted).
function readElements(ds, pos, end, little, explicit, depth, stop) {
  if (depth > MAX_DEPTH) fail(pos, null, 'sequences nested too deep');
  const bytes = ds.bytes;
  const d = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  while (pos < end) {
    if (end - pos < 8) fail(pos, null, 'data ends inside an element header');
    const tag = tagAt(d, pos, little);
    if (stop && stop(tag)) return pos;
    if (tag === 'FFFEE00D') return pos + 8;  // item delimitation (undefined-length item)
    let vr = null, length, header;
    if (explicit) {
      vr = String.fromCharCode(bytes[pos + 4], bytes[pos + 5]);
      if (!/^[A-Z]{2}$/.test(vr)) fail(pos, tag, `invalid VR bytes`);
      if (EXPLICIT_LONG.has(vr)) {
        if (end - pos < 12) fail(pos, tag, 'data ends inside an element header');
        length = d.getUint32(pos + 8, little); header = 12;
      } else { length = d.getUint16(pos + 6, little); header = 8; }
    } else { length = d.getUint32(pos + 4, little); header = 8; }
    const vstart = pos + header;
    const el = { vr, offset: vstart, length };
    if (tag === T.PixelData && length === UNDEFINED) {
      pos = readFragments(el, d, vstart, end, little, tag);
    } else if (vr === 'SQ' || length === UNDEFINED || (!explicit && looksLikeSequence(d, vstart, length, end, little))) {
      pos = readSequence(ds, el, d, vstart, length, end, little, explicit, depth, tag);
    } else {
      if (length > end - vstart) fail(pos, tag, `length ${length} runs past the end of the data (${end - vstart} bytes left)`);
      pos = vstart + length;
    }
    ds.elements.set(tag, el);
  }
  return pos;
}

function looksLikeSequence(d, start, length, end, little) {
  if (length < 8 || start + 8 > end) return false;
  return d.getUint16(start, little) === 0xfffe && d.getUint16(start + 2, little) === 0xe000;
}

function readSequence(ds, el, d, pos, length, end, little, explicit, depth, tag) {
  const seqEnd = length === UNDEFINED ? end : pos + length;
  if (seqEnd > end) fail(pos, tag, `sequence length ${length} runs past the end of the data`);
  el.items = [];
  while (pos < seqEnd) {
    if (seqEnd - pos < 8) fail(pos, tag, 'data ends inside an item header');
    const g = d.getUint16(pos, little), e = d.getUint16(pos + 2, little);
    const ilen = d.getUint32(pos + 4, little);
    if (g === 0xfffe && e === 0xe0dd) { pos += 8; return pos; }   // sequence delimitation
    if (g !== 0xfffe || e !== 0xe000) fail(pos, tag, 'expected an item tag (FFFE,E000) in a sequence');
    const item = new DataSet(ds.bytes, little);
    item.itemOffset = pos;
    const istart = pos + 8;
    const iend = ilen === UNDEFINED ? seqEnd : istart + ilen;
    if (iend > seqEnd) fail(pos, tag, `item length ${ilen} runs past its sequence`);
    const next = readElements(item, istart, iend, little, explicit, depth + 1, null);
    pos = ilen === UNDEFINED ? next : iend;
    item.utf8 = ds.utf8;
    el.items.push(item);
  }
  return seqEnd;
}

// Encapsulated Pixel Data (PS3.5 A.4): the Basic Offset Table item, then one item per fragment.
function readFragments(el, d, pos, end, little, tag) {
  el.fragments = [];
  el.offsets = null;
  let first = true;
  while (pos < end) {
    if (end - pos < 8) fail(pos, tag, 'data ends inside a fragment header');
    const g = d.getUint16(pos, little), e = d.getUint16(pos + 2, little);
    const len = d.getUint32(pos + 4, little);
    if (g === 0xfffe && e === 0xe0dd) return pos + 8;
    if (g !== 0xfffe || e !== 0xe000) fail(pos, tag, 'expected a fragment item (FFFE,E000)');
    if (len > end - pos - 8) fail(pos, tag, `fragment length ${len} runs past the end of the data`);
    if (first) {
      el.offsets = [];
      for (let i = 0; i + 4 <= len; i += 4) el.offsets.push(d.getUint32(pos + 8 + i, little));
      first = false;
    } else {
      el.fragments.push({ offset: pos + 8, length: len, itemOffset: pos });
    }
    pos += 8 + len;
  }
  return pos;
}
