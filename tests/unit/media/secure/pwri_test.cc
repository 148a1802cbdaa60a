// Our password recipient (pwri.h, own_envelope.h): every envelope one Encryptor writes shares one
// PBKDF2 salt and iteration count (the medium's), each has its own wrapped key and IVs; the result
// opens with `openssl cms -decrypt -pwri_password` and with our Decryptor, and the RSA recipients
// made beside it still open with their key; the RFC 3211 wrap undoes itself and refuses a wrong KEK.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>

#include "base/file.h"
#include "media/secure/ber.h"
#include "media/secure/pwri.h"
#include "media/secure/secure.h"

namespace discus::media::secure {
namespace {

namespace fs = std::filesystem;

constexpr std::array<std::uint8_t, 11> kPbkdf2 = {0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x05, 0x0C};
const char* const kPassword = "correct horse battery staple";

struct Pwri {
  base::Bytes salt, iv, encrypted_key;
  std::uint64_t iterations = 0;
};

std::uint64_t integer(const base::Bytes& element) {
  std::uint64_t v = 0;
  for (std::size_t i = 2; i < element.size(); ++i) v = v * 256 + element[i];
  return v;
}

// The parts of a [3] PasswordRecipientInfo element.
Pwri parse_pwri(const base::Bytes& ri) {
  MemorySource src(ri);
  BerReader r(src, "pwri");
  Pwri out;
  EXPECT_EQ(r.header()->identifier, 0xA3);
  EXPECT_EQ(*r.element(), (base::Bytes{0x02, 0x01, 0x00}));
  EXPECT_EQ(r.header()->identifier, kContext0);
  EXPECT_EQ(*r.element(), base::Bytes(kPbkdf2.begin(), kPbkdf2.end()));
  EXPECT_TRUE(r.header());  // PBKDF2-params
  auto salt = r.header();
  out.salt = *r.content(*salt);
  out.iterations = integer(*r.element());
  EXPECT_TRUE(r.element());  // prf
  EXPECT_TRUE(r.header());   // keyEncryptionAlgorithm
  EXPECT_TRUE(r.element());  // id-alg-PWRI-KEK
  EXPECT_TRUE(r.header());   // its parameters
  EXPECT_TRUE(r.element());  // aes-N-CBC
  auto iv = r.header();
  out.iv = *r.content(*iv);
  auto ek = r.header();
  out.encrypted_key = *r.content(*ek);
  return out;
}

// The password recipient of a whole envelope file (found by its tag after the RSA ones).
Pwri pwri_of(const std::string& path) {
  const base::Bytes b = *base::read_whole_file(path);
  const auto at = std::search(b.begin(), b.end(), kPbkdf2.begin(), kPbkdf2.end());
  EXPECT_NE(at, b.end());
  // back to the [3] that opens it: A3 len(1 or 2 octets) 02 01 00 A0 len, then the OID
  auto start = at - 7;
  if (*start != 0xA3) --start;
  EXPECT_EQ(*start, 0xA3);
  MemorySource src(base::ByteView(&*start, static_cast<std::size_t>(b.end() - start)));
  BerReader r(src, path);
  return parse_pwri(*r.element());
}

class Pwr : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() / ("discus-pwri-" + std::to_string(::getpid())));
    fs::create_directories(*dir_);
    const std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=alice -keyout " + p("alice.key") +
                            " -out " + p("alice.pem") + " 2>/dev/null";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
  }
  static std::string p(const std::string& name) { return (*dir_ / name).string(); }
  static inline fs::path* dir_ = nullptr;
  const std::string ct_ = std::string(DISCUS_TEST_PYDICOM) + "/CT_small.dcm";
  const std::string mr_ = std::string(DISCUS_TEST_PYDICOM) + "/MR_small.dcm";
};

