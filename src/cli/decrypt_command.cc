// `discus decrypt`: a Secure DICOM File, or a secure file-set directory, back to plain DICOM
// Files, after checking padding, digests and signatures. See src/media/secure/secure.h.
#include <fmt/format.h>

#include <filesystem>

#include "cli/command.h"
#include "media/secure/fileset.h"
#include "media/secure/secure.h"

namespace discus::cli {

namespace {
constexpr const char* kUsage =
    "usage: discus decrypt (--key KEY.pem [--cert CERT.pem] | --password-file F | --keystore DIR) [--trust CA.pem ...]\n"
    "                      [--quiet] [--no-sync] IN OUT\n"
    "  IN and OUT are both files, or both directories (a secure file-set: OUT must not exist or be empty)\n"
    "  --trust: signers must chain to one of these certificates (and the content must be signed)\n"
    "  --no-sync: do not fsync the outputs before renaming them into place (benchmarks)\n";

int usage(const std::string& why) {
  fmt::print(stderr, "discus decrypt: {}\n{}", why, kUsage);
  return kExitUsage;
}

void print_report(const std::string& name, const media::secure::DecryptReport& r) {
  std::string line = fmt::format("{}: {} in {}, opened by {}", name, r.content_type, r.cipher, r.recipient);
  if (!r.digest.empty()) line += fmt::format(", {} digest verified", r.digest);
  for (const std::string& s : r.signers)
    line += r.signers_trusted ? fmt::format(", signature verified: {}, signer trusted (chains to a --trust anchor)", s)
                              : fmt::format(", signature valid, signer not verified against a trust store: {}", s);
  fmt::print("{}\n", line);
}
}  // namespace

int run_decrypt(const std::vector<std::string>& args) {
  media::secure::DecryptOptions o;
  std::vector<std::string> rest;
  bool quiet = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const bool valued = a == "--key" || a == "--cert" || a == "--password-file" || a == "--keystore" || a == "--trust";
    if (valued && i + 1 >= args.size()) return usage(a + " needs a value");
    if (a == "--key") o.key = args[++i];
    else if (a == "--cert") o.cert = args[++i];
    else if (a == "--keystore") o.keystore = args[++i];
    else if (a == "--trust") o.trust.push_back(args[++i]);
    else if (a == "--quiet") quiet = true;
    else if (a == "--no-sync") o.sync = false;
    else if (a == "--password-file") {
      auto pw = media::secure::read_password_file(args[++i]);
      if (!pw) {
        fmt::print(stderr, "discus decrypt: {}\n", pw.error().describe());
        return kExitFailed;
      }
      o.password = *pw;
    } else if (a.size() > 1 && a[0] == '-') {
      return usage("unknown option '" + a + "'");
    } else {
      rest.push_back(a);
    }
  }
  if (rest.size() != 2) return usage("needs IN and OUT");
  if (!o.cert.empty() && o.key.empty()) return usage("--cert goes with --key");
  auto dec = media::secure::Decryptor::create(o);
  if (!dec) {
    fmt::print(stderr, "discus decrypt: {}\n", dec.error().describe());
    return dec.error().code == base::ErrorCode::kInvalidArgument && o.key.empty() && o.keystore.empty() && o.password.empty() ? kExitUsage : kExitFailed;
  }
  if (std::filesystem::is_directory(rest[0])) {
    auto r = media::secure::open_secure_file_set(rest[0], rest[1], *dec);
    if (!r) {
      fmt::print(stderr, "discus decrypt: {}\n", r.error().describe());
      return kExitFailed;
    }
    if (!quiet)
      for (const auto& [name, rep] : r->opened) print_report(name, rep);
    fmt::print("{}: {} Secure DICOM Files opened, {} other files copied\n", rest[1], r->enveloped, r->plain);
    return kExitOk;
  }
  auto r = dec->decrypt_file(rest[0], rest[1]);
  if (!r) {
    fmt::print(stderr, "discus decrypt: {}\n", r.error().describe());
    return kExitFailed;
  }
  if (!quiet) print_report(rest[0], *r);
  return kExitOk;
}

}  // namespace discus::cli
