#include "cli/secure_key.h"

#include <fmt/format.h>

#include <cstdio>

#include "cli/command.h"

namespace discus::cli {

void add_open_key_options(CLI::App& c, OpenKeyArgs& a) {
  auto* pw = c.add_option("--password-file", a.password_file,
                          "secure media (STD-GEN-SEC-*): open the files in memory with the password in F (its first line) "
                          "and check them as DICOM; without a key only the envelopes are checked")
                 ->type_name("F");
  auto* key = c.add_option("--key", a.key, "secure media: open the files in memory with this recipient's private key (PEM)")
                  ->type_name("KEY.pem");
  c.add_option("--cert", a.cert, "with --key: the recipient's certificate, to pick its envelope when there are several")
      ->type_name("CERT.pem");
  auto* store = c.add_option("--keystore", a.keystore, "secure media: open the files with a key store (PEM or PKCS#12, or a folder)")
                    ->type_name("PATH");
  pw->excludes(key)->excludes(store);
  key->excludes(store);
}

int fill_open_key(std::string_view command, const OpenKeyArgs& a, media::secure::DecryptOptions& o) {
  if (!a.cert.empty() && a.key.empty()) return usage_error(command, "--cert goes with --key");
  o.key = a.key;
  o.cert = a.cert;
  o.keystore = a.keystore;
  o.sync = false;  // nothing is written
  if (!a.password_file.empty()) {
    auto pw = media::secure::read_password_file(a.password_file);
    if (!pw) {
      fmt::print(stderr, "discus {}: {}\n", command, pw.error().describe());
      return kExitFailed;
    }
    o.password = *pw;
  }
  return kExitOk;
}

}  // namespace discus::cli
