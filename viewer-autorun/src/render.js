// The display pipeline (PS3.3 C.11): Modality LUT stage (Rescale Slope/Intercept, C.11.1), VOI
// stage (window by C.11.2.1.2.1 LINEAR, LINEAR_EXACT and SIGMOID of C.11.2.1.3), Presentation
// (MONOCHROME1 and Presentation LUT Shape INVERSE inverted), palette colour (C.7.6.3.1.5), RGB and
// YBR_FULL(_422) to RGB. The arithmetic is the reference renderer's (`discus render`,
// src/codec/render/pipeline.cc): the viewer's pixels are tested against it within one grey level.
//   const p = displayParams(ds, frame);  renderRGBA(samples, info, p, {center, width}, imageData.data)
import { T } from './dicom.js';

function firstOf(ds, frame, tag, groupTag) {
  // Enhanced objects carry these in functional groups (PS3.3 C.7.6.16): per-frame, then shared.
  for (const seq of [T.PerFrameFunctionalGroups, T.SharedFunctionalGroups]) {
    const items = ds.items(seq);
    const item = seq === T.PerFrameFunctionalGroups ? items[frame] : items[0];
    if (!item) continue;
    const g = item.items(groupTag)[0];
    if (g && g.has(tag)) return g;
  }
  return ds.has(tag) ? ds : null;
}

export function displayParams(ds, frame = 0) {
  const r = firstOf(ds, frame, T.RescaleSlope, T.PixelValueTransformation);
  const w = firstOf(ds, frame, T.WindowCenter, T.FrameVOILUT);
  const m = firstOf(ds, frame, T.PixelSpacing, T.PixelMeasures);
  const p = {
    slope: r ? r.number(T.RescaleSlope, 0, 1) : 1,
    intercept: r ? r.number(T.RescaleIntercept, 0, 0) : 0,
    windows: [],
    voiFunction: (w && w.string(T.VOILUTFunction)) || ds.string(T.VOILUTFunction) || 'LINEAR',
    spacing: null,
  };
  if (r && !r.has(T.RescaleIntercept) && ds.has(T.RescaleIntercept)) p.intercept = ds.number(T.RescaleIntercept, 0, 0);
  if (w) {
    const c = w.numbers(T.WindowCenter), wd = w.numbers(T.WindowWidth), ex = w.strings(T.WindowExplanation);
    for (let i = 0; i < Math.min(c.length, wd.length); i++)
      if (Number.isFinite(c[i]) && Number.isFinite(wd[i])) p.windows.push({ center: c[i], width: wd[i], name: ex[i] || `File ${i + 1}` });
  }
  const sp = m ? m.numbers(T.PixelSpacing) : ds.numbers(T.ImagerPixelSpacing);
  if (sp.length >= 2 && sp[0] > 0 && sp[1] > 0) p.spacing = { row: sp[0], column: sp[1], imager: !m };
  p.invert = ds.string(T.PresentationLUTShape) === 'INVERSE';
  return p;
}

// Window presets by modality (common radiology practice), after the file's own.
export const MODALITY_PRESETS = {
  CT: [
    { name: 'Soft tissue', center: 40, width: 400 }, { name: 'Lung', center: -600, width: 1500 },
    { name: 'Bone', center: 400, width: 1800 }, { name: 'Brain', center: 40, width: 80 },
    { name: 'Liver', center: 60, width: 160 }, { name: 'Mediastinum', center: 50, width: 350 },
  ],
  MR: [], CR: [], DX: [], XA: [], US: [], MG: [], NM: [], PT: [],
};

function applyWindow(fn, center, width, x) {
  if (fn === 'LINEAR_EXACT') {
    if (width <= 0) return x <= center ? 0 : 255;
    if (x <= center - width / 2) return 0;
    if (x > center + width / 2) return 255;
    return ((x - center) / width + 0.5) * 255;
  }
  if (fn === 'SIGMOID') {
    if (width <= 0) return x <= center ? 0 : 255;
    return 255 / (1 + Math.exp((-4 * (x - center)) / width));
  }
  const c = center - 0.5;
  if (width <= 1) return x <= c ? 0 : 255;
  const half = (width - 1) / 2;
  if (x <= c - half) return 0;
  if (x > c + half) return 255;
  return ((x - c) / (width - 1) + 0.5) * 255;
}

const MAX_TABLE = 1 << 22;

function toByte(y) {
  if (!(y > 0)) return 0;
  if (y >= 255) return 255;
  return Math.round(y);  // std::lround for positive values
}

export function isGrayscale(info) { return /^MONOCHROME/.test(info.photometric); }

// The min and max modality values of a frame: what a viewer shows when the file has no window.
export function modalityRange(samples, p) {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < samples.length; i++) { const s = samples[i]; if (s < lo) lo = s; if (s > hi) hi = s; }
  const a = lo * p.slope + p.intercept, b = hi * p.slope + p.intercept;
  return { min: Math.min(a, b), max: Math.max(a, b), storedMin: lo, storedMax: hi };
}

