// Cost bounds of an envelope's recipient infos (see envelope_limits.h). The SET is small (it was
// captured whole, capped, by BerReader::element) and is walked here with a BerReader over memory.
#include "media/secure/envelope_limits.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "media/secure/ber.h"

namespace discus::media::secure {

using base::Error;
using base::ErrorCode;

namespace {

// id-PBKDF2 1.2.840.113549.1.5.12 (RFC 8018 A.2), as a whole OID element.
constexpr std::array<std::uint8_t, 11> kPbkdf2Oid = {0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x05, 0x0C};
constexpr std::uint8_t kPasswordRecipient = 0xA3;  // pwri [3] IMPLICIT PasswordRecipientInfo

// Errors are made with offsets in the element being walked (as BerReader's own are), and moved
// to offsets in the file by rebase() where each element was captured.
struct Where {
  const std::string& name;
  Error limit(std::uint64_t at, std::string message) const {
    return Error{ErrorCode::kLimitExceeded, std::move(message)}.in_file(name).at_offset(at);
  }
  Error bad(std::uint64_t at, std::string message) const {
    return Error{ErrorCode::kBadStructure, std::move(message)}.in_file(name).at_offset(at);
  }
};

base::Status rebase(base::Status s, std::uint64_t by) {
  if (s) return s;
  Error e = std::move(s).error();
  if (e.offset) e.offset = *e.offset + by;
  return e;
}

// A non-negative INTEGER's value; anything that does not fit 64 bits is reported as such.
base::Result<std::uint64_t> integer(BerReader& r, const Where& w, const char* what) {
  DISCUS_TRY(Header h, r.header());
  if (h.identifier != kInteger) return w.bad(h.offset, fmt::format("{} is not an INTEGER", what));
  DISCUS_TRY(base::Bytes v, r.content(h, 64));
  if (v.empty()) return w.bad(h.offset, fmt::format("{} is an empty INTEGER", what));
  if (v[0] & 0x80) return w.bad(h.offset, fmt::format("{} is negative", what));
  std::size_t i = 0;
  while (i + 1 < v.size() && v[i] == 0) ++i;  // leading zero octets of a positive value
  if (v.size() - i > 8) return w.limit(h.offset, fmt::format("{} has {} octets: far above any limit", what, v.size() - i));
  std::uint64_t n = 0;
  for (; i < v.size(); ++i) n = (n << 8) | v[i];
  return n;
}

// PBKDF2-params (RFC 8018 A.2): salt, iterationCount, keyLength OPTIONAL, prf DEFAULT.
base::Status check_pbkdf2(BerReader& r, const Header& params, const Where& w, std::size_t index) {
  const std::uint64_t start = r.offset();
  DISCUS_TRY(Header salt, r.header());
  if (salt.identifier == kOctetString) {
    if (salt.length > kMaxSaltBytes)
      return w.limit(salt.offset, fmt::format("recipient {}: PBKDF2 salt of {} bytes is above the limit of {}", index, salt.length, kMaxSaltBytes));
    DISCUS_TRY(base::Bytes ignored, r.content(salt, kMaxSaltBytes));
  } else {
    return w.bad(salt.offset, fmt::format("recipient {}: PBKDF2 salt is not an OCTET STRING (otherSource is not supported)", index));
  }
  const std::uint64_t at = r.offset();
  DISCUS_TRY(std::uint64_t iterations, integer(r, w, "the PBKDF2 iteration count"));
  if (iterations == 0) return w.bad(at, fmt::format("recipient {}: PBKDF2 iteration count 0", index));
  if (iterations > kMaxPbkdf2Iterations)
    return w.limit(at, fmt::format("recipient {}: PBKDF2 iteration count {} is above the limit of {} (RFC 8018 5.2): refused "
                                   "before deriving a key", index, iterations, kMaxPbkdf2Iterations));
  if (r.offset() < start + params.length) {
    DISCUS_TRY(int next, r.peek_identifier());
    if (next == kInteger) {
      const std::uint64_t kat = r.offset();
      DISCUS_TRY(std::uint64_t key_length, integer(r, w, "the PBKDF2 key length"));
      if (key_length == 0 || key_length > kMaxDerivedKeyBytes)
        return w.limit(kat, fmt::format("recipient {}: PBKDF2 key length {} is outside 1..{} bytes", index, key_length, kMaxDerivedKeyBytes));
    }
  }
  return {};
}

// PasswordRecipientInfo (RFC 5652 6.2.4): version, [0] keyDerivationAlgorithm OPTIONAL,
// keyEncryptionAlgorithm, encryptedKey.
base::Status check_password_recipient(base::ByteView element, const Where& w, std::size_t index) {
  MemorySource m(element);
  BerReader r(m, w.name);
  DISCUS_TRY(Header pwri, r.header());
  DISCUS_TRY(std::uint64_t version, integer(r, w, "the PasswordRecipientInfo version"));
  DISCUS_TRY(int next, r.peek_identifier());
  if (pwri.indefinite || version != 0 || next != kContext0) return {};  // OpenSSL refuses what it cannot derive
  DISCUS_TRY(Header kdf, r.header());
  if (kdf.indefinite) return w.bad(kdf.offset, fmt::format("recipient {}: keyDerivationAlgorithm with an indefinite length", index));
  DISCUS_TRY(base::Bytes oid, r.element(64));
  // Other key derivations are left to OpenSSL, which knows only PBKDF2 here and refuses them.
  if (!std::equal(oid.begin(), oid.end(), kPbkdf2Oid.begin(), kPbkdf2Oid.end())) return {};
  DISCUS_TRY(Header params, r.expect(kSequence, "PBKDF2-params SEQUENCE"));
  if (params.indefinite) return w.bad(params.offset, fmt::format("recipient {}: PBKDF2-params with an indefinite length", index));
  return check_pbkdf2(r, params, w, index);
}

// The encryptedKey OCTET STRING that ends every recipient kind the Basic profile uses.
base::Status check_encrypted_key(base::ByteView element, const Where& w, std::size_t index) {
  MemorySource m(element);
  BerReader r(m, w.name);
  DISCUS_TRY(Header outer, r.header());
  if (outer.indefinite) return {};  // parts follow with their own lengths; the total cap applies
  const std::uint64_t end = r.offset() + outer.length;
  Header last;
  while (r.offset() < end) {
    DISCUS_TRY(last, r.header());
    if (last.constructed()) {
      if (last.indefinite) return {};
      DISCUS_TRY(base::Bytes skip, r.content(last, 4u << 20));
      continue;
    }
    if (last.identifier == kOctetString && last.length > kMaxEncryptedKeyBytes)
      return w.limit(last.offset, fmt::format("recipient {}: encrypted key of {} bytes is above the limit of {}", index, last.length,
                                              kMaxEncryptedKeyBytes));
    DISCUS_TRY(base::Bytes skip, r.content(last, 4u << 20));
  }
  return {};
}

base::Status walk_recipients(base::ByteView recipient_infos, const std::string& name) {
  const Where w{name};
  MemorySource m(recipient_infos);
  BerReader r(m, name);
  DISCUS_TRY(Header set, r.header());
  if (set.identifier != kSet) return w.bad(set.offset, "expected the RecipientInfos SET");
  std::size_t count = 0;
  for (;;) {
    if (set.indefinite) {
      DISCUS_TRY(bool end, r.take_end_of_contents());
      if (end) break;
    } else if (r.offset() >= set.raw.size() + set.length) {
      break;
    }
    const std::uint64_t at = r.offset();
    DISCUS_TRY(int kind, r.peek_identifier());
    DISCUS_TRY(base::Bytes ri, r.element());
    ++count;
    if (count > kMaxRecipients)
      return w.limit(at, fmt::format("more than {} recipient infos: each may cost a private-key operation", kMaxRecipients));
    if (kind == kPasswordRecipient) DISCUS_CHECK(rebase(check_password_recipient(ri, w, count), at));
    DISCUS_CHECK(rebase(check_encrypted_key(ri, w, count), at));
  }
  if (count == 0) return w.bad(set.offset, "the envelope has no recipient infos");
  return {};
}

}  // namespace

base::Status check_recipient_costs(base::ByteView recipient_infos, std::uint64_t offset, const std::string& name) {
  return rebase(walk_recipients(recipient_infos, name), offset);
}

}  // namespace discus::media::secure
