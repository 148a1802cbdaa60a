// The disc viewer's page: study list, series thumbnails, the viewport (window/level, scroll,
// zoom/pan, cine, distance), header fields, reports (SR as text, Encapsulated PDF: report.js).
// Opened from file:// on the medium: the index and the thumbnails come as scripts written at
// authoring time (window.DISCUS_MEDIUM, DISCUS_THUMBS); the DICOM files themselves are read only
// after the user picks the disc folder or drops it here.
// Nothing is stored (no localStorage or IndexedDB) and nothing leaves the page.
//   window.discusViewer.state() -> {study, series, image, windowCenter, windowWidth, ...}
import { parseDicom, T, DicomError } from './dicom.js';
import { imageInfo, decodeFrame } from './pixels.js';
import { displayParams, renderRGBA, modalityRange, isGrayscale, paletteFrom, burnOverlays, MODALITY_PRESETS } from './render.js';
import { indexFromDicomdir, indexFromHeaders, studiesOf, personName } from './index_model.js';
import { fromFileList, fromDataTransfer } from './files.js';
import { openSecureMedium, isSecureIndex } from './secure.js';
import { documentKind, srTree, pdfBytes } from './report.js';

const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
};
const fmtDate = (d) => (/^\d{8}$/.test(d) ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}` : d || '');

const S = {
  index: null, medium: null, studies: [], study: 0, series: 0, image: 0, frame: 0,
  win: null, zoom: null, pan: { x: 0, y: 0 }, tool: 'window', measure: null, cine: null,
  current: null, doc: null, cache: new Map(), loading: 0, overlays: true, firstImageAt: null, previewShown: false, secure: null,
};
const CACHE_LIMIT = 96;

function showError(msg) {
  const e = $('error');
  e.textContent = msg || '';
  e.hidden = !msg;
}

// ---------- index and lists

function setIndex(index) {
  S.index = index;
  S.studies = studiesOf(index);
  S.cache.clear();
  renderStudyList();
}

function renderStudyList() {
  const list = $('study-list');
  list.replaceChildren();
  S.studies.forEach(({ patient, study }, i) => {
    const images = study.series.reduce((a, s) => a + s.instances.length, 0);
    const mods = [...new Set(study.series.map((s) => s.modality).filter(Boolean))].join(' ');
    const li = el('li', { class: i === S.study ? 'study selected' : 'study', 'data-testid': 'study', 'data-uid': study.uid, tabindex: '0',
      onclick: () => selectStudy(i) },
    el('div', { class: 'pname' }, patient.name || '(no name)'),
    el('div', { class: 'pid' }, `ID ${patient.id}  ${fmtDate(patient.birthDate)} ${patient.sex}`),
    el('div', { class: 'sdesc' }, `${fmtDate(study.date)}  ${study.description || ''}`),
    el('div', { class: 'smeta' }, `${mods}  ${study.series.length} series, ${images} images`));
    list.append(li);
  });
  renderSeriesList();
}

function thumbFor(series) {
  const t = window.DISCUS_THUMBS;
  return (t && t[series.uid]) || series.thumb || null;
}

function renderSeriesList() {
  const box = $('series-list');
  box.replaceChildren();
  const st = S.studies[S.study];
  if (!st) return;
  st.study.series.forEach((se, i) => {
    const src = thumbFor(se);
    const fig = el('figure', { class: i === S.series ? 'series selected' : 'series', 'data-testid': 'series', 'data-uid': se.uid,
      onclick: () => selectSeries(i) },
    src ? el('img', { src, alt: '' }) : el('div', { class: 'nothumb', 'data-series': se.uid }, se.modality || '?'),
    el('figcaption', {}, `${se.number || ''} ${se.modality} ${se.description || ''} (${se.instances.length})`));
    box.append(fig);
  });
  if (S.medium) makeThumbnails(st.study.series.filter((se) => !thumbFor(se)));
}

// Thumbnails the medium did not bring (a secure medium brings none): the middle image of each
// series, rendered here once its files can be read, one series after another.
let thumbQueue = Promise.resolve();
function makeThumbnails(list) {
  for (const se of list) {
    thumbQueue = thumbQueue.then(async () => {
      if (se.thumb || !S.medium || !se.instances.length) return;
      try {
        const loaded = await loadInstance(se.instances[Math.floor(se.instances.length / 2)]);
        if (loaded.kind) return;  // a report: the series keeps its modality as its picture
        const { samples, info } = await frameOf(loaded, 0);
        const p = displayParams(loaded.ds, 0);
        const c = document.createElement('canvas');
        c.width = info.columns; c.height = info.rows;
        const data = c.getContext('2d').createImageData(info.columns, info.rows);
        renderRGBA(samples, info, p, isGrayscale(info) ? p.windows[0] || null : null, data.data,
          info.photometric === 'PALETTE COLOR' ? paletteFrom(loaded.ds) : null);
        c.getContext('2d').putImageData(data, 0, 0);
        const scale = Math.min(1, 96 / Math.max(info.columns, info.rows));
        const t = document.createElement('canvas');
        t.width = Math.max(1, Math.round(info.columns * scale)); t.height = Math.max(1, Math.round(info.rows * scale));
        t.getContext('2d').drawImage(c, 0, 0, t.width, t.height);
        se.thumb = t.toDataURL('image/png');
        const holder = document.querySelector(`.nothumb[data-series="${CSS.escape(se.uid)}"]`);
        if (holder) holder.replaceWith(el('img', { src: se.thumb, alt: '' }));
      } catch (e) { /* the viewport says why when the series is shown */ }
    });
  }
}

function selectStudy(i) {
  S.study = i; S.series = 0;
  renderStudyList();
  selectSeries(0);
}

function selectSeries(i) {
  S.series = i; S.image = 0; S.frame = 0; S.win = null; S.zoom = null; S.pan = { x: 0, y: 0 }; S.measure = null;
  stopCine();
  renderSeriesList();
  show();
}

const currentSeries = () => { const st = S.studies[S.study]; return st ? st.study.series[S.series] : null; };

// ---------- loading and decoding

async function loadInstance(inst) {
  const key = inst.fileId;
  if (S.cache.has(key)) return S.cache.get(key);
  const p = (async () => {
    const file = S.medium.find(inst.fileId);
    if (!file) throw new DicomError(`${inst.fileId} is not in the chosen folder (choose the disc's top folder, where DICOMDIR is)`);
    const bytes = new Uint8Array(await file.arrayBuffer());
    const plain = S.secure ? await S.secure.open(bytes, inst.fileId) : bytes;
    const ds = parseDicom(plain);
    const kind = documentKind(ds);
    return { ds, kind, info: kind ? null : imageInfo(ds), frames: new Map() };
  })();
  S.cache.set(key, p);
  if (S.cache.size > CACHE_LIMIT) S.cache.delete(S.cache.keys().next().value);
  p.catch(() => S.cache.delete(key));
  return p;
}

