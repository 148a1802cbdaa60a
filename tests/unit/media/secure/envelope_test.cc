// Encryptor / Decryptor round trips in-process, with throwaway keys made by the openssl command
// line in a temp dir: digested and signed content, password and certificate recipients, and the
// failures that must leave no output; files large enough to be digested on a second thread; signers
// checked against trust anchors (a CA, a leaf it signs and a self-signed stranger, made by
// `openssl req` / `openssl x509`).
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "base/file.h"
#include "media/secure/secure.h"

namespace discus::media::secure {
namespace {

namespace fs = std::filesystem;

class Envelope : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() / ("discus-secure-" + std::to_string(::getpid())));
    fs::create_directories(*dir_);
    for (const char* name : {"alice", "bob"}) {
      const std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=" + std::string(name) +
                              " -keyout " + (*dir_ / (std::string(name) + ".key")).string() + " -out " +
                              (*dir_ / (std::string(name) + ".pem")).string() + " 2>/dev/null";
      ASSERT_EQ(std::system(cmd.c_str()), 0);
    }
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
  }
  static std::string p(const std::string& name) { return (*dir_ / name).string(); }
  static base::Bytes bytes(const std::string& path) { return *base::read_whole_file(path); }
  static inline fs::path* dir_ = nullptr;
  const std::string input_ = std::string(DISCUS_TEST_PYDICOM) + "/CT_small.dcm";
};

TEST_F(Envelope, DigestedDataRoundTripWithCertificate) {
  SecureOptions o;
  o.recipient_certs = {p("alice.pem"), p("bob.pem")};
  auto e = Encryptor::create(o);
  ASSERT_TRUE(e) << e.error().describe();
  ASSERT_TRUE(e->encrypt_file(input_, p("d.sec")));
  auto secure = is_secure_file(p("d.sec"));
  ASSERT_TRUE(secure);
  EXPECT_TRUE(*secure);
  EXPECT_NE(bytes(p("d.sec")), bytes(input_));
  DecryptOptions d;
  d.key = p("bob.key");
  auto dec = Decryptor::create(d);
  ASSERT_TRUE(dec) << dec.error().describe();
  auto r = dec->decrypt_file(p("d.sec"), p("d.dcm"));
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->content_type, "digested-data");
  EXPECT_EQ(r->digest, "SHA256");
  EXPECT_EQ(r->cipher, "AES-256-CBC");
  EXPECT_EQ(bytes(p("d.dcm")), bytes(input_));
}

TEST_F(Envelope, SignedDataNamesTheSigner) {
  SecureOptions o;
  o.recipient_certs = {p("alice.pem")};
  o.sign_key = p("bob.key");
  o.sign_cert = p("bob.pem");
  o.cipher = ContentCipher::kAes128Cbc;
  auto e = Encryptor::create(o);
  ASSERT_TRUE(e) << e.error().describe();
  ASSERT_TRUE(e->encrypt_file(input_, p("s.sec")));
  DecryptOptions d;
  d.key = p("alice.key");
  d.cert = p("alice.pem");
  auto r = Decryptor::create(d)->decrypt_file(p("s.sec"), p("s.dcm"));
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->content_type, "signed-data");
  EXPECT_EQ(r->cipher, "AES-128-CBC");
  ASSERT_EQ(r->signers.size(), 1u);
  EXPECT_NE(r->signers[0].find("CN=bob"), std::string::npos);
  EXPECT_EQ(bytes(p("s.dcm")), bytes(input_));
}

TEST_F(Envelope, PasswordRecipientAndWrongPassword) {
  SecureOptions o;
  o.password = Secret("a long enough password");
  auto e = Encryptor::create(o);
  ASSERT_TRUE(e) << e.error().describe();
  ASSERT_TRUE(e->encrypt_file(input_, p("p.sec")));
  DecryptOptions d;
  d.password = Secret("a long enough password");
  auto r = Decryptor::create(d)->decrypt_file(p("p.sec"), p("p.dcm"));
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->recipient, "password");
  EXPECT_EQ(bytes(p("p.dcm")), bytes(input_));
  d.password = Secret("not the password at all");
  auto bad = Decryptor::create(d)->decrypt_file(p("p.sec"), p("p-bad.dcm"));
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("wrong password"), std::string::npos);
  EXPECT_FALSE(fs::exists(p("p-bad.dcm")));
}

TEST_F(Envelope, TamperedEnvelopeLeavesNoOutput) {
  SecureOptions o;
  o.recipient_certs = {p("alice.pem")};
  ASSERT_TRUE(Encryptor::create(o)->encrypt_file(input_, p("t.sec")));
  base::Bytes b = bytes(p("t.sec"));
  b[b.size() / 2] ^= 0x01;
  {
    std::ofstream(p("t-bad.sec"), std::ios::binary).write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
  }
  DecryptOptions d;
  d.key = p("alice.key");
  auto r = Decryptor::create(d)->decrypt_file(p("t-bad.sec"), p("t.dcm"));
  EXPECT_FALSE(r);
  EXPECT_FALSE(fs::exists(p("t.dcm")));
  for (const auto& entry : fs::directory_iterator(*dir_))
    EXPECT_EQ(entry.path().filename().string().find("t.dcm"), std::string::npos) << entry.path();
}

