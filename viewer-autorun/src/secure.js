// Secure media (PS3.10 7.4, PS3.15 D.1): every file, the DICOMDIR too, is CMS Enveloped-data.
// The DICOMDIR is opened with the password first (a wrong one is said so at once); the other
// files are opened as they are displayed, in memory only, with the same session (cms.js).
//   if (isSecureIndex(bytes)) { const {secure, dicomdir} = await openSecureMedium(bytes, pw); }
import { PasswordSession, WrongPassword } from './cms.js';

// A Part 10 file has 'DICM' at byte 128; a CMS ContentInfo is a BER SEQUENCE (0x30).
export function isSecureIndex(bytes) {
  const dicm = bytes.length > 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
  return !dicm && bytes[0] === 0x30;
}

export async function openSecureMedium(dicomdirBytes, password) {
  const session = new PasswordSession(password);
  let dicomdir;
  try {
    dicomdir = await session.open(dicomdirBytes);
  } catch (e) {
    if (e instanceof WrongPassword) throw new Error('wrong password');
    throw e;
  }
  return { secure: { open: (bytes) => session.open(bytes) }, dicomdir };
}
