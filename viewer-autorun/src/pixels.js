// Pixel data to samples: frame extraction (PS3.5 8.2 native, A.4 encapsulated with the Basic or
// Extended Offset Table, or by walking fragments), RLE Lossless in plain JS (PS3.5 Annex G), and
// the compressed syntaxes through codecs.js. Output: one frame as an Int32Array of samples,
// interleaved for colour, with Bits Stored masked and signed values sign-extended (PS3.5 8.1.1).
//   const f = imageInfo(ds);  const s = await decodeFrame(ds, f, 0);  // {samples, info}
import { T, DicomError } from './dicom.js';
import { decodeCompressed, compressedKind } from './codecs.js';

export function imageInfo(ds) {
  const rows = ds.uint16(T.Rows, 0, 0), columns = ds.uint16(T.Columns, 0, 0);
  const info = {
    rows, columns,
    samplesPerPixel: ds.uint16(T.SamplesPerPixel, 0, 1),
    photometric: ds.string(T.PhotometricInterpretation) || 'MONOCHROME2',
    planar: ds.uint16(T.PlanarConfiguration, 0, 0),
    bitsAllocated: ds.uint16(T.BitsAllocated, 0, 16),
    bitsStored: ds.uint16(T.BitsStored, 0, 0),
    highBit: ds.uint16(T.HighBit, 0, 0),
    signed: ds.uint16(T.PixelRepresentation, 0, 0) === 1,
    frames: Math.max(1, ds.number(T.NumberOfFrames, 0, 1) | 0),
    transferSyntax: ds.transferSyntax,
  };
  if (!info.bitsStored) info.bitsStored = info.bitsAllocated;
  if (!info.highBit) info.highBit = info.bitsStored - 1;
  if (!rows || !columns) throw new DicomError('no image: Rows or Columns is missing (not an image object?)');
  return info;
}

// The encoded bytes of frame `index` of an encapsulated Pixel Data element.
export function encapsulatedFrame(ds, info, index) {
  const el = ds.element(T.PixelData);
  const frags = el.fragments;
  const bytes = ds.bytes;
  if (!frags.length) throw new DicomError('(7FE0,0010) holds no fragments');
  const concat = (list) => {
    if (list.length === 1) return bytes.subarray(list[0].offset, list[0].offset + list[0].length);
    const n = list.reduce((a, f) => a + f.length, 0);
    const out = new Uint8Array(n);
    let p = 0;
    for (const f of list) { out.set(bytes.subarray(f.offset, f.offset + f.length), p); p += f.length; }
    return out;
  };
  if (info.frames === 1) return concat(frags);
  // Extended Offset Table (7FE0,0001), 64-bit offsets from the first fragment's item tag.
  const eot = ds.raw(T.ExtendedOffsetTable);
  const base = frags[0].itemOffset;
  let starts = null;
  if (eot && eot.length >= 8 * info.frames) {
    const d = new DataView(eot.buffer, eot.byteOffset, eot.byteLength);
    starts = [];
    for (let i = 0; i < info.frames; i++) starts.push(Number(d.getBigUint64(8 * i, true)));
  } else if (el.offsets && el.offsets.length === info.frames) {
    starts = el.offsets;
  }
  if (starts) {
    const first = starts[index] + base, last = index + 1 < starts.length ? starts[index + 1] + base : Infinity;
    const list = frags.filter((f) => f.itemOffset >= first && f.itemOffset < last);
    if (list.length) return concat(list);
  }
  if (frags.length === info.frames) return concat([frags[index]]);
  // No usable table: a frame begins where a stream begins (JPEG SOI FFD8, J2K SOC FF4F, JP2 box).
  const groups = [];
  for (const f of frags) {
    const b0 = bytes[f.offset], b1 = bytes[f.offset + 1];
    const begins = (b0 === 0xff && (b1 === 0xd8 || b1 === 0x4f)) || (b0 === 0 && bytes[f.offset + 4] === 0x6a);
    if (begins || !groups.length) groups.push([f]); else groups[groups.length - 1].push(f);
  }
  if (groups.length !== info.frames) throw new DicomError(`cannot find frame ${index + 1} of ${info.frames} in ${frags.length} fragments`);
  return concat(groups[index]);
}