async function frameOf(loaded, frame) {
  if (!loaded.frames.has(frame)) loaded.frames.set(frame, decodeFrame(loaded.ds, loaded.info, frame));
  return loaded.frames.get(frame);
}

// ---------- display

let showToken = 0;
async function show() {
  const se = currentSeries();
  updateInfo();
  if (!se || !se.instances.length) { hideDocument(); return; }
  if (!S.medium) { showPreview(se); return; }
  const token = ++showToken;
  const inst = se.instances[S.image];
  try {
    const loaded = await loadInstance(inst);
    if (token !== showToken) return;
    if (loaded.kind) { showDocument(loaded, inst); return; }
    hideDocument();
    const { samples, info } = await frameOf(loaded, S.frame);
    if (token !== showToken) return;
    const params = displayParams(loaded.ds, S.frame);
    const cur = { ds: loaded.ds, info, samples, params, inst, range: isGrayscale(info) ? modalityRange(samples, params) : null,
      palette: info.photometric === 'PALETTE COLOR' ? paletteFrom(loaded.ds) : null, frames: loaded.info.frames };
    if (S.win === null && isGrayscale(info)) S.win = params.windows[0] ? { ...params.windows[0], fromFile: true } : null;
    S.current = cur;
    paintImage();
    updatePresets();
    showError('');
    if (S.firstImageAt === null) S.firstImageAt = performance.now();
    prefetch(se);
  } catch (e) {
    if (token !== showToken) return;
    S.current = null;
    hideDocument();
    draw();
    showError(`${inst.fileId}: ${e.message || e}`);
  }
}