TEST_F(Envelope, RefusesWhatIsNotADicomFileAndMissingRecipients) {
  EXPECT_FALSE(Encryptor::create(SecureOptions{}));
  SecureOptions o;
  o.password = Secret("short");
  EXPECT_FALSE(Encryptor::create(o));
  o.password = Secret("a long enough password");
  auto e = Encryptor::create(o);
  ASSERT_TRUE(e);
  auto s = e->encrypt_file(p("alice.pem"), p("x.sec"));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, base::ErrorCode::kNotDicom);
  EXPECT_FALSE(fs::exists(p("x.sec")));
}

// Above 8 MiB the digest runs on a second thread: the digest OpenSSL writes (Digested-data) and
// signs (Signed-data) must still be that of the whole file, which decrypt_file checks.
TEST_F(Envelope, LargeFileDigestedAndSignedOnTwoThreads) {
  {
    base::Bytes big(9u * 1048576u + 4321u);
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<std::uint8_t>((i * 2654435761u) >> 13);
    std::memcpy(big.data() + 128, "DICM", 4);
    std::ofstream(p("big.dcm"), std::ios::binary).write(reinterpret_cast<const char*>(big.data()), static_cast<std::streamsize>(big.size()));
  }
  for (bool sign : {false, true}) {
    SecureOptions o;
    o.recipient_certs = {p("alice.pem")};
    o.sync = false;
    if (sign) o.sign_key = p("bob.key"), o.sign_cert = p("bob.pem");
    auto e = Encryptor::create(o);
    ASSERT_TRUE(e) << e.error().describe();
    ASSERT_TRUE(e->encrypt_file(p("big.dcm"), p("big.sec")));
    DecryptOptions d;
    d.key = p("alice.key");
    auto r = Decryptor::create(d)->decrypt_file(p("big.sec"), p("big-back.dcm"));
    ASSERT_TRUE(r) << r.error().describe();
    EXPECT_EQ(r->content_type, sign ? "signed-data" : "digested-data");
    EXPECT_EQ(bytes(p("big-back.dcm")), bytes(p("big.dcm")));
  }
}

TEST_F(Envelope, TrustAnchorsDecideWhetherASignerIsTrusted) {
  const std::string dir = dir_->string();  // the PKI only this test needs (key generation is slow)
  const std::string pki =
      "cd " + dir + " && openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=ca -keyout ca.key -out ca.pem"
      " -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign 2>/dev/null"
      " && openssl req -new -newkey rsa:2048 -nodes -subj /CN=leaf -keyout leaf.key -out leaf.csr 2>/dev/null"
      " && printf 'keyUsage=critical,digitalSignature\\n' > leaf.ext"
      " && openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile leaf.ext -out leaf.pem 2>/dev/null"
      " && openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=stranger -keyout stranger.key -out stranger.pem 2>/dev/null";
  ASSERT_EQ(std::system(pki.c_str()), 0);
  auto sealed_by = [&](const std::string& who) {
    SecureOptions o;
    o.recipient_certs = {p("alice.pem")};
    o.sign_key = p(who + ".key");
    o.sign_cert = p(who + ".pem");
    EXPECT_TRUE(Encryptor::create(o)->encrypt_file(input_, p(who + ".sec")));
    return p(who + ".sec");
  };
  DecryptOptions d;
  d.key = p("alice.key");
  // no anchors: the signature is checked, the signer is not
  auto plain = Decryptor::create(d)->decrypt_file(sealed_by("stranger"), p("tr0.dcm"));
  ASSERT_TRUE(plain) << plain.error().describe();
  EXPECT_FALSE(plain->signers_trusted);
  d.trust = {p("ca.pem")};
  auto dec = Decryptor::create(d);
  ASSERT_TRUE(dec) << dec.error().describe();
  auto leaf = dec->decrypt_file(sealed_by("leaf"), p("tr1.dcm"));
  ASSERT_TRUE(leaf) << leaf.error().describe();
  EXPECT_TRUE(leaf->signers_trusted);
  ASSERT_EQ(leaf->signers.size(), 1u);
  EXPECT_NE(leaf->signers[0].find("CN=leaf"), std::string::npos);
  auto stranger = dec->decrypt_file(p("stranger.sec"), p("tr2.dcm"));
  ASSERT_FALSE(stranger);
  EXPECT_NE(stranger.error().message.find("untrusted"), std::string::npos) << stranger.error().message;
  EXPECT_FALSE(fs::exists(p("tr2.dcm")));
  // unsigned content cannot satisfy anchors
  SecureOptions o;
  o.recipient_certs = {p("alice.pem")};
  ASSERT_TRUE(Encryptor::create(o)->encrypt_file(input_, p("unsigned.sec")));
  EXPECT_FALSE(dec->decrypt_file(p("unsigned.sec"), p("tr3.dcm")));
  EXPECT_FALSE(fs::exists(p("tr3.dcm")));
  // a missing anchor file is an error when the Decryptor is made
  d.trust = {p("no-such-ca.pem")};
  EXPECT_FALSE(Decryptor::create(d));
}

}  // namespace
}  // namespace discus::media::secure
