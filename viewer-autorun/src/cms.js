// Secure DICOM Files opened with a password in the browser (PS3.10 7.4, PS3.15 D.1): CMS
// Enveloped-data (RFC 5652 6) with a password recipient (RFC 3211: PBKDF2 of RFC 2898 to a key
// encryption key, id-alg-PWRI-KEK key wrap), AES-CBC content encryption, inside it Digested-data
// (digest checked) or Signed-data (content taken; the signature is not verified here). BER with
// indefinite lengths and constructed OCTET STRINGs (what streaming writers produce) is read.
// Crypto is WebCrypto's: PBKDF2, AES-CBC, SHA; nothing is written anywhere.
//   const s = new PasswordSession(password);  const dicomFile = await s.open(envelopeBytes);
const MAX_DEPTH = 32;

export class CmsError extends Error {}
export class WrongPassword extends Error { constructor() { super('wrong password'); } }

// ---------- BER (X.690)

function node(b, pos, end, depth = 0) {
  if (depth > MAX_DEPTH) throw new CmsError('BER nested too deep');
  if (pos + 2 > end) throw new CmsError(`BER: data ends at byte ${pos}`);
  const start = pos;
  const tag = b[pos++];
  if ((tag & 0x1f) === 0x1f) throw new CmsError(`BER: high tag number at byte ${start}`);
  let len = b[pos++];
  let indefinite = false;
  if (len === 0x80) indefinite = true;
  else if (len & 0x80) {
    const n = len & 0x7f;
    if (n > 4 || pos + n > end) throw new CmsError(`BER: bad length at byte ${start}`);
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[pos++];
  }
  const constructed = (tag & 0x20) !== 0;
  const n = { tag, constructed, start, body: pos, bodyEnd: 0, end: 0, children: null };
  if (indefinite) {
    if (!constructed) throw new CmsError(`BER: indefinite length on a primitive at byte ${start}`);
    n.children = [];
    let p = pos;
    for (;;) {
      if (p + 2 > end) throw new CmsError(`BER: no end-of-contents for the value at byte ${start}`);
      if (b[p] === 0 && b[p + 1] === 0) { n.bodyEnd = p; n.end = p + 2; break; }
      const c = node(b, p, end, depth + 1);
      n.children.push(c);
      p = c.end;
    }
  } else {
    if (pos + len > end) throw new CmsError(`BER: the value at byte ${start} runs past its container`);
    n.bodyEnd = pos + len;
    n.end = pos + len;
    if (constructed) {
      n.children = [];
      for (let p = pos; p < n.bodyEnd;) { const c = node(b, p, n.bodyEnd, depth + 1); n.children.push(c); p = c.end; }
    }
  }
  return n;
}