// Stored values of a native frame; bits outside Bits Stored masked, signed values extended.
function nativeFrame(ds, info, index) {
  const el = ds.element(T.PixelData);
  if (!el || el.items) throw new DicomError('no Pixel Data (7FE0,0010)');
  const spp = info.samplesPerPixel;
  const count = info.rows * info.columns * spp;
  let bytesPerFrame;
  if (info.bitsAllocated === 1) bytesPerFrame = Math.ceil(count / 8);
  else bytesPerFrame = count * (info.bitsAllocated / 8);
  const ycc422 = info.photometric === 'YBR_FULL_422';
  if (ycc422) bytesPerFrame = (info.rows * info.columns * 2 * info.bitsAllocated) / 8;
  const start = el.offset + bytesPerFrame * index;
  if (start + bytesPerFrame > el.offset + el.length) throw new DicomError(`(7FE0,0010): frame ${index + 1} lies past the end of the pixel data`);
  const src = ds.bytes.subarray(start, start + bytesPerFrame);
  let out = new Int32Array(count);
  if (info.bitsAllocated === 8) {
    if (ycc422) {
      for (let i = 0, o = 0; i + 3 < src.length; i += 4, o += 6) {
        out[o] = src[i]; out[o + 1] = src[i + 2]; out[o + 2] = src[i + 3];
        out[o + 3] = src[i + 1]; out[o + 4] = src[i + 2]; out[o + 5] = src[i + 3];
      }
    } else for (let i = 0; i < count; i++) out[i] = src[i];
  } else if (info.bitsAllocated === 16) {
    const d = new DataView(src.buffer, src.byteOffset, src.byteLength);
    for (let i = 0; i < count; i++) out[i] = d.getUint16(2 * i, ds.little);
  } else if (info.bitsAllocated === 32) {
    const d = new DataView(src.buffer, src.byteOffset, src.byteLength);
    for (let i = 0; i < count; i++) out[i] = d.getUint32(4 * i, ds.little) | 0;
  } else if (info.bitsAllocated === 1) {
    for (let i = 0; i < count; i++) out[i] = (src[i >> 3] >> (i & 7)) & 1;
  } else throw new DicomError(`Bits Allocated ${info.bitsAllocated} is not supported`);
  if (spp > 1 && info.planar === 1) out = interleave(out, info.rows * info.columns, spp);
  return out;
}

function interleave(planar, pixels, spp) {
  const out = new Int32Array(planar.length);
  for (let s = 0; s < spp; s++) for (let i = 0; i < pixels; i++) out[i * spp + s] = planar[s * pixels + i];
  return out;
}

// RLE Lossless (PS3.5 Annex G): a 64-byte header of segment offsets, each segment a PackBits
// stream of one byte plane (most significant byte first, sample by sample).
export function decodeRle(data, info) {
  const d = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (data.length < 64) throw new DicomError('RLE frame shorter than its 64-byte header');
  const segments = d.getUint32(0, true);
  const bytesPerSample = info.bitsAllocated / 8;
  const spp = info.samplesPerPixel;
  if (segments !== bytesPerSample * spp) throw new DicomError(`RLE header names ${segments} segments, ${bytesPerSample * spp} expected`);
  const pixels = info.rows * info.columns;
  const out = new Int32Array(pixels * spp);
  for (let s = 0; s < segments; s++) {
    const start = d.getUint32(4 + 4 * s, true);
    const end = s + 1 < segments ? d.getUint32(8 + 4 * s, true) : data.length;
    if (start < 64 || start > data.length || end > data.length || end < start) throw new DicomError(`RLE segment ${s + 1}: offset out of range`);
    const plane = new Uint8Array(pixels);
    let p = start, o = 0;
    while (p < end && o < pixels) {
      const n = (data[p++] << 24) >> 24;
      if (n >= 0) {
        const len = Math.min(n + 1, pixels - o, end - p);
        plane.set(data.subarray(p, p + len), o); o += len; p += n + 1;
      } else if (n !== -128) {
        const len = Math.min(1 - n, pixels - o);
        plane.fill(data[p++], o, o + len); o += len;
      }
    }
    if (o < pixels) throw new DicomError(`RLE segment ${s + 1} of ${segments}: data ends at pixel ${o} of ${pixels}`);
    const sample = Math.floor(s / bytesPerSample);
    const shift = 8 * (bytesPerSample - 1 - (s % bytesPerSample));
    for (let i = 0; i < pixels; i++) out[i * spp + sample] |= plane[i] << shift;
  }
  return out;
}

function maskAndSign(samples, info) {
  const bits = info.bitsStored;
  if (bits >= 32) return samples;
  const shift = info.highBit + 1 - bits;
  const mask = bits === 32 ? -1 : (1 << bits) - 1;
  if (info.signed) {
    const sh = 32 - bits;
    for (let i = 0; i < samples.length; i++) samples[i] = (((samples[i] >> shift) & mask) << sh) >> sh;
  } else {
    for (let i = 0; i < samples.length; i++) samples[i] = (samples[i] >> shift) & mask;
  }
  return samples;
}

// Decodes frame `index`: {samples: Int32Array, info} where info may change (a JPEG decoder turns
// YBR into RGB, so the photometric interpretation after decoding is RGB).
export async function decodeFrame(ds, info, index) {
  if (index < 0 || index >= info.frames) throw new DicomError(`frame ${index + 1} of ${info.frames} does not exist`);
  const el = ds.element(T.PixelData);
  if (!el) throw new DicomError('no Pixel Data (7FE0,0010): nothing to display');
  const outInfo = { ...info };
  let samples;
  if (!el.fragments) {
    samples = nativeFrame(ds, info, index);
  } else {
    const data = encapsulatedFrame(ds, info, index);
    if (info.transferSyntax === '1.2.840.10008.1.2.5') {
      samples = decodeRle(data, info);
    } else {
      const kind = compressedKind(info.transferSyntax);
      if (!kind) throw new DicomError(`transfer syntax ${info.transferSyntax} is not supported by this viewer`);
      const r = await decodeCompressed(kind, data, info);
      samples = r.samples;
      if (r.photometric) outInfo.photometric = r.photometric;
    }
  }
  return { samples: maskAndSign(samples, outInfo), info: outInfo };
}