TEST_F(Pwr, OneSaltPerEncryptorOpenedByOpensslAndByUs) {
  for (ContentCipher cipher : {ContentCipher::kAes256Cbc, ContentCipher::kAes128Cbc}) {
    SecureOptions o;
    o.password = Secret(kPassword);
    o.recipient_certs = {p("alice.pem")};
    o.cipher = cipher;
    o.pbkdf2_iterations = 12345;
    auto e = Encryptor::create(o);
    ASSERT_TRUE(e) << e.error().describe();
    ASSERT_TRUE(e->encrypt_file(ct_, p("a.sec")));
    ASSERT_TRUE(e->encrypt_file(mr_, p("b.sec")));
    const Pwri a = pwri_of(p("a.sec")), b = pwri_of(p("b.sec"));
    EXPECT_EQ(a.salt.size(), PasswordKek::kSaltBytes);
    EXPECT_EQ(a.salt, b.salt) << "one salt per medium";
    EXPECT_EQ(a.iterations, 12345u);
    EXPECT_EQ(b.iterations, 12345u);
    EXPECT_NE(a.iv, b.iv);
    EXPECT_NE(a.encrypted_key, b.encrypted_key);
    // A second medium draws its own salt.
    auto e2 = Encryptor::create(o);
    ASSERT_TRUE(e2->encrypt_file(ct_, p("c.sec")));
    EXPECT_NE(pwri_of(p("c.sec")).salt, a.salt);

    for (const auto& [sec, plain] : {std::pair{p("a.sec"), ct_}, std::pair{p("b.sec"), mr_}}) {
      // openssl's own reader (the envelope holds Digested-data: -cmsout of the decrypted content
      // is not needed, the byte comparison below is on what we decrypt; openssl must accept it).
      const std::string cmd = "openssl cms -decrypt -binary -inform DER -in " + sec + " -pwri_password '" + kPassword +
                              "' -out " + p("o.der") + " 2>" + p("err.txt");
      EXPECT_EQ(std::system(cmd.c_str()), 0) << sec;
      const std::string by_key = "openssl cms -decrypt -binary -inform DER -in " + sec + " -inkey " + p("alice.key") + " -out " +
                                 p("k.der") + " 2>/dev/null";
      EXPECT_EQ(std::system(by_key.c_str()), 0) << sec;
      EXPECT_EQ(*base::read_whole_file(p("o.der")), *base::read_whole_file(p("k.der")));
      DecryptOptions d;
      d.password = Secret(kPassword);
      auto r = Decryptor::create(d)->decrypt_file(sec, p("back.dcm"));
      ASSERT_TRUE(r) << r.error().describe();
      EXPECT_EQ(r->recipient, "password");
      EXPECT_EQ(r->cipher, cipher == ContentCipher::kAes128Cbc ? "AES-128-CBC" : "AES-256-CBC");
      EXPECT_EQ(*base::read_whole_file(p("back.dcm")), *base::read_whole_file(plain));
      DecryptOptions k;
      k.key = p("alice.key");
      auto rk = Decryptor::create(k)->decrypt_file(sec, p("back-key.dcm"));
      ASSERT_TRUE(rk) << rk.error().describe();
      EXPECT_EQ(*base::read_whole_file(p("back-key.dcm")), *base::read_whole_file(plain));
      fs::remove(p("back.dcm")), fs::remove(p("back-key.dcm"));
    }
  }
}

TEST_F(Pwr, PasswordOnlyEnvelopeOpensWithOpenssl) {
  SecureOptions o;
  o.password = Secret(kPassword);
  auto e = Encryptor::create(o);
  ASSERT_TRUE(e);
  ASSERT_TRUE(e->encrypt_file(ct_, p("p.sec")));
  const std::string cmd = "openssl cms -decrypt -binary -inform DER -in " + p("p.sec") + " -pwri_password '" + kPassword + "' -out " +
                          p("p.der") + " 2>/dev/null";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
  const std::string wrong = "openssl cms -decrypt -binary -inform DER -in " + p("p.sec") + " -pwri_password 'not the password' -out " +
                            p("w.der") + " 2>/dev/null";
  EXPECT_NE(std::system(wrong.c_str()), 0);
}