function prefetch(se) {
  for (const d of [1, 2, -1]) {
    const inst = se.instances[S.image + d];
    if (inst) loadInstance(inst).then((l) => frameOf(l, 0)).catch(() => {});
  }
}

const imgCanvas = document.createElement('canvas');
function paintImage() {
  const c = S.current;
  if (!c) return;
  const { info } = c;
  if (imgCanvas.width !== info.columns || imgCanvas.height !== info.rows) { imgCanvas.width = info.columns; imgCanvas.height = info.rows; }
  const ictx = imgCanvas.getContext('2d');
  const data = ictx.createImageData(info.columns, info.rows);
  renderRGBA(c.samples, info, c.params, S.win, data.data, c.palette, c.range);
  if (S.overlays) burnOverlays(c.ds, S.frame, info.columns, info.rows, data.data);
  ictx.putImageData(data, 0, 0);
  draw();
  updateInfo();
}

const DOC_TYPES = new Set(['SR DOCUMENT', 'ENCAP DOC', 'KEY OBJECT DOC']);

function showPreview(se) {
  // Before the folder is picked: the thumbnail written at authoring time, marked as a preview.
  const src = thumbFor(se);
  S.current = null;
  hideDocument();
  if (se.instances.every((i) => DOC_TYPES.has(i.type))) {
    const box = $('document');
    box.replaceChildren(el('p', { class: 'doc-note' }, `${se.instances.length > 1 ? 'These are reports' : 'This is a report'} (${se.modality}).`
      + ' Choose the disc folder (or drop it here) to read it.'));
    box.hidden = false;
    draw();
    return;
  }
  if (!src) { draw(); return; }
  const img = new Image();
  img.onload = () => {
    imgCanvas.width = img.width; imgCanvas.height = img.height;
    imgCanvas.getContext('2d').drawImage(img, 0, 0);
    S.previewShown = true;
    draw(true);
    if (S.firstImageAt === null) S.firstImageAt = performance.now();
  };
  img.src = src;
}

// ---------- reports: SR as text, Encapsulated PDF in the browser's own PDF viewer

function hideDocument() {
  const box = $('document');
  if (S.doc && S.doc.url) URL.revokeObjectURL(S.doc.url);
  S.doc = null;
  if (!box.hidden) { box.hidden = true; box.replaceChildren(); }
}

function showDocument(loaded, inst) {
  hideDocument();
  S.current = null;
  draw();
  showError('');
  const box = $('document');
  const ds = loaded.ds;
  if (loaded.kind === 'pdf') {
    // A blob: URL of the bytes in memory (the CSP allows blob: frames); nothing is written.
    const url = URL.createObjectURL(new Blob([pdfBytes(ds)], { type: 'application/pdf' }));
    S.doc = { kind: 'pdf', url, uid: inst.uid, bytes: pdfBytes(ds) };
    const title = ds.string('00420010') || 'PDF document';
    box.append(el('div', { class: 'doc-bar' }, el('span', {}, title), ' ',
      el('a', { href: url, target: '_blank', rel: 'noopener', 'data-testid': 'pdf-link' }, 'Open the PDF in its own tab')),
    el('iframe', { src: url, title, class: 'pdf', 'data-testid': 'pdf' }));
  } else if (loaded.kind === 'sr') {
    const tree = srTree(ds);
    S.doc = { kind: 'sr', uid: inst.uid };
    const header = el('dl', { class: 'sr-header' });
    for (const [k, v] of tree.header) header.append(el('dt', {}, k), el('dd', {}, v));
    const body = el('div', { class: 'sr', 'data-testid': 'sr' }, el('h2', {}, tree.title), header, ...srNodes(tree.items, 3));
    if (tree.truncated) body.append(el('p', { class: 'doc-note' }, 'The report is too long to show whole here.'));
    box.append(body);
  } else {
    S.doc = { kind: 'document', uid: inst.uid };
    box.append(el('p', { class: 'doc-note' }, `An encapsulated ${ds.string('00420012') || 'document'} this viewer cannot show.`));
  }
  box.hidden = false;
  box.scrollTop = 0;
  if (S.firstImageAt === null) S.firstImageAt = performance.now();
  updateInfo();
}

