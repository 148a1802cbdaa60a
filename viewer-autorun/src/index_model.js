// The medium's index as the viewer shows it: patients > studies > series > instances, each
// instance with its File ID (PS3.10 8.2: components joined by '/'). Built from the DICOMDIR read
// in the browser (PS3.3 F.3: records linked by byte offsets from the start of the file), from a
// folder scan when there is no DICOMDIR, or given at authoring time (VIEWER/DATA/INDEX.JS, the
// same shape, written by src/media/web).
//   const index = indexFromDicomdir(parseDicom(bytes));   index.patients[0].studies[0].series[0]
import { T, DicomError } from './dicom.js';

function patientOf(ds) {
  return { name: personName(ds.string(T.PatientName)), id: ds.string(T.PatientID), birthDate: ds.string(T.PatientBirthDate),
    sex: ds.string(T.PatientSex), studies: [] };
}
function studyOf(ds) {
  return { uid: ds.string(T.StudyInstanceUID), date: ds.string(T.StudyDate), time: ds.string(T.StudyTime),
    description: ds.string(T.StudyDescription), id: ds.string(T.StudyID), accession: ds.string(T.AccessionNumber), series: [] };
}
function seriesOf(ds) {
  return { uid: ds.string(T.SeriesInstanceUID), number: ds.number(T.SeriesNumber, 0, 0), modality: ds.string(T.Modality),
    description: ds.string(T.SeriesDescription), presets: [], instances: [] };
}

// PN (PS3.5 6.2.1): "Family^Given^Middle^Prefix^Suffix" shown as "Family, Given Middle".
export function personName(pn) {
  const alpha = pn.split('=')[0];
  const [family = '', given = '', middle = '', prefix = '', suffix = ''] = alpha.split('^');
  const rest = [prefix, given, middle].filter(Boolean).join(' ');
  return [family, rest].filter(Boolean).join(', ') + (suffix ? ` ${suffix}` : '');
}

const LEAF_TYPES = new Set(['IMAGE', 'RT DOSE', 'RT STRUCTURE SET', 'RT PLAN', 'RT TREAT RECORD', 'PRESENTATION', 'WAVEFORM',
  'SR DOCUMENT', 'KEY OBJECT DOC', 'SPECTROSCOPY', 'RAW DATA', 'REGISTRATION', 'FIDUCIAL', 'ENCAP DOC', 'VALUE MAP',
  'HANGING PROTOCOL', 'STEREOMETRIC', 'HL7 STRUC DOC', 'PLAN', 'MEASUREMENT', 'SURFACE', 'SURFACE SCAN', 'TRACT', 'ASSESSMENT',
  'RADIOTHERAPY', 'ANNOTATION', 'INVENTORY', 'PALETTE', 'IMPLANT', 'IMPLANT ASSY', 'IMPLANT GROUP']);

export function indexFromDicomdir(dir) {
  const items = dir.items(T.DirectoryRecordSequence);
  const byOffset = new Map(items.map((it) => [it.itemOffset, it]));
  const visited = new Set();
  // Siblings from `offset` on, following (0004,1400); cycles and dangling offsets end the chain.
  const chain = (offset) => {
    const out = [];
    while (offset && byOffset.has(offset) && !visited.has(offset)) {
      visited.add(offset);
      const it = byOffset.get(offset);
      if (it.uint16(T.RecordInUse, 0, 0xffff) !== 0) out.push(it);
      offset = it.uint32(T.NextRecordOffset, 0, 0);
    }
    return out;
  };
  const lower = (it) => chain(it.uint32(T.LowerLevelOffset, 0, 0));
  let roots = chain(dir.uint32(T.FirstRecordOffset, 0, 0));
  if (!roots.length && items.length) {
    // Offsets unusable: rebuild from sequence order (PATIENT > STUDY > SERIES > leaves).
    roots = [];
    let p = null, st = null, se = null;
    for (const it of items) {
      const type = it.string(T.DirectoryRecordType);
      it._children = [];
      if (type === 'PATIENT') { roots.push(it); p = it; st = se = null; }
      else if (type === 'STUDY' && p) { p._children.push(it); st = it; se = null; }
      else if (type === 'SERIES' && st) { st._children.push(it); se = it; }
      else if (se) se._children.push(it);
    }
  }
  const kids = (it) => it._children || lower(it);
  const index = { patients: [], source: 'DICOMDIR' };
  for (const pr of roots) {
    if (pr.string(T.DirectoryRecordType) !== 'PATIENT') continue;
    const patient = patientOf(pr);
    for (const sr of kids(pr)) {
      if (sr.string(T.DirectoryRecordType) !== 'STUDY') continue;
      const study = studyOf(sr);
      for (const ser of kids(sr)) {
        if (ser.string(T.DirectoryRecordType) !== 'SERIES') continue;
        const series = seriesOf(ser);
        for (const leaf of kids(ser)) {
          const type = leaf.string(T.DirectoryRecordType);
          const fileId = leaf.strings(T.ReferencedFileID).join('/');
          if (!fileId || !LEAF_TYPES.has(type)) continue;
          series.instances.push({ type, fileId, uid: leaf.string(T.ReferencedSOPInstanceUIDInFile),
            sopClass: leaf.string(T.ReferencedSOPClassUIDInFile), number: leaf.number(T.InstanceNumber, 0, 0),
            frames: leaf.number(T.NumberOfFrames, 0, 1) });
        }
        sortInstances(series);
        study.series.push(series);
      }
      study.series.sort((a, b) => a.number - b.number);
      patient.studies.push(study);
    }
    index.patients.push(patient);
  }
  return index;
}

export function sortInstances(series) {
  series.instances.sort((a, b) => a.number - b.number || (a.fileId < b.fileId ? -1 : a.fileId > b.fileId ? 1 : 0));
}

// An index from parsed headers of loose files (no DICOMDIR): grouped by the UIDs they carry.
export function indexFromHeaders(entries) {
  const patients = new Map(), studies = new Map(), series = new Map();
  const index = { patients: [], source: 'folder' };
  for (const { ds, fileId } of entries) {
    const pkey = ds.string(T.PatientID) + '|' + ds.string(T.PatientName);
    let p = patients.get(pkey);
    if (!p) { p = patientOf(ds); patients.set(pkey, p); index.patients.push(p); }
    const suid = ds.string(T.StudyInstanceUID);
    let st = studies.get(suid);
    if (!st) { st = studyOf(ds); studies.set(suid, st); p.studies.push(st); }
    const seuid = ds.string(T.SeriesInstanceUID);
    let se = series.get(seuid);
    if (!se) { se = seriesOf(ds); series.set(seuid, se); st.series.push(se); }
    se.instances.push({ type: 'IMAGE', fileId, uid: ds.string(T.SOPInstanceUID), sopClass: ds.string(T.SOPClassUID),
      number: ds.number(T.InstanceNumber, 0, 0), frames: ds.number(T.NumberOfFrames, 0, 1) });
  }
  for (const se of series.values()) sortInstances(se);
  if (!index.patients.length) throw new DicomError('no DICOM files in the chosen folder');
  return index;
}

// Every study, flattened, with its patient: what the study list shows.
export function studiesOf(index) {
  const out = [];
  for (const p of index.patients) for (const s of p.studies) out.push({ patient: p, study: s });
  return out;
}
