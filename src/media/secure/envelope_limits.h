// discus::media::secure — bounds on the cost parameters an envelope chooses for its reader.
//
// A Secure DICOM File (PS3.10 7.4) comes from outside, and CMS lets its writer pick how much work
// opening it takes: the PBKDF2 iteration count of a password recipient (RFC 3211, RFC 8018 5.2),
// the derived key length, the number of recipients tried, of signers verified, of digest
// algorithms run over the content. Each is checked against a limit here before OpenSSL is asked
// to do the work; above a limit the file is refused with an error naming the file and the byte
// offset of the offending value (kLimitExceeded). Nesting depth is bounded in BerReader.
//   DISCUS_CHECK(check_recipient_costs(recipients_element, offset_in_file, "IM1"));
#pragma once

#include <cstdint>
#include <string>

#include "base/bytes.h"
#include "base/result.h"

namespace discus::media::secure {

// We write 10,000 iterations (SecureOptions); current advice (OWASP 2023: 600,000 for
// HMAC-SHA-256) stays well below the limit, which caps one file's key derivation near a second.
inline constexpr std::uint64_t kMaxPbkdf2Iterations = 2'000'000;
inline constexpr std::uint64_t kMaxDerivedKeyBytes = 64;     // AES-256 needs 32
inline constexpr std::size_t kMaxSaltBytes = 1024;
inline constexpr std::size_t kMaxEncryptedKeyBytes = 2048;   // RSA 16384 bits, OpenSSL's own ceiling
inline constexpr std::size_t kMaxRecipients = 64;            // each may cost an RSA private-key operation
inline constexpr std::size_t kMaxSigners = 16;               // each costs a signature verification
inline constexpr std::size_t kMaxDigestAlgorithms = 4;       // each hashes the whole DICOM File

// Walks the RecipientInfos SET (RFC 5652 6.1; the whole element, identifier included) read at
// `offset` of file `name`: counts recipients and checks every PasswordRecipientInfo's PBKDF2
// parameters and every encrypted key's size.
base::Status check_recipient_costs(base::ByteView recipient_infos, std::uint64_t offset, const std::string& name);

}  // namespace discus::media::secure