// Containers become headed sections, other items lines "Name: value" (textContent only).
function srNodes(items, level) {
  return items.map((i) => {
    const rel = i.relationship && i.relationship !== 'CONTAINS' ? el('span', { class: 'sr-rel' }, i.relationship.toLowerCase() + ' ') : '';
    if (i.type === 'CONTAINER') {
      return el('section', { class: 'sr-container' }, el(`h${Math.min(6, level)}`, {}, i.name || 'Section'), ...srNodes(i.children, level + 1));
    }
    const line = el('p', { class: 'sr-item', 'data-type': i.type }, rel);
    if (i.byReference) line.append(`(see item ${i.byReference})`);
    else {
      if (i.name) line.append(el('b', {}, `${i.name}: `));
      line.append(i.value);
      for (const r of i.refs) {
        if (findInstance(r.uid)) line.append(' ', el('button', { class: 'sr-ref', 'data-uid': r.uid, onclick: () => gotoInstance(r.uid) }, 'Show'));
      }
    }
    return i.children.length ? el('div', { class: 'sr-group' }, line, el('div', { class: 'sr-children' }, ...srNodes(i.children, level))) : line;
  });
}

function findInstance(uid) {
  for (let a = 0; a < S.studies.length; a++) {
    const series = S.studies[a].study.series;
    for (let b = 0; b < series.length; b++) {
      const k = series[b].instances.findIndex((x) => x.uid === uid);
      if (k >= 0) return { study: a, series: b, image: k };
    }
  }
  return null;
}

function gotoInstance(uid) {
  const at = findInstance(uid);
  if (!at) return;
  if (at.study !== S.study) { S.study = at.study; renderStudyList(); }
  selectSeries(at.series);
  S.image = at.image;
  show();
}

function viewTransform() {
  const cv = $('viewport');
  const w = imgCanvas.width, h = imgCanvas.height;
  const fit = Math.min(cv.width / w, cv.height / h);
  const scale = S.zoom === null ? fit : S.zoom;
  const x = Math.round((cv.width - w * scale) / 2 + S.pan.x), y = Math.round((cv.height - h * scale) / 2 + S.pan.y);
  return { scale, x, y };
}

function draw(preview = false) {
  const cv = $('viewport');
  const box = cv.parentElement.getBoundingClientRect();
  const W = Math.max(1, Math.floor(box.width)), H = Math.max(1, Math.floor(box.height));
  if (cv.width !== W || cv.height !== H) { cv.width = W; cv.height = H; }
  const ctx = cv.getContext('2d');
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, cv.width, cv.height);
  $('preview-note').hidden = !(preview || (!S.medium && S.previewShown)) || !!S.doc;
  if (!S.current && !preview) return;
  const t = viewTransform();
  ctx.imageSmoothingEnabled = t.scale < 1 || preview;
  ctx.drawImage(imgCanvas, t.x, t.y, imgCanvas.width * t.scale, imgCanvas.height * t.scale);
  if (S.measure) drawMeasure(ctx, t);
}

