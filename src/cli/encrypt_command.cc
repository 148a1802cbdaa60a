// `discus encrypt`: a DICOM File, or a whole file-set directory, as Secure DICOM Files
// (PS3.10 7.4, PS3.15 D.1). See src/media/secure/secure.h.
#include <fmt/format.h>

#include <filesystem>

#include "cli/command.h"
#include "media/secure/fileset.h"
#include "media/secure/secure.h"

namespace discus::cli {

namespace {
constexpr const char* kUsage =
    "usage: discus encrypt (--recipient CERT.pem ... | --password-file F) [--sign-with KEY.pem,CERT.pem]\n"
    "                      [--cipher aes-256-cbc|aes-128-cbc] [--oaep] [--threads N] [--no-sync] IN OUT\n"
    "  IN and OUT are both files, or both directories (a file-set: OUT must not exist or be empty)\n"
    "  --no-sync: do not fsync the outputs before renaming them into place (benchmarks)\n";

int usage(const std::string& why) {
  fmt::print(stderr, "discus encrypt: {}\n{}", why, kUsage);
  return kExitUsage;
}
}  // namespace

int run_encrypt(const std::vector<std::string>& args) {
  media::secure::SecureOptions o;
  std::vector<std::string> rest;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const bool valued = a == "--recipient" || a == "--password-file" || a == "--sign-with" || a == "--cipher" || a == "--threads";
    if (valued && i + 1 >= args.size()) return usage(a + " needs a value");
    if (a == "--recipient") {
      o.recipient_certs.push_back(args[++i]);
    } else if (a == "--password-file") {
      auto pw = media::secure::read_password_file(args[++i]);
      if (!pw) {
        fmt::print(stderr, "discus encrypt: {}\n", pw.error().describe());
        return kExitFailed;
      }
      o.password = *pw;
    } else if (a == "--sign-with") {
      const std::string& v = args[++i];
      const auto comma = v.find(',');
      if (comma == std::string::npos) return usage("--sign-with takes KEY.pem,CERT.pem");
      o.sign_key = v.substr(0, comma);
      o.sign_cert = v.substr(comma + 1);
    } else if (a == "--cipher") {
      const std::string& v = args[++i];
      if (v == "aes-256-cbc") o.cipher = media::secure::ContentCipher::kAes256Cbc;
      else if (v == "aes-128-cbc") o.cipher = media::secure::ContentCipher::kAes128Cbc;
      else return usage("--cipher is aes-256-cbc or aes-128-cbc");
    } else if (a == "--threads") {
      o.threads = static_cast<unsigned>(std::max(1, std::atoi(args[++i].c_str())));
    } else if (a == "--oaep") {
      o.oaep = true;
    } else if (a == "--no-sync") {
      o.sync = false;
    } else if (a.size() > 1 && a[0] == '-') {
      return usage("unknown option '" + a + "'");
    } else {
      rest.push_back(a);
    }
  }
  if (rest.size() != 2) return usage("needs IN and OUT");
  if (o.recipient_certs.empty() && o.password.empty()) return usage("needs --recipient or --password-file");
  auto enc = media::secure::Encryptor::create(o);
  if (!enc) {
    fmt::print(stderr, "discus encrypt: {}\n", enc.error().describe());
    return kExitFailed;
  }
  if (std::filesystem::is_directory(rest[0])) {
    auto r = media::secure::secure_file_set(rest[0], rest[1], *enc, o.threads);
    if (!r) {
      fmt::print(stderr, "discus encrypt: {}\n", r.error().describe());
      return kExitFailed;
    }
    fmt::print("{}: {} Secure DICOM Files, {} other files copied plain\n", rest[1], r->enveloped, r->plain);
    return kExitOk;
  }
  auto s = enc->encrypt_file(rest[0], rest[1]);
  if (!s) {
    fmt::print(stderr, "discus encrypt: {}\n", s.error().describe());
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace discus::cli
