// Compressed pixel data (PS3.5 A.4, 8.2): JPEG Lossless (.57, .70) in plain JS
// (jpeg-lossless-decoder-js), JPEG-LS (.80, .81) and JPEG 2000 / HTJ2K (.90, .91, .201-.203) as
// WebAssembly (CharLS and OpenJPEG, the cornerstone builds), JPEG Baseline (.50) by the browser's
// own decoder. The WebAssembly bytes are embedded in the bundle (esbuild's binary loader) and
// handed to Emscripten as `wasmBinary`, because a page opened from file:// may not fetch them.
//   const {samples, photometric} = await decodeCompressed(compressedKind(ts), bytes, info);
import { Decoder as LosslessDecoder } from 'jpeg-lossless-decoder-js';
import OpenJPEGWASM from '@cornerstonejs/codec-openjpeg/decodewasmjs';
import openjpegWasm from '@cornerstonejs/codec-openjpeg/decodewasm';
import CharLSWASM from '@cornerstonejs/codec-charls/decodewasmjs';
import charlsWasm from '@cornerstonejs/codec-charls/decodewasm';
import { DicomError } from './dicom.js';

const KINDS = {
  '1.2.840.10008.1.2.4.57': 'jpeg-lossless',
  '1.2.840.10008.1.2.4.70': 'jpeg-lossless',
  '1.2.840.10008.1.2.4.50': 'jpeg-baseline',
  '1.2.840.10008.1.2.4.80': 'jpeg-ls',
  '1.2.840.10008.1.2.4.81': 'jpeg-ls',
  '1.2.840.10008.1.2.4.90': 'jpeg2000',
  '1.2.840.10008.1.2.4.91': 'jpeg2000',
  '1.2.840.10008.1.2.4.201': 'jpeg2000',
  '1.2.840.10008.1.2.4.202': 'jpeg2000',
  '1.2.840.10008.1.2.4.203': 'jpeg2000',
};

export function compressedKind(ts) { return KINDS[ts] || null; }

let openjpeg = null, charls = null;
function openjpegModule() {
  if (!openjpeg) openjpeg = OpenJPEGWASM({ wasmBinary: openjpegWasm, locateFile: () => '' });
  return openjpeg;
}
function charlsModule() {
  if (!charls) charls = CharLSWASM({ wasmBinary: charlsWasm, locateFile: () => '' });
  return charls;
}

function toSamples(buffer, bits, signed, count) {
  let typed;
  if (bits <= 8) typed = signed ? new Int8Array(buffer.buffer, buffer.byteOffset, count) : new Uint8Array(buffer.buffer, buffer.byteOffset, count);
  else typed = signed ? new Int16Array(buffer.buffer, buffer.byteOffset, count) : new Uint16Array(buffer.buffer, buffer.byteOffset, count);
  return Int32Array.from(typed);
}

async function decodeWasm(mod, Klass, data, info) {
  const m = await mod();
  const decoder = new m[Klass]();
  try {
    decoder.getEncodedBuffer(data.length).set(data);
    decoder.decode();
    const fi = decoder.getFrameInfo();
    if (fi.width !== info.columns || fi.height !== info.rows)
      throw new DicomError(`the ${Klass === 'J2KDecoder' ? 'JPEG 2000' : 'JPEG-LS'} stream is ${fi.width}x${fi.height}, the image ${info.columns}x${info.rows}`);
    const comps = fi.componentCount;
    const count = fi.width * fi.height * comps;
    const decoded = decoder.getDecodedBuffer();
    let samples = toSamples(decoded, fi.bitsPerSample, info.signed || fi.isSigned, count);
    let photometric = null;
    if (comps === 3) {
      // CharLS keeps a non-interleaved (ILV none) colour stream plane by plane.
      if (Klass === 'JpegLSDecoder' && decoder.getInterleaveMode() === 0) {
        const n = fi.width * fi.height, out = new Int32Array(count);
        for (let c = 0; c < 3; c++) for (let i = 0; i < n; i++) out[i * 3 + c] = samples[c * n + i];
        samples = out;
      }
      // OpenJPEG undoes the reversible/irreversible colour transform (YBR_RCT, YBR_ICT).
      if (Klass === 'J2KDecoder' && /YBR_(RCT|ICT)/.test(info.photometric)) photometric = 'RGB';
    }
    return { samples, photometric };
  } finally {
    decoder.delete();
  }
}

async function decodeBaseline(data, info) {
  const blob = new Blob([data], { type: 'image/jpeg' });
  const bmp = await createImageBitmap(blob, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  const canvas = document.createElement('canvas');
  canvas.width = bmp.width; canvas.height = bmp.height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  ctx.drawImage(bmp, 0, 0);
  const rgba = ctx.getImageData(0, 0, bmp.width, bmp.height).data;
  const n = bmp.width * bmp.height, spp = info.samplesPerPixel;
  const out = new Int32Array(n * spp);
  for (let i = 0; i < n; i++) for (let c = 0; c < spp; c++) out[i * spp + c] = rgba[i * 4 + c];
  return { samples: out, photometric: spp === 3 ? 'RGB' : null };
}

export async function decodeCompressed(kind, data, info) {
  switch (kind) {
    case 'jpeg-lossless': {
      const copy = data.slice();  // the decoder takes an ArrayBuffer, and keeps no reference
      const bytes = info.bitsAllocated <= 8 ? 1 : 2;
      const out = new LosslessDecoder().decode(copy.buffer, 0, copy.length, bytes);
      const count = info.rows * info.columns * info.samplesPerPixel;
      return { samples: toSamples(new Uint8Array(out.buffer), bytes === 1 ? 8 : 16, false, count), photometric: null };
    }
    case 'jpeg-ls': return decodeWasm(charlsModule, 'JpegLSDecoder', data, info);
    case 'jpeg2000': return decodeWasm(openjpegModule, 'J2KDecoder', data, info);
    case 'jpeg-baseline': return decodeBaseline(data, info);
    default: throw new DicomError(`no decoder for ${kind}`);
  }
}