function drawMeasure(ctx, t) {
  const m = S.measure;
  const p = (q) => [t.x + q.x * t.scale, t.y + q.y * t.scale];
  const [x1, y1] = p(m.a), [x2, y2] = p(m.b);
  ctx.strokeStyle = '#ffd400'; ctx.lineWidth = 1.5;
  ctx.beginPath(); ctx.moveTo(x1, y1); ctx.lineTo(x2, y2); ctx.stroke();
  ctx.font = '14px sans-serif'; ctx.fillStyle = '#ffd400';
  ctx.fillText(measureText(m), x2 + 6, y2 - 6);
}

function measureText(m) {
  const sp = S.current && S.current.params.spacing;
  const dx = m.b.x - m.a.x, dy = m.b.y - m.a.y;
  if (!sp) return `${Math.hypot(dx, dy).toFixed(1)} px (no Pixel Spacing)`;
  // PS3.3 10.7.1.3: Pixel Spacing is row spacing (between rows, i.e. along y) then column spacing.
  const mm = Math.hypot(dx * sp.column, dy * sp.row);
  return `${mm.toFixed(1)} mm${sp.imager ? ' (at detector)' : ''}`;
}

function updateInfo() {
  const st = S.studies[S.study], se = currentSeries();
  const c = S.current;
  const ds = c ? c.ds : null;
  const set = (id, lines) => { $(id).textContent = lines.filter(Boolean).join('\n'); };
  if (!st) { set('info-tl', []); set('info-tr', []); set('info-bl', []); set('info-br', []); return; }
  set('info-tl', [st.patient.name, `ID ${st.patient.id}`, st.patient.birthDate && `Born ${fmtDate(st.patient.birthDate)} ${st.patient.sex}`]);
  set('info-tr', [ds && ds.string(T.InstitutionName), `${fmtDate(st.study.date)} ${st.study.description || ''}`,
    se && `Series ${se.number || ''} ${se.modality} ${se.description || ''}`]);
  const n = se ? se.instances.length : 0;
  const frames = c ? c.frames : 1;
  set('info-bl', [se && `Image ${S.image + 1} / ${n}${frames > 1 ? `  Frame ${S.frame + 1} / ${frames}` : ''}`,
    S.win && `W ${Math.round(S.win.width)}  L ${Math.round(S.win.center)}`,
    c && `Zoom ${Math.round(viewTransform().scale * 100)}%`]);
  set('info-br', [ds && ds.has(T.SliceThickness) && `Thickness ${ds.number(T.SliceThickness, 0, 0)} mm`,
    ds && ds.has(T.SliceLocation) && `Location ${ds.number(T.SliceLocation, 0, 0).toFixed(1)} mm`,
    c && `${c.info.columns} x ${c.info.rows} ${c.info.photometric}`, S.measure && measureText(S.measure)]);
}

function updatePresets() {
  const sel = $('presets');
  const c = S.current;
  sel.replaceChildren(el('option', { value: '' }, 'Window presets'));
  if (!c || !isGrayscale(c.info)) { sel.disabled = true; return; }
  sel.disabled = false;
  const presets = [...c.params.windows.map((w) => ({ ...w, name: `${w.name} (file)` })),
    ...(MODALITY_PRESETS[c.ds.string(T.Modality)] || []), { name: 'Full range', center: (c.range.min + c.range.max) / 2, width: c.range.max - c.range.min + 1 }];
  presets.forEach((p, i) => sel.append(el('option', { value: String(i) }, `${p.name}: ${Math.round(p.width)}/${Math.round(p.center)}`)));
  sel.onchange = () => { const p = presets[Number(sel.value)]; if (p) setWindow(p.center, p.width); sel.value = ''; };
}

function setWindow(center, width) {
  S.win = { center, width: Math.max(1, width) };
  paintImage();
}

// ---------- navigation

// Moves d images (or frames of a multi-frame image); resolves when the image is on the canvas.
function step(d) {
  const se = currentSeries();
  if (!se) return Promise.resolve();
  const frames = S.current ? S.current.frames : 1;
  if (frames > 1) {
    S.frame = (S.frame + d + frames) % frames;
  } else {
    const next = Math.min(se.instances.length - 1, Math.max(0, S.image + d));
    if (next === S.image) return Promise.resolve();
    S.image = next; S.frame = 0;
  }
  return show();
}

