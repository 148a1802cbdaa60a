// discus::media::secure — loading and checking certificates, keys and the appliance keystore.
//
// Recipient certificates must be within their validity period, allow keyEncipherment when they
// carry a Key Usage extension, and hold an RSA key of at least kMinRsaBits (the Basic DICOM Media
// Security Profile, PS3.15 D.1, transports keys with RSA only). A keystore is a directory holding
// the appliance's own identity, either key.pem + cert.pem or identity.p12 (its password, if any,
// in identity.pass); the key files must not be readable by group or others.
//   DISCUS_TRY(Identity id, load_keystore("/etc/discus/keystore"));
#pragma once

#include <string>
#include <vector>

#include "media/secure/ssl.h"

namespace discus::media::secure {

inline constexpr int kMinRsaBits = 2048;

struct Identity {
  ssl::SslPtr<EVP_PKEY> key;
  ssl::SslPtr<X509> cert;  // may be null when only a key was given
};

// `purpose_usage` is the Key Usage bit the certificate must allow (when it has the extension).
base::Status check_certificate(X509* cert, const std::string& path, unsigned purpose_usage, const char* purpose);
base::Result<ssl::SslPtr<X509>> load_recipient_certificate(const std::string& path);
// A key and its certificate, checked to belong together.
base::Result<Identity> load_identity(const std::string& key_path, const std::string& cert_path);
base::Result<Identity> load_keystore(const std::string& dir);
// Trust anchors for signers (`discus decrypt --trust`): every certificate of each file (PEM, any
// number; or one DER certificate). Anchors are taken as given (no validity or CA checks here:
// X509_verify_cert applies them when a chain is built).
base::Result<ssl::SslPtr<X509_STORE>> load_trust_anchors(const std::vector<std::string>& paths);
// Whether `signer` chains to an anchor in `trust` (with the Signed-data's other certificates as
// intermediates) and allows digitalSignature or nonRepudiation; the error says why not.
base::Status check_signer_trust(X509* signer, STACK_OF(X509)* intermediates, X509_STORE* trust, const std::string& file);

}  // namespace discus::media::secure