TEST_F(Pwr, WrapUnwrapsAndAWrongKekIsRefused) {
  const base::Bytes salt(16, 0x5A);
  auto kek = PasswordKek::derive(Secret(kPassword), 1000, 32, salt);
  ASSERT_TRUE(kek);
  base::Bytes cek(32);
  for (std::size_t i = 0; i < cek.size(); ++i) cek[i] = static_cast<std::uint8_t>(i * 7 + 1);
  auto ri = kek->recipient_info(cek);
  ASSERT_TRUE(ri);
  const Pwri parts = parse_pwri(*ri);
  EXPECT_EQ(parts.salt, salt);
  EXPECT_EQ(parts.encrypted_key.size(), 48u);  // 4 + 32 octets padded to whole 16-octet blocks
  auto back = kek->unwrap(parts.iv, parts.encrypted_key);
  ASSERT_TRUE(back) << back.error().describe();
  EXPECT_EQ(*back, cek);
  auto other = PasswordKek::derive(Secret("another password here"), 1000, 32, salt);
  auto refused = other->unwrap(parts.iv, parts.encrypted_key);
  ASSERT_FALSE(refused);  // the check octets fail (1 in 2^24 would pass by chance)
  EXPECT_NE(refused.error().message.find("wrong password"), std::string::npos);
}

// The reader side: OpenSSL's own password envelopes (HMAC-SHA-1 by default, an 8-byte salt) are
// parsed and opened by our RFC 3211 reader with the KEK cached in the Decryptor; what it does not
// handle (Triple-DES content) still opens through OpenSSL's CMS code; a wrong password says so.
TEST_F(Pwr, DecryptorReadsOpensslPasswordEnvelopesWithOneDerivation) {
  for (const char* cipher : {"-aes256", "-aes128", "-des3"}) {
    const std::string out = p(std::string("o") + (cipher + 1) + ".der");
    const std::string cmd = std::string("openssl cms -encrypt -binary ") + cipher + " -outform DER -in " + ct_ + " -out " + out +
                            " -pwri_password '" + kPassword + "' 2>/dev/null";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    DecryptOptions d;
    d.password = Secret(kPassword);
    auto dec = Decryptor::create(d);
    ASSERT_TRUE(dec);
    for (int twice = 0; twice < 2; ++twice) {  // the second time from the cached KEK
      auto r = dec->decrypt_file(out, p("o.dcm"));
      ASSERT_TRUE(r) << cipher << ": " << r.error().describe();
      EXPECT_EQ(r->recipient, "password");
      EXPECT_EQ(*base::read_whole_file(p("o.dcm")), *base::read_whole_file(ct_));
      fs::remove(p("o.dcm"));
    }
    d.password = Secret("not the right password");
    auto bad = Decryptor::create(d)->decrypt_file(out, p("bad.dcm"));
    ASSERT_FALSE(bad) << cipher;
    EXPECT_NE(bad.error().message.find("wrong"), std::string::npos) << bad.error().message;
    EXPECT_FALSE(fs::exists(p("bad.dcm")));
  }
  // What parse_password_recipient sees in OpenSSL's recipient: SHA-1 (the DEFAULT), AES-256 KEK.
  const base::Bytes b = *base::read_whole_file(p("oaes256.der"));
  const auto at = std::search(b.begin(), b.end(), kPbkdf2.begin(), kPbkdf2.end());
  auto start = at - 7;
  if (*start != 0xA3) --start;
  MemorySource src(base::ByteView(&*start, static_cast<std::size_t>(b.end() - start)));
  BerReader r(src, "openssl");
  auto ri = r.element();
  ASSERT_TRUE(ri);
  base::Bytes set;
  append_der(set, kSet, *ri);
  auto parsed = parse_password_recipient(set);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->prf, Prf::kHmacSha1);
  EXPECT_EQ(parsed->kek_bytes, 32u);
  EXPECT_EQ(parsed->iterations, 2048);  // openssl cms' default
}

}  // namespace
}  // namespace discus::media::secure
