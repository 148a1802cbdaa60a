// Signed-data and Digested-data around the DICOM File, streamed (see inner_content.h).
#include "media/secure/inner_content.h"

#include <fmt/format.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/objects.h>

#include <array>
#include <cstring>

#include "media/secure/credentials.h"
#include "media/secure/envelope_limits.h"
#include "media/secure/ssl.h"

namespace discus::media::secure {

using base::Error;
using base::ErrorCode;

namespace {

constexpr std::size_t kBufSize = 1u << 20;
constexpr std::array<std::uint8_t, 11> kSignedDataOid = {0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02};
constexpr std::array<std::uint8_t, 11> kDigestedDataOid = {0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x05};

// An opened constructed element, to be closed after its parts were read.
struct Open {
  Header h;
  std::uint64_t start = 0;
};

base::Result<Open> open(BerReader& r, std::uint8_t identifier, const char* what) {
  Open o;
  DISCUS_TRY(o.h, r.expect(identifier, what));
  o.start = r.offset();
  return o;
}

base::Result<bool> at_end(BerReader& r, const Open& o) {
  if (!o.h.indefinite) return r.offset() >= o.start + o.h.length;
  DISCUS_TRY(int next, r.peek_identifier());
  return next == 0;
}

// The RFC 5652 content is the bare SignedData / DigestedData; a ContentInfo around it (which some
// writers add) is accepted too. Returns the opened SignedData / DigestedData SEQUENCE.
base::Result<Open> open_content(BerReader& r, base::ByteView oid, std::vector<Open>& wrapper, const char* what) {
  DISCUS_TRY(Open first, open(r, kSequence, what));
  DISCUS_TRY(int next, r.peek_identifier());
  if (next != kOid) return first;
  DISCUS_TRY(base::Bytes type, r.element(64));
  if (!std::equal(type.begin(), type.end(), oid.begin(), oid.end()))
    return r.error(fmt::format("the decrypted ContentInfo has content type {}, not the one the envelope names", oid_text(type)));
  wrapper.push_back(first);
  DISCUS_TRY(Open ctx, open(r, kContext0, "[0] content"));
  wrapper.push_back(ctx);
  return open(r, kSequence, what);
}

base::Status close_all(BerReader& r, std::vector<Open>& opened) {
  for (auto it = opened.rbegin(); it != opened.rend(); ++it) DISCUS_CHECK(r.close(it->h, it->start));
  return {};
}

base::Result<const EVP_MD*> digest_of(base::ByteView algorithm_identifier, const BerReader& r) {
  const unsigned char* p = algorithm_identifier.data();
  std::unique_ptr<X509_ALGOR, decltype(&X509_ALGOR_free)> alg(d2i_X509_ALGOR(nullptr, &p, static_cast<long>(algorithm_identifier.size())),
                                                              X509_ALGOR_free);
  if (!alg) return r.error("a digest AlgorithmIdentifier does not decode");
  const ASN1_OBJECT* obj = nullptr;
  X509_ALGOR_get0(&obj, nullptr, nullptr, alg.get());
  const EVP_MD* md = EVP_get_digestbyobj(obj);
  const int nid = OBJ_obj2nid(obj);
  // PS3.15 D.1: SHA-1, SHA-256, SHA-384 or SHA-512.
  if (!md || (nid != NID_sha1 && nid != NID_sha256 && nid != NID_sha384 && nid != NID_sha512))
    return Error{ErrorCode::kUnsupported, fmt::format("digest algorithm {} is not one PS3.15 D.1 allows", nid == NID_undef ? "(unknown)" : OBJ_nid2sn(nid))}.in_file(r.name());
  return md;
}

// Digest BIOs over a sink writing the output file: the content is written once, hashed on the way.
struct DigestChain {
  ssl::AdapterBio sink;
  ssl::SinkFn write;
  BIO* top = nullptr;
  ~DigestChain() {
    if (top) ssl::free_chain(top, sink.bio);
    if (sink.bio) BIO_free(sink.bio);
  }
};

base::Status make_chain(DigestChain& c, const PlainSink& out, const std::vector<const EVP_MD*>& mds) {
  c.write = [&c, &out](const std::uint8_t* p, std::size_t n) {
    auto s = out(base::ByteView(p, n));
    if (!s) c.sink.error = std::move(s).error();
    return static_cast<bool>(s);
  };
  DISCUS_CHECK(ssl::make_sink_bio(&c.write, c.sink));
  c.top = c.sink.bio;
  for (const EVP_MD* md : mds) {
    BIO* b = BIO_new(BIO_f_md());
    if (!b || BIO_set_md(b, md) != 1) {
      BIO_free(b);
      return ssl::ssl_error(ErrorCode::kIo, "cannot start a digest");
    }
    c.top = BIO_push(b, c.top);
  }
  return {};
}

// [0] EXPLICIT eContent: streams the OCTET STRING's content through the digest chain.
base::Status stream_content(BerReader& r, DigestChain& c) {
  DISCUS_TRY(Open e0, open(r, kContext0, "[0] eContent (the DICOM File)"));
  DISCUS_TRY(Header os, r.header());
  if (os.identifier != kOctetString && os.identifier != kOctetStringConstructed)
    return r.error_at(os.offset, "eContent is not an OCTET STRING");
  OctetStream content(r, os);
  std::vector<std::uint8_t> buf(kBufSize);
  base::Status st;
  for (;;) {
    auto got = content.read(buf.data(), buf.size());
    if (!got) { st = std::move(got).error(); break; }
    if (*got == 0) break;
    if (BIO_write(c.top, buf.data(), static_cast<int>(*got)) != static_cast<int>(*got)) {
      st = c.sink.error ? *c.sink.error : ssl::ssl_error(ErrorCode::kIo, "digesting failed");
      break;
    }
  }
  OPENSSL_cleanse(buf.data(), buf.size());
  DISCUS_CHECK(st);
  return r.close(e0.h, e0.start);
}

base::Status verify_signers(CMS_ContentInfo* cms, BIO* digests, const std::string& name, X509_STORE* trust, std::vector<std::string>& signers) {
  if (CMS_set1_signers_certs(cms, nullptr, 0) < 0) ERR_clear_error();  // signers without certificates are caught below
  STACK_OF(CMS_SignerInfo)* sis = CMS_get0_SignerInfos(cms);
  if (sk_CMS_SignerInfo_num(sis) <= 0) return Error{ErrorCode::kBadStructure, "the Signed-data has no signature"}.in_file(name);
  if (static_cast<std::size_t>(sk_CMS_SignerInfo_num(sis)) > kMaxSigners)
    return Error{ErrorCode::kLimitExceeded, fmt::format("{} signer infos, more than the limit of {}: each costs a signature verification",
                                                        sk_CMS_SignerInfo_num(sis), kMaxSigners)}.in_file(name);
  for (int i = 0; i < sk_CMS_SignerInfo_num(sis); ++i) {
    CMS_SignerInfo* si = sk_CMS_SignerInfo_value(sis, i);
    X509* signer = nullptr;
    CMS_SignerInfo_get0_algs(si, nullptr, &signer, nullptr, nullptr);
    if (!signer) return Error{ErrorCode::kBadStructure, fmt::format("the certificate of signer {} is not in the Signed-data", i + 1)}.in_file(name);
    const std::string who = ssl::subject_of(signer);
    if (CMS_signed_get_attr_count(si) >= 0 && CMS_SignerInfo_verify(si) != 1)
      return ssl::ssl_error(ErrorCode::kBadStructure, fmt::format("the signature of {} does not verify", who), name);
    if (CMS_SignerInfo_verify_content(si, digests) != 1)
      return ssl::ssl_error(ErrorCode::kBadStructure, fmt::format("the DICOM File does not match the signature of {} (altered?)", who), name);
    if (trust) {
      ssl::SslPtr<STACK_OF(X509)> carried(CMS_get1_certs(cms));  // possible intermediates
      DISCUS_CHECK(check_signer_trust(signer, carried.get(), trust, name));
    }
    signers.push_back(who);
  }
  return {};
}

}  // namespace

base::Result<InnerResult> read_signed_data(BerReader& r, const PlainSink& out, X509_STORE* trust) {
  std::vector<Open> opened;
  DISCUS_TRY(Open sd, open_content(r, kSignedDataOid, opened, "SignedData SEQUENCE"));
  opened.push_back(sd);
  DISCUS_TRY(base::Bytes version, r.element(16));
  const std::uint64_t digest_algs_at = r.offset();
  DISCUS_TRY(base::Bytes digest_algs, r.element(4096));
  if (digest_algs.empty() || digest_algs[0] != kSet) return r.error("expected the digestAlgorithms SET");
  std::vector<const EVP_MD*> mds;
  {
    MemorySource ms(digest_algs);
    BerReader ar(ms, r.name());
    DISCUS_TRY(Open set, open(ar, kSet, "digestAlgorithms SET"));
    for (;;) {
      DISCUS_TRY(bool end, at_end(ar, set));
      if (end) break;
      const std::uint64_t at = ar.offset();
      DISCUS_TRY(base::Bytes alg, ar.element(1024));
      if (mds.size() == kMaxDigestAlgorithms)
        return Error{ErrorCode::kLimitExceeded, fmt::format("more than {} digest algorithms: each would hash the whole DICOM File",
                                                            kMaxDigestAlgorithms)}.in_file(r.name()).at_offset(digest_algs_at + at);
      DISCUS_TRY(const EVP_MD* md, digest_of(alg, r));
      mds.push_back(md);
    }
  }
  if (mds.empty()) return r.error("the Signed-data names no digest algorithm");
  DISCUS_TRY(Open eci, open(r, kSequence, "EncapsulatedContentInfo SEQUENCE"));
  DISCUS_TRY(base::Bytes econtent_type, r.element(64));
  DISCUS_TRY(bool detached, at_end(r, eci));
  if (detached) return r.error("the Signed-data carries no content (detached): there is no DICOM File inside");
  DigestChain chain;
  DISCUS_CHECK(make_chain(chain, out, mds));
  DISCUS_CHECK(stream_content(r, chain));
  DISCUS_CHECK(r.close(eci.h, eci.start));
  std::vector<base::Bytes> rest;  // certificates [0], crls [1], signerInfos
  for (;;) {
    DISCUS_TRY(bool end, at_end(r, sd));
    if (end) break;
    if (rest.size() == 3) return r.error("more parts after the content than certificates, crls and signerInfos");
    DISCUS_TRY(base::Bytes part, r.element(16u << 20));
    rest.push_back(std::move(part));
  }
  DISCUS_CHECK(close_all(r, opened));

  base::Bytes s;  // the Signed-data again, without content, for OpenSSL
  append_indefinite(s, kSequence);
  s.insert(s.end(), kSignedDataOid.begin(), kSignedDataOid.end());
  append_indefinite(s, kContext0);
  append_indefinite(s, kSequence);
  s.insert(s.end(), version.begin(), version.end());
  s.insert(s.end(), digest_algs.begin(), digest_algs.end());
  append_indefinite(s, kSequence);
  s.insert(s.end(), econtent_type.begin(), econtent_type.end());
  append_end_of_contents(s);
  for (const base::Bytes& part : rest) s.insert(s.end(), part.begin(), part.end());
  append_end_of_contents(s, 3);
  const unsigned char* p = s.data();
  ssl::SslPtr<CMS_ContentInfo> cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(s.size())));
  if (!cms) return ssl::ssl_error(ErrorCode::kBadStructure, "the Signed-data's certificates or signer infos do not decode", r.name());
  InnerResult result;
  result.digest = OBJ_nid2sn(EVP_MD_get_type(mds.front()));
  DISCUS_CHECK(verify_signers(cms.get(), chain.top, r.name(), trust, result.signers));
  result.signers_trusted = trust != nullptr;
  return result;
}

