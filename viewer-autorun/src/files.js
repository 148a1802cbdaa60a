// The real files of the medium, as the user hands them over: a folder picked with
// <input type=file webkitdirectory> (each File's webkitRelativePath) or dropped on the page (File
// and Directory Entries API). Paths are compared as ISO 9660 names are (PS3.12; DICOMDIR File IDs
// are upper case, a Linux mount may show them lower case or with ';1' versions).
//   const medium = fromFileList(input.files);   const file = medium.find('DICOM/P0000001/...');

export function normalise(path) {
  return path.split('/').filter(Boolean).map((c) => c.replace(/;\d+$/, '').replace(/\.$/, '').toUpperCase()).join('/');
}

export class PickedMedium {
  constructor(list) {
    this.files = list;  // [{path, file}]
    // Files picked one by one (no folder, so no paths): File IDs cannot be resolved, and names
    // repeat across folders; each file is then known by its position and found by its header.
    this.flat = list.length > 1 && list.every((f) => !f.path.includes('/'));
    if (this.flat) {
      this.dicomdir = null;
      this.root = '';
      this.byId = new Map(list.map((f, k) => [`${k + 1}/${normalise(f.path)}`, f.file]));
      return;
    }
    // The DICOMDIR nearest to the root of what was picked decides where File IDs start.
    let best = null;
    for (const f of list) {
      const n = normalise(f.path);
      if (n === 'DICOMDIR' || n.endsWith('/DICOMDIR')) {
        if (!best || n.split('/').length < normalise(best.path).split('/').length) best = f;
      }
    }
    this.dicomdir = best ? best.file : null;
    const dirPath = best ? normalise(best.path) : '';
    this.root = dirPath.includes('/') ? dirPath.slice(0, dirPath.lastIndexOf('/') + 1) : '';
    this.byId = new Map();
    for (const f of list) {
      const n = normalise(f.path);
      if (n.startsWith(this.root)) this.byId.set(n.slice(this.root.length), f.file);
    }
  }
  find(fileId) { return this.byId.get(this.flat ? fileId : normalise(fileId)) || null; }
  // Everything that may be a DICOM file, for a folder without DICOMDIR (README, viewer left out).
  candidates() {
    return [...this.byId.entries()].filter(([id]) => !/^VIEWER\/|^IHE_PDI\/|\.(TXT|HTM|HTML|INF|JS|CSS|JPG|PNG|PDF|EXE)$|(^|\/)DICOMDIR$/.test(id));
  }
}

export function fromFileList(fileList) {
  const list = [];
  for (const file of fileList) list.push({ path: file.webkitRelativePath || file.name, file });
  return new PickedMedium(list);
}

// Dropped folders and files: every entry walked, readEntries called until it returns nothing.
export async function fromDataTransfer(dt) {
  const list = [];
  const entries = [];
  for (const item of dt.items) {
    const e = item.webkitGetAsEntry ? item.webkitGetAsEntry() : null;
    if (e) entries.push(e); else if (item.kind === 'file') { const f = item.getAsFile(); if (f) list.push({ path: f.name, file: f }); }
  }
  const walk = async (entry, prefix) => {
    if (entry.isFile) {
      const file = await new Promise((ok, bad) => entry.file(ok, bad));
      list.push({ path: prefix + entry.name, file });
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const batch = await new Promise((ok, bad) => reader.readEntries(ok, bad));
        if (!batch.length) break;
        for (const child of batch) await walk(child, prefix + entry.name + '/');
      }
    }
  };
  for (const e of entries) await walk(e, '');
  return new PickedMedium(list);
}