function stopCine() { if (S.cine) { clearInterval(S.cine); S.cine = null; $('cine').classList.remove('on'); } }
function toggleCine() {
  if (S.cine) { stopCine(); return; }
  const ds = S.current && S.current.ds;
  let fps = 10;
  if (ds && ds.number(T.CineRate, 0, 0) > 0) fps = ds.number(T.CineRate, 0, 0);
  else if (ds && ds.number(T.FrameTime, 0, 0) > 0) fps = 1000 / ds.number(T.FrameTime, 0, 0);
  fps = Math.min(60, Math.max(1, fps));
  $('cine').classList.add('on');
  S.cine = setInterval(() => {
    const se = currentSeries();
    if (S.current && S.current.frames > 1) step(1);
    else if (se) { S.image = (S.image + 1) % se.instances.length; show(); }
  }, 1000 / fps);
}

// ---------- pointer interaction (mouse, touch, pen alike)

const pointers = new Map();
let drag = null;
function toImage(ev) {
  const r = $('viewport').getBoundingClientRect();
  const t = viewTransform();
  return { x: (ev.clientX - r.left - t.x) / t.scale, y: (ev.clientY - r.top - t.y) / t.scale };
}
function onDown(ev) {
  const cv = $('viewport');
  cv.setPointerCapture(ev.pointerId);
  pointers.set(ev.pointerId, { x: ev.clientX, y: ev.clientY });
  ev.preventDefault();
  if (pointers.size === 2) { drag = { kind: 'pinch', dist: pinchDist(), zoom: viewTransform().scale, pan: { ...S.pan }, mid: pinchMid() }; return; }
  let tool = S.tool;
  if (ev.button === 1 || (ev.button === 0 && ev.shiftKey)) tool = 'pan';
  else if (ev.button === 2) tool = 'zoom';
  const range = S.current && S.current.range;
  const win = S.win || (range ? { center: (range.min + range.max) / 2, width: range.max - range.min + 1 } : null);
  drag = { kind: tool, x: ev.clientX, y: ev.clientY, win: win && { ...win }, pan: { ...S.pan }, zoom: viewTransform().scale,
    sens: range ? Math.max(0.1, (range.max - range.min) / 1024) : 1 };
  if (tool === 'measure' && S.current) { const p = toImage(ev); S.measure = { a: p, b: { ...p } }; }
}
const pinchDist = () => { const [a, b] = [...pointers.values()]; return Math.hypot(a.x - b.x, a.y - b.y) || 1; };
const pinchMid = () => { const [a, b] = [...pointers.values()]; return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 }; };
function onMove(ev) {
  if (!pointers.has(ev.pointerId) || !drag) return;
  pointers.set(ev.pointerId, { x: ev.clientX, y: ev.clientY });
  const dx = ev.clientX - (drag.x || 0), dy = ev.clientY - (drag.y || 0);
  switch (drag.kind) {
    case 'pinch': {
      if (pointers.size < 2) return;
      S.zoom = Math.min(32, Math.max(0.05, drag.zoom * (pinchDist() / drag.dist)));
      const m = pinchMid();
      S.pan = { x: drag.pan.x + m.x - drag.mid.x, y: drag.pan.y + m.y - drag.mid.y };
      draw(); updateInfo(); return;
    }
    case 'window':
      if (!drag.win || !S.current || !isGrayscale(S.current.info)) return;
      // Right: wider; down: higher level (the usual radiology convention).
      S.win = { center: drag.win.center + dy * drag.sens, width: Math.max(1, drag.win.width + dx * drag.sens) };
      paintImage(); return;
    case 'pan': S.pan = { x: drag.pan.x + dx, y: drag.pan.y + dy }; draw(); return;
    case 'zoom': S.zoom = Math.min(32, Math.max(0.05, drag.zoom * Math.exp(-dy / 200))); draw(); updateInfo(); return;
    case 'measure': if (S.measure) { S.measure.b = toImage(ev); draw(); updateInfo(); } return;
    case 'scroll': if (Math.abs(dy) >= 8) { step(Math.sign(dy)); drag.y = ev.clientY; } return;
    default:
  }
}
function onUp(ev) {
  pointers.delete(ev.pointerId);
  if (pointers.size === 0) drag = null;
}

