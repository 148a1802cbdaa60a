// discus::media::secure — the encrypted content of a Secure DICOM File, read as it streams out
// of the cipher: Signed-data (RFC 5652 5) or Digested-data (RFC 5652 7) around the DICOM File, as
// PS3.15 D.1 requires, or the bare DICOM File (id-data) that general CMS tools write.
//
// The DICOM File goes to `out` (a file being written, or memory: PlainSink) while it is digested; the signer infos come after it, so the
// signatures are verified at the end (through OpenSSL, from a re-encoded Signed-data without
// content), and the caller commits `out` only when this returned a value. With `trust` (may be
// null) every signer's certificate must also chain to one of its anchors.
//   DISCUS_TRY(InnerResult r, read_signed_data(reader, output, trust));
#pragma once

#include <string>
#include <vector>

#include <openssl/x509.h>

#include "base/file.h"
#include "media/secure/ber.h"

namespace discus::media::secure {

struct InnerResult {
  std::string digest;                // e.g. "SHA256"
  std::vector<std::string> signers;  // subjects of the verified signers
  bool signers_trusted = false;      // each chained to an anchor of `trust`
};

base::Result<InnerResult> read_signed_data(BerReader& r, const PlainSink& out, X509_STORE* trust);
base::Result<InnerResult> read_digested_data(BerReader& r, const PlainSink& out);
base::Result<InnerResult> copy_data(ByteSource& plain, const PlainSink& out);

}  // namespace discus::media::secure
