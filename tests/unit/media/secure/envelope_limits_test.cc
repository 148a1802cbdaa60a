// Cost bounds of envelopes (issue 12 item 5): crafted envelopes whose PBKDF2 iteration count,
// derived key length, recipient count, encrypted key size, nesting depth or content cipher is
// out of bounds are refused before any work, with kLimitExceeded (or kBadStructure) naming the
// file and the byte offset of the offending value; an envelope within the bounds still opens.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "base/file.h"
#include "media/secure/envelope_limits.h"
#include "media/secure/secure.h"

namespace discus::media::secure {
namespace {

namespace fs = std::filesystem;

const std::string kPassword = "correct horse battery staple";

// DER with definite lengths, enough to craft envelopes by hand.
base::Bytes der(std::uint8_t identifier, const base::Bytes& content) {
  base::Bytes out{identifier};
  const std::size_t n = content.size();
  if (n < 0x80) {
    out.push_back(static_cast<std::uint8_t>(n));
  } else if (n < 0x100) {
    out.insert(out.end(), {0x81, static_cast<std::uint8_t>(n)});
  } else if (n < 0x10000) {
    out.insert(out.end(), {0x82, static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)});
  } else {
    out.insert(out.end(), {0x83, static_cast<std::uint8_t>(n >> 16), static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)});
  }
  out.insert(out.end(), content.begin(), content.end());
  return out;
}
base::Bytes cat(std::initializer_list<base::Bytes> parts) {
  base::Bytes out;
  for (const base::Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}
const base::Bytes kEnvelopedOid = {0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x03};
const base::Bytes kDataOid = {0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01};
const base::Bytes kAes256CbcOid = {0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x2A};
const base::Bytes kRc2CbcOid = {0x06, 0x08, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x03, 0x02};
const base::Bytes kPbkdf2Oid = {0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x05, 0x0C};

base::Bytes integer(std::uint64_t v) {
  base::Bytes c;
  do {
    c.insert(c.begin(), static_cast<std::uint8_t>(v & 0xFF));
    v >>= 8;
  } while (v != 0);
  if (c[0] & 0x80) c.insert(c.begin(), 0);
  return der(0x02, c);
}

// A KeyTransRecipientInfo with a dummy issuer and an encrypted key of `key_bytes`.
base::Bytes ktri(std::size_t key_bytes) {
  return der(0x30, cat({integer(0), der(0x30, cat({der(0x30, {}), integer(1)})), der(0x30, {0x06, 0x01, 0x00}),
                        der(0x04, base::Bytes(key_bytes, 0x55))}));
}
// A PasswordRecipientInfo with PBKDF2 parameters.
base::Bytes pwri(std::uint64_t iterations, std::optional<std::uint64_t> key_length = std::nullopt) {
  base::Bytes params = cat({der(0x04, base::Bytes(8, 0x11)), integer(iterations)});
  if (key_length) params = cat({params, integer(*key_length)});
  const base::Bytes kdf = der(0xA0, cat({kPbkdf2Oid, der(0x30, params)}));
  return der(0xA3, cat({integer(0), kdf, der(0x30, {0x06, 0x01, 0x00}), der(0x04, base::Bytes(40, 0x66))}));
}
// A whole envelope around `recipients` (their concatenation), content cipher `cipher_oid`.
base::Bytes envelope(const base::Bytes& recipients, const base::Bytes& cipher_oid = kAes256CbcOid) {
  const base::Bytes algorithm = der(0x30, cat({cipher_oid, der(0x04, base::Bytes(16, 0x22))}));
  const base::Bytes eci = der(0x30, cat({kDataOid, algorithm, der(0x80, base::Bytes(32, 0x33))}));
  const base::Bytes env = der(0x30, cat({integer(2), der(0x31, recipients), eci}));
  return der(0x30, cat({kEnvelopedOid, der(0xA0, env)}));
}

class Limits : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("discus-limits-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& name, const base::Bytes& b) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
    return path;
  }
  // The error of opening `bytes` with a password, and of checking it without a key: both must
  // refuse it, name the file, and leave no output.
  base::Error refused(const base::Bytes& bytes, base::ErrorCode code) {
    const std::string in = write("crafted.sec", bytes);
    DecryptOptions d;
    d.password = Secret(kPassword);
    auto r = Decryptor::create(d)->decrypt_file(in, (dir_ / "out.dcm").string());
    EXPECT_FALSE(r);
    EXPECT_FALSE(fs::exists(dir_ / "out.dcm"));
    auto f = base::InputFile::open(in);
    struct Src : ByteSource {
      std::shared_ptr<const base::InputFile> f;
      std::uint64_t pos = 0;
      base::Result<std::size_t> read(std::uint8_t* dst, std::size_t n) override {
        DISCUS_TRY(std::size_t got, f->read_some_at(pos, std::span<std::uint8_t>(dst, n)));
        pos += got;
        return got;
      }
    } src;
    src.f = *f;
    auto c = check_envelope(src, in);
    EXPECT_FALSE(c);
    if (r || c) return base::Error{base::ErrorCode::kIo, "accepted"};
    EXPECT_EQ(r.error().code, code) << r.error().describe();
    EXPECT_EQ(c.error().code, code) << c.error().describe();
    EXPECT_EQ(r.error().file, in);
    EXPECT_EQ(r.error().describe(), c.error().describe());
    return r.error();
  }
  static std::size_t find(const base::Bytes& hay, const base::Bytes& needle) {
    return static_cast<std::size_t>(std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) - hay.begin());
  }
  fs::path dir_;
};

