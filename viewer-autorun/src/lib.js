// Everything the viewer computes without a page, for the tests under Node (test/*.test.mjs).
export { parseDicom, T, TS, DicomError } from './dicom.js';
export { imageInfo, decodeFrame, decodeRle, encapsulatedFrame } from './pixels.js';
export { displayParams, renderRGBA, modalityRange, paletteFrom, isGrayscale, burnOverlays } from './render.js';
export { indexFromDicomdir, indexFromHeaders, studiesOf, personName } from './index_model.js';
export { normalise, PickedMedium } from './files.js';
export { PasswordSession, parseEnvelope, WrongPassword } from './cms.js';
export { documentKind, srTree, srText, pdfBytes } from './report.js';