// ---------- opening the real files

async function openMedium(medium) {
  showError('');
  S.medium = medium;
  S.secure = null;
  setStatus('Reading the disc…');
  try {
    let index;
    if (medium.dicomdir) {
      const bytes = new Uint8Array(await medium.dicomdir.arrayBuffer());
      // A secure medium's DICOMDIR is an envelope too (PS3.11 D.3.5): the index comes from it,
      // opened with the password; nothing about the patient is on the medium in clear.
      const plain = isSecureIndex(bytes) ? await unlock(bytes) : bytes;
      index = indexFromDicomdir(parseDicom(plain));
    } else {
      const entries = [];
      for (const [fileId, file] of medium.candidates()) {
        let bytes = new Uint8Array(await file.arrayBuffer());
        try {
          if (S.secure || isSecureIndex(bytes)) bytes = S.secure ? await S.secure.open(bytes) : await unlock(bytes);
          entries.push({ fileId, ds: parseDicom(bytes, { untilPixelData: true }) });
        } catch (e) { /* not DICOM */ }
      }
      index = indexFromHeaders(entries);
    }
    // Keep the selection of the authoring-time index where the same study is there.
    const keep = S.studies[S.study] && S.studies[S.study].study.uid;
    const keepSeries = currentSeries() && currentSeries().uid;
    if (S.index && S.index.thumbs) index.thumbs = S.index.thumbs;
    setIndex(index);
    const si = Math.max(0, S.studies.findIndex((x) => x.study.uid === keep));
    S.study = si;
    renderStudyList();
    const se = S.studies[si] ? S.studies[si].study.series.findIndex((x) => x.uid === keepSeries) : -1;
    setStatus(`${S.studies.length} studies from ${index.source === 'DICOMDIR' ? 'the DICOMDIR' : 'the files'}`);
    selectSeries(Math.max(0, se));
  } catch (e) {
    showError(`Cannot read the disc: ${e.message || e}`);
    setStatus('');
  }
}

function setStatus(text) { $('status').textContent = text; }

// Asks for the password until the envelope `probe` opens; resolves to its plaintext. The
// session (one key derivation per salt) then opens every other file as it is displayed.
function unlock(probe) {
  return new Promise((resolve) => {
    const form = $('password-form');
    form.hidden = false;
    setStatus('This disc is protected by a password.');
    const input = $('password');
    input.focus();
    form.onsubmit = async (ev) => {
      ev.preventDefault();
      setStatus('Opening…');
      try {
        const { secure, dicomdir } = await openSecureMedium(probe, input.value);
        S.secure = secure;
        input.value = '';
        form.hidden = true;
        showError('');
        resolve(dicomdir);
      } catch (e) {
        setStatus('');
        showError(e.message === 'wrong password' ? 'wrong password' : `Cannot open the secure medium: ${e.message || e}`);
      }
    };
  });
}

// ---------- start