function octets(b, n) {
  if (!n.constructed) return b.subarray(n.body, n.bodyEnd);
  const parts = n.children.map((c) => octets(b, c));
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

function oid(b, n) {
  const v = b.subarray(n.body, n.bodyEnd);
  const out = [Math.floor(v[0] / 40), v[0] % 40];
  let x = 0;
  for (let i = 1; i < v.length; i++) { x = x * 128 + (v[i] & 0x7f); if (!(v[i] & 0x80)) { out.push(x); x = 0; } }
  return out.join('.');
}

function integer(b, n) {
  let x = 0;
  for (let i = n.body; i < n.bodyEnd; i++) x = x * 256 + b[i];
  return x;
}

const OID = {
  data: '1.2.840.113549.1.7.1', envelopedData: '1.2.840.113549.1.7.3', digestedData: '1.2.840.113549.1.7.5', signedData: '1.2.840.113549.1.7.2',
  pbkdf2: '1.2.840.113549.1.5.12', pwriKek: '1.2.840.113549.1.9.16.3.9',
  hmacSha1: '1.2.840.113549.2.7', hmacSha256: '1.2.840.113549.2.9', hmacSha384: '1.2.840.113549.2.10', hmacSha512: '1.2.840.113549.2.11',
  aes128: '2.16.840.1.101.3.4.1.2', aes192: '2.16.840.1.101.3.4.1.22', aes256: '2.16.840.1.101.3.4.1.42', desEde3: '1.2.840.113549.3.7',
  sha1: '1.3.14.3.2.26', sha256: '2.16.840.1.101.3.4.2.1', sha384: '2.16.840.1.101.3.4.2.2', sha512: '2.16.840.1.101.3.4.2.3',
};
const AES_BYTES = { [OID.aes128]: 16, [OID.aes192]: 24, [OID.aes256]: 32 };
const PRF = { [OID.hmacSha1]: 'SHA-1', [OID.hmacSha256]: 'SHA-256', [OID.hmacSha384]: 'SHA-384', [OID.hmacSha512]: 'SHA-512' };
const DIGEST = { [OID.sha1]: 'SHA-1', [OID.sha256]: 'SHA-256', [OID.sha384]: 'SHA-384', [OID.sha512]: 'SHA-512' };

function cipherOf(b, algId) {
  const id = oid(b, algId.children[0]);
  if (id === OID.desEde3) throw new CmsError('Triple-DES media are not supported by this viewer (WebCrypto has no 3DES); open them with discus decrypt');
  if (!AES_BYTES[id]) throw new CmsError(`content cipher ${id} is not supported (AES-128/192/256-CBC are)`);
  const iv = octets(b, algId.children[1]);
  if (iv.length !== 16) throw new CmsError('AES-CBC needs a 16-byte IV');
  return { keyBytes: AES_BYTES[id], iv };
}

// The parts of an Enveloped-data that a password opens.
export function parseEnvelope(b) {
  const ci = node(b, 0, b.length);
  if (ci.tag !== 0x30 || !ci.children || ci.children.length < 2 || oid(b, ci.children[0]) !== OID.envelopedData)
    throw new CmsError('not a CMS Enveloped-data (PS3.10 7.4)');
  const env = ci.children[1].children[0];
  let k = 1;
  if (env.children[k].tag === 0xa0) k++;  // originatorInfo
  const recipients = env.children[k];
  const eci = env.children[k + 1];
  const pwri = recipients.children.find((r) => r.tag === 0xa3);
  if (!pwri) throw new CmsError('this file has no password recipient (it is opened with a private key)');
  const [, kdf, kea, ek] = pwri.children;
  if (kdf.tag !== 0xa0 || oid(b, kdf.children[0]) !== OID.pbkdf2) throw new CmsError('the password recipient does not use PBKDF2');
  const p = kdf.children[1].children;
  const salt = octets(b, p[0]);
  const iterations = integer(b, p[1]);
  let prf = 'SHA-1';
  for (const x of p.slice(2)) if (x.tag === 0x30) prf = PRF[oid(b, x.children[0])] || null;
  if (!prf) throw new CmsError('unsupported PBKDF2 PRF');
  if (iterations < 1 || iterations > 2000000) throw new CmsError(`PBKDF2 iteration count ${iterations} is outside 1..2,000,000`);
  if (oid(b, kea.children[0]) !== OID.pwriKek) throw new CmsError('the key encryption is not id-alg-PWRI-KEK (RFC 3211)');
  const kek = cipherOf(b, kea.children[1]);
  const content = cipherOf(b, eci.children[1]);
  const enc = eci.children[2];
  if (!enc || (enc.tag & 0x1f) !== 0) throw new CmsError('the envelope carries no encrypted content');
  return { salt, iterations, prf, kek, encryptedKey: octets(b, ek), content, contentType: oid(b, eci.children[0]), encryptedContent: octets(b, enc) };
}

// ---------- WebCrypto

const subtle = () => {
  if (!globalThis.crypto || !globalThis.crypto.subtle) throw new CmsError('this browser offers no WebCrypto here (a secure context is needed)');
  return globalThis.crypto.subtle;
};

// Raw CBC decryption (no padding) with WebCrypto, which always strips PKCS#7 padding: a block
// that decrypts to a full padding block is appended (the encryption of nothing with the last
// ciphertext block as IV), so the padding WebCrypto removes is ours.
async function cbcDecryptRaw(key, iv, data) {
  const last = data.subarray(data.length - 16);
  const pad = new Uint8Array(await subtle().encrypt({ name: 'AES-CBC', iv: last }, key, new Uint8Array(0)));
  const all = new Uint8Array(data.length + 16);
  all.set(data); all.set(pad.subarray(0, 16), data.length);
  return new Uint8Array(await subtle().decrypt({ name: 'AES-CBC', iv }, key, all));
}

// RFC 3211 2.3.2: undo the outer CBC pass (last block first), then the inner one; check bytes.
async function unwrapKey(kek, iv, wrapped) {
  const n = wrapped.length;
  if (n < 32 || n % 16) throw new CmsError('the wrapped key is not at least two whole AES blocks');
  const lastPlain = await cbcDecryptRaw(kek, wrapped.subarray(n - 32, n - 16), wrapped.subarray(n - 16));
  const head = await cbcDecryptRaw(kek, lastPlain, wrapped.subarray(0, n - 16));
  const inner = new Uint8Array(n);
  inner.set(head); inner.set(lastPlain, n - 16);
  const key = await cbcDecryptRaw(kek, iv, inner);
  const len = key[0];
  if (len < 16 || len + 4 > n || (key[1] ^ key[4]) !== 0xff || (key[2] ^ key[5]) !== 0xff || (key[3] ^ key[6]) !== 0xff) throw new WrongPassword();
  return key.slice(4, 4 + len);
}

// The inner Digested-data (digest checked) or Signed-data; returns the DICOM file's bytes.
async function innerContent(b) {
  let top = node(b, 0, b.length);
  // A ContentInfo wrapper (contentType, [0] content) around the inner structure, if present.
  if (top.children && top.children[0].tag === 0x06 && top.children[1] && top.children[1].tag === 0xa0) {
    const type = oid(b, top.children[0]);
    top = top.children[1].children[0];
    top.kind = type;
  }
  const encap = top.children.find((c) => c.tag === 0x30 && c.children && c.children[0].tag === 0x06 && c.children[1] && c.children[1].tag === 0xa0);
  if (!encap) throw new CmsError('the decrypted content holds no encapsulated content');
  const econtent = encap.children[1].children[0];
  const data = octets(b, econtent);
  const algo = top.children[1];
  const digest = top.children[top.children.length - 1];
  if (top.children.length === 4 && algo.tag === 0x30 && digest.tag === 0x04) {
    const name = DIGEST[oid(b, algo.children[0])];
    if (!name) throw new CmsError('unsupported digest algorithm');
    const got = new Uint8Array(await subtle().digest(name, data));
    const want = octets(b, digest);
    if (got.length !== want.length || got.some((x, i) => x !== want[i])) throw new CmsError('the inner digest does not match: the file was altered');
    return { data, signed: false };
  }
  return { data, signed: true };
}

export class PasswordSession {
  constructor(password) {
    this.password = new TextEncoder().encode(password);
    this.keks = new Map();  // one PBKDF2 per (salt, iterations, PRF, key size): a medium made with one salt derives once
  }
  async kek(e) {
    const id = `${Array.from(e.salt).join(',')}|${e.iterations}|${e.prf}|${e.kek.keyBytes}`;
    if (!this.keks.has(id)) {
      this.keks.set(id, (async () => {
        const base = await subtle().importKey('raw', this.password, 'PBKDF2', false, ['deriveBits']);
        const bits = await subtle().deriveBits({ name: 'PBKDF2', hash: e.prf, salt: e.salt, iterations: e.iterations }, base, e.kek.keyBytes * 8);
        return subtle().importKey('raw', bits, { name: 'AES-CBC' }, false, ['encrypt', 'decrypt']);
      })());
    }
    return this.keks.get(id);
  }
  async open(bytes) {
    const e = parseEnvelope(bytes);
    const kek = await this.kek(e);
    const cek = await unwrapKey(kek, e.kek.iv, e.encryptedKey);
    if (cek.length !== e.content.keyBytes) throw new WrongPassword();
    const key = await subtle().importKey('raw', cek, { name: 'AES-CBC' }, false, ['decrypt']);
    let plain;
    try {
      plain = new Uint8Array(await subtle().decrypt({ name: 'AES-CBC', iv: e.content.iv }, key, e.encryptedContent));
    } catch (err) {
      throw new WrongPassword();  // bad padding: the key was wrong after all (check bytes match 1 in 2^24)
    }
    if (e.contentType === OID.data) return plain;  // plain `openssl cms -encrypt`: the file itself
    const inner = await innerContent(plain);
    const data = inner.data.slice();
    plain.fill(0);
    return data;
  }
}