TEST_F(Limits, IterationCountAboveTheLimitIsRefusedAtItsOffset) {
  const base::Bytes e = envelope(pwri(0x7FFFFFFF));
  const base::Error err = refused(e, base::ErrorCode::kLimitExceeded);
  EXPECT_NE(err.message.find("iteration count 2147483647"), std::string::npos) << err.message;
  EXPECT_EQ(err.offset, find(e, integer(0x7FFFFFFF)));
}

TEST_F(Limits, IterationCountOfNineOctetsIsRefused) {
  base::Bytes huge = {0x02, 0x09, 0x01, 0, 0, 0, 0, 0, 0, 0, 0};
  base::Bytes params = cat({der(0x04, base::Bytes(8, 0x11)), huge});
  const base::Bytes kdf = der(0xA0, cat({kPbkdf2Oid, der(0x30, params)}));
  const base::Bytes r = der(0xA3, cat({integer(0), kdf, der(0x30, {0x06, 0x01, 0x00}), der(0x04, base::Bytes(40, 0x66))}));
  refused(envelope(r), base::ErrorCode::kLimitExceeded);
}

TEST_F(Limits, DerivedKeyLengthAboveTheLimitIsRefused) {
  const base::Error err = refused(envelope(pwri(1000, 1u << 20)), base::ErrorCode::kLimitExceeded);
  EXPECT_NE(err.message.find("key length 1048576"), std::string::npos) << err.message;
}

TEST_F(Limits, TooManyRecipientsAreRefused) {
  base::Bytes many;
  for (std::size_t i = 0; i <= kMaxRecipients; ++i) many = cat({many, ktri(256)});
  const base::Error err = refused(envelope(many), base::ErrorCode::kLimitExceeded);
  EXPECT_NE(err.message.find("recipient infos"), std::string::npos) << err.message;
}

TEST_F(Limits, OversizedEncryptedKeyIsRefused) {
  const base::Bytes e = envelope(ktri(kMaxEncryptedKeyBytes + 1));
  const base::Error err = refused(e, base::ErrorCode::kLimitExceeded);
  EXPECT_NE(err.message.find("encrypted key of 2049 bytes"), std::string::npos) << err.message;
  EXPECT_EQ(err.offset, find(e, {0x04, 0x82, 0x08, 0x01}));
}

TEST_F(Limits, ContentCipherOutsidePs315IsRefused) {
  const base::Bytes e = envelope(pwri(1000), kRc2CbcOid);
  const base::Error err = refused(e, base::ErrorCode::kBadStructure);
  EXPECT_NE(err.message.find("PS3.15 D.1"), std::string::npos) << err.message;
}

TEST_F(Limits, DeepNestingIsRefused) {
  base::Bytes nested = der(0x04, {0x01});
  for (int i = 0; i < 40; ++i) nested = cat({{0x30, 0x80}, nested, {0x00, 0x00}});  // indefinite lengths
  const base::Bytes r = cat({{0xA3, 0x80}, nested, {0x00, 0x00}});
  const base::Error err = refused(envelope(r), base::ErrorCode::kBadStructure);
  EXPECT_NE(err.message.find("nested too deeply"), std::string::npos) << err.message;
}

TEST_F(Limits, EnvelopesWithinTheBoundsStillOpen) {
  const std::string plain = std::string(DISCUS_TEST_PYDICOM) + "/CT_small.dcm";
  SecureOptions o;
  o.password = Secret(kPassword);
  auto e = Encryptor::create(o);
  ASSERT_TRUE(e) << e.error().describe();
  const std::string sec = (dir_ / "ok.sec").string();
  ASSERT_TRUE(e->encrypt_file(plain, sec));
  DecryptOptions d;
  d.password = Secret(kPassword);
  base::Bytes inside;
  auto r = Decryptor::create(d)->decrypt_to_memory(sec, inside, 64u << 20);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(inside, *base::read_whole_file(plain));
  wipe(inside);
  EXPECT_TRUE(inside.empty());
}

}  // namespace
}  // namespace discus::media::secure