base::Result<InnerResult> read_digested_data(BerReader& r, const PlainSink& out) {
  std::vector<Open> opened;
  DISCUS_TRY(Open dd, open_content(r, kDigestedDataOid, opened, "DigestedData SEQUENCE"));
  opened.push_back(dd);
  DISCUS_TRY(base::Bytes version, r.element(16));
  DISCUS_TRY(base::Bytes alg, r.element(1024));
  DISCUS_TRY(const EVP_MD* md, digest_of(alg, r));
  DISCUS_TRY(Open eci, open(r, kSequence, "EncapsulatedContentInfo SEQUENCE"));
  DISCUS_TRY(base::Bytes econtent_type, r.element(64));
  DISCUS_TRY(bool detached, at_end(r, eci));
  if (detached) return r.error("the Digested-data carries no content: there is no DICOM File inside");
  DigestChain chain;
  DISCUS_CHECK(make_chain(chain, out, {md}));
  DISCUS_CHECK(stream_content(r, chain));
  DISCUS_CHECK(r.close(eci.h, eci.start));
  DISCUS_TRY(Header dh, r.expect(kOctetString, "digest OCTET STRING"));
  DISCUS_TRY(base::Bytes expected, r.content(dh, 128));
  DISCUS_CHECK(close_all(r, opened));
  EVP_MD_CTX* ctx = nullptr;
  BIO_get_md_ctx(chain.top, &ctx);
  std::array<unsigned char, EVP_MAX_MD_SIZE> got{};
  unsigned int got_len = 0;
  if (!ctx || EVP_DigestFinal_ex(ctx, got.data(), &got_len) != 1) return ssl::ssl_error(ErrorCode::kIo, "digest failed", r.name());
  if (got_len != expected.size() || CRYPTO_memcmp(got.data(), expected.data(), got_len) != 0)
    return Error{ErrorCode::kBadStructure, "the DICOM File does not match the Digested-data's digest (altered?)"}.in_file(r.name());
  InnerResult result;
  result.digest = OBJ_nid2sn(EVP_MD_get_type(md));
  return result;
}

base::Result<InnerResult> copy_data(ByteSource& plain, const PlainSink& out) {
  std::vector<std::uint8_t> buf(kBufSize);
  base::Status st;
  for (;;) {
    auto got = plain.read(buf.data(), buf.size());
    if (!got) { st = std::move(got).error(); break; }
    if (*got == 0) break;
    st = out(base::ByteView(buf.data(), *got));
    if (!st) break;
  }
  OPENSSL_cleanse(buf.data(), buf.size());
  DISCUS_CHECK(st);
  return InnerResult{};
}

}  // namespace discus::media::secure