function start() {
  const cv = $('viewport');
  cv.addEventListener('pointerdown', onDown);
  cv.addEventListener('pointermove', onMove);
  cv.addEventListener('pointerup', onUp);
  cv.addEventListener('pointercancel', onUp);
  cv.addEventListener('contextmenu', (e) => e.preventDefault());
  cv.addEventListener('wheel', (e) => {
    e.preventDefault();
    if (e.ctrlKey) { S.zoom = Math.min(32, Math.max(0.05, viewTransform().scale * Math.exp(-e.deltaY / 300))); draw(); updateInfo(); }
    else step(Math.sign(e.deltaY));
  }, { passive: false });
  for (const b of document.querySelectorAll('[data-tool]')) {
    b.addEventListener('click', () => {
      S.tool = b.dataset.tool;
      for (const o of document.querySelectorAll('[data-tool]')) o.classList.toggle('on', o === b);
    });
  }
  $('cine').addEventListener('click', toggleCine);
  $('overlays').addEventListener('click', () => { S.overlays = !S.overlays; $('overlays').classList.toggle('on', S.overlays); paintImage(); });
  $('fit').addEventListener('click', () => { S.zoom = null; S.pan = { x: 0, y: 0 }; draw(); updateInfo(); });
  $('actual').addEventListener('click', () => { S.zoom = 1; S.pan = { x: 0, y: 0 }; draw(); updateInfo(); });
  $('folder').addEventListener('change', (e) => { if (e.target.files.length) openMedium(fromFileList(e.target.files)); });
  $('files').addEventListener('change', (e) => { if (e.target.files.length) openMedium(fromFileList(e.target.files)); });
  document.addEventListener('keydown', (e) => {
    if (e.target.tagName === 'INPUT') return;
    if (e.key === 'ArrowDown' || e.key === 'PageDown') step(1);
    else if (e.key === 'ArrowUp' || e.key === 'PageUp') step(-1);
    else if (e.key === ' ') { e.preventDefault(); toggleCine(); }
    else if (e.key === '1') { S.zoom = 1; S.pan = { x: 0, y: 0 }; draw(); }
    else if (e.key === 'f') { S.zoom = null; S.pan = { x: 0, y: 0 }; draw(); }
    else return;
    updateInfo();
  });
  document.addEventListener('dragover', (e) => { e.preventDefault(); document.body.classList.add('dropping'); });
  document.addEventListener('dragleave', () => document.body.classList.remove('dropping'));
  document.addEventListener('drop', async (e) => {
    e.preventDefault();
    document.body.classList.remove('dropping');
    openMedium(await fromDataTransfer(e.dataTransfer));
  });
  window.addEventListener('resize', () => draw(!S.current && S.previewShown));

  const m = window.DISCUS_MEDIUM;
  if (m && m.secure) {
    setStatus('This medium is protected by a password: choose the disc folder to open it.');
  } else if (m && m.patients) {
    // Names as the DICOMDIR holds them (PN with '^'), shown as "Family, Given".
    for (const p of m.patients) p.name = personName(p.name || '');
    setIndex({ ...m, source: 'medium' });
    selectSeries(0);
    setStatus('Preview: choose the disc folder (or drop it here) to see the full images.');
  } else {
    setStatus('Choose the disc folder (or drop it here) to see the images.');
  }
  renderStudyList();
}

window.discusViewer = {
  version: '0.1.0',
  state() {
    const st = S.studies[S.study], se = currentSeries();
    return { study: st ? st.study.uid : null, series: se ? se.uid : null, image: S.image, frame: S.frame,
      sopInstanceUID: se && se.instances[S.image] ? se.instances[S.image].uid : null,
      windowCenter: S.win ? S.win.center : null, windowWidth: S.win ? S.win.width : null,
      zoom: S.current || S.previewShown ? viewTransform().scale : null, loaded: !!S.current || !!S.doc,
      document: S.doc ? S.doc.kind : null, source: S.index ? S.index.source : null,
      firstImageMs: S.firstImageAt, error: $('error').hidden ? null : $('error').textContent };
  },
  // For tests and the bench: where the image lies on the canvas, and direct control.
  view() { const t = viewTransform(); return { ...t, width: imgCanvas.width, height: imgCanvas.height }; },
  selectStudy, selectSeries, step, setWindow, gotoInstance,
  setZoom(z) { S.zoom = z; S.pan = { x: 0, y: 0 }; draw(); updateInfo(); },
  shown() { return showToken; },
  // The SHA-256 (hex) of the document shown (the PDF's bytes), so a test can hold it against its source.
  async documentDigest() {
    if (!S.doc || !S.doc.bytes) return null;
    const d = new Uint8Array(await crypto.subtle.digest('SHA-256', S.doc.bytes));
    return Array.from(d, (x) => x.toString(16).padStart(2, '0')).join('');
  },
};

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
