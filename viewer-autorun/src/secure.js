// Secure media (PS3.10 7.4, PS3.15 D.1): every file, the DICOMDIR too, is CMS Enveloped-data.
// This module recognises them; opening them with a password lives in cms.js.
//   if (isSecureIndex(bytes)) { const {secure, dicomdir} = await openSecureMedium(bytes, pw); }

// A Part 10 file has 'DICM' at byte 128; a CMS ContentInfo is a DER SEQUENCE (0x30).
export function isSecureIndex(bytes) {
  const dicm = bytes.length > 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
  return !dicm && bytes[0] === 0x30;
}

export async function openSecureMedium() {
  throw new Error('password media are not supported by this version of the viewer');
}
