// Password envelopes opened by the viewer's CMS code (cms.js) under Node's WebCrypto: what
// `discus encrypt` writes (AES-256-CBC, PBKDF2, RFC 3211, Digested-data inside) and what
// `openssl cms -encrypt -pwri_password` writes (AES-128 and AES-256, plain data inside) open to the
// original bytes; a wrong password is "wrong password"; a flipped ciphertext byte or a Triple-DES
// envelope is refused with the reason. DISCUS names the discus binary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { loadLib } from './bundle.mjs';

const discus = process.env.DISCUS || new URL('../../build/release/src/discus', import.meta.url).pathname;
const source = '/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm';
const PASSWORD = 'correct horse battery staple';
const lib = await loadLib();
const work = mkdtempSync(join(tmpdir(), 'viewer-cms-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const original = new Uint8Array(readFileSync(source));
writeFileSync(join(work, 'pw'), PASSWORD + '\n', { mode: 0o600 });

function envelope(name, args) {
  const out = join(work, name);
  execFileSync(args[0], [...args.slice(1), out], { stdio: 'pipe' });
  return new Uint8Array(readFileSync(out));
}
const cases = {
  'discus encrypt (AES-256, Digested-data)': () => envelope('d.sec', [discus, 'encrypt', '--password-file', join(work, 'pw'), source]),
  'discus encrypt --cipher aes-128-cbc': () => envelope('d128.sec', [discus, 'encrypt', '--cipher', 'aes-128-cbc', '--password-file', join(work, 'pw'), source]),
  'openssl cms AES-128': () => envelope('o128.der', ['openssl', 'cms', '-encrypt', '-binary', '-aes128', '-pwri_password', PASSWORD, '-in', source, '-outform', 'DER', '-out']),
  'openssl cms AES-256': () => envelope('o256.der', ['openssl', 'cms', '-encrypt', '-binary', '-aes256', '-pwri_password', PASSWORD, '-in', source, '-outform', 'DER', '-out']),
};

for (const [name, make] of Object.entries(cases)) {
  test(`${name}: opens to the original file; a wrong password is said to be one`, async () => {
    const bytes = make();
    const plain = await new lib.PasswordSession(PASSWORD).open(bytes);
    assert.deepEqual(Buffer.from(plain), Buffer.from(original));
    await assert.rejects(new lib.PasswordSession('not the password').open(bytes), /wrong password/);
  });
}

test('a flipped byte inside the encrypted content is refused, never shown', async () => {
  const bytes = cases['discus encrypt (AES-256, Digested-data)']().slice();
  bytes[bytes.length - 400] ^= 0x01;
  await assert.rejects(new lib.PasswordSession(PASSWORD).open(bytes), /digest|wrong password|BER/);
});

test('Triple-DES envelopes are named as unsupported', async () => {
  const bytes = envelope('o3des.der', ['openssl', 'cms', '-encrypt', '-binary', '-des3', '-pwri_password', PASSWORD, '-in', source, '-outform', 'DER', '-out']);
  await assert.rejects(new lib.PasswordSession(PASSWORD).open(bytes), /Triple-DES/);
});

test('one key derivation per salt: a second file with the same salt derives no new key', async () => {
  const bytes = cases['discus encrypt (AES-256, Digested-data)']();
  const s = new lib.PasswordSession(PASSWORD);
  await s.open(bytes);
  await s.open(bytes);
  assert.equal(s.keks.size, 1);
});