// Fills `rgba` (width*height*4) from one frame's samples. `win` is {center, width} or null (the
// frame's range stretched).
export function renderRGBA(samples, info, p, win, rgba, palette, range) {
  const n = info.rows * info.columns;
  if (isGrayscale(info)) {
    const invert = (info.photometric === 'MONOCHROME1') !== p.invert;
    const r = range || modalityRange(samples, p);
    const shade = (stored) => {
      const m = stored * p.slope + p.intercept;
      const y = win ? applyWindow(p.voiFunction, win.center, win.width, m) : r.max > r.min ? ((m - r.min) / (r.max - r.min)) * 255 : 0;
      const b = toByte(y);
      return invert ? 255 - b : b;
    };
    const base = r.storedMin, size = r.storedMax - r.storedMin + 1;
    if (size > MAX_TABLE) {
      // 32-bit data with a wide range: each pixel shaded on its own.
      for (let i = 0, o = 0; i < n; i++, o += 4) { const g = shade(samples[i]); rgba[o] = g; rgba[o + 1] = g; rgba[o + 2] = g; rgba[o + 3] = 255; }
      return;
    }
    // Most frames hold 12-16 bit values: each distinct stored value is shaded once.
    const table = new Uint8Array(size);
    for (let v = 0; v < size; v++) table[v] = shade(base + v);
    for (let i = 0, o = 0; i < n; i++, o += 4) {
      const g = table[samples[i] - base];
      rgba[o] = g; rgba[o + 1] = g; rgba[o + 2] = g; rgba[o + 3] = 255;
    }
    return;
  }
  if (info.photometric === 'PALETTE COLOR') {
    for (let i = 0, o = 0; i < n; i++, o += 4) {
      rgba[o] = palette.red(samples[i]); rgba[o + 1] = palette.green(samples[i]); rgba[o + 2] = palette.blue(samples[i]); rgba[o + 3] = 255;
    }
    return;
  }
  const scale = 255 / (2 ** info.bitsStored - 1);
  const ybr = /^YBR_FULL/.test(info.photometric);
  for (let i = 0, o = 0; i < n; i++, o += 4) {
    const a = samples[3 * i] * scale, b = samples[3 * i + 1] * scale, c = samples[3 * i + 2] * scale;
    if (ybr) {
      rgba[o] = toByte(a + 1.402 * (c - 128));
      rgba[o + 1] = toByte(a - 0.344136 * (b - 128) - 0.714136 * (c - 128));
      rgba[o + 2] = toByte(a + 1.772 * (b - 128));
    } else { rgba[o] = toByte(a); rgba[o + 1] = toByte(b); rgba[o + 2] = toByte(c); }
    rgba[o + 3] = 255;
  }
}

// Palette Color LUTs (PS3.3 C.7.6.3.1.5): descriptor [entries (0 = 65536), first mapped, bits].
export function paletteFrom(ds) {
  const one = (desc, data) => {
    const entries = ds.uint16(desc, 0, 0) || 65536;
    const first = ds.uint16(desc, 1, 0);
    const bits = ds.uint16(desc, 2, 16);
    const raw = ds.raw(data);
    if (!raw) return () => 0;
    const lut = new Uint8Array(entries);
    const d = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const full = 2 ** bits - 1;
    for (let i = 0; i < entries; i++) {
      let v;
      if (bits === 8 && raw.length === entries) v = raw[i];           // 8-bit entries as bytes
      else if (2 * i + 1 < raw.length) v = d.getUint16(2 * i, ds.little);
      else v = 0;
      if (bits === 8 && raw.length !== entries) v &= 0xff;
      lut[i] = toByte((v * 255) / full);
    }
    return (x) => lut[x <= first ? 0 : Math.min(x - first, entries - 1)];
  };
  return {
    red: one(T.RedPaletteDescriptor, T.RedPaletteData),
    green: one(T.GreenPaletteDescriptor, T.GreenPaletteData),
    blue: one(T.BluePaletteDescriptor, T.BluePaletteData),
  };
}

// Overlay planes (PS3.3 C.9.2; groups 6000-601E, PS3.5 7.6) burnt in white into `rgba`, as
// `discus render --overlays` does: 1-bit data packed from the least significant bit, Overlay
// Origin 1-based (may be negative), multi-frame overlays through Number of Frames in Overlay and
// Image Frame Origin. Returns how many planes were drawn.
export function burnOverlays(ds, frame, width, height, rgba) {
  let drawn = 0;
  for (let group = 0x6000; group <= 0x601e; group += 2) {
    const g = group.toString(16).toUpperCase();
    const data = ds.raw(`${g}3000`);
    if (!data) continue;
    const rows = ds.uint16(`${g}0010`, 0, 0), cols = ds.uint16(`${g}0011`, 0, 0);
    if (!rows || !cols || ds.uint16(`${g}0100`, 0, 1) !== 1) continue;
    const originRow = ds.int16(`${g}0050`, 0, 1), originCol = ds.int16(`${g}0050`, 1, 1);
    let overlayFrame = 0;
    if (ds.has(`${g}0015`)) {
      const count = ds.number(`${g}0015`, 0, 1), first = ds.uint16(`${g}0051`, 0, 1);
      overlayFrame = frame + 1 - first;
      if (overlayFrame < 0 || overlayFrame >= count) continue;
    }
    const plane = rows * cols, base = overlayFrame * plane;
    if (Math.ceil((base + plane) / 8) > data.length) continue;
    for (let r = 0; r < rows; r++) {
      const y = r + originRow - 1;
      if (y < 0 || y >= height) continue;
      for (let c = 0; c < cols; c++) {
        const x = c + originCol - 1;
        if (x < 0 || x >= width) continue;
        const bit = base + r * cols + c;
        if (!((data[bit >> 3] >> (bit & 7)) & 1)) continue;
        const o = (y * width + x) * 4;
        rgba[o] = 255; rgba[o + 1] = 255; rgba[o + 2] = 255;
      }
    }
    drawn++;
  }
  return drawn;
}
