// `discus encrypt`: a DICOM File, or a whole file-set directory, as Secure DICOM Files
// (PS3.10 7.4, PS3.15 D.1). See src/media/secure/secure.h.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "app/encrypt.h"
#include "cli/command.h"
#include "cli/read_back.h"
#include "media/secure/fileset.h"
#include "media/secure/secure.h"

namespace discus::cli {

namespace {

struct EncryptOptions {
  std::vector<std::string> recipients;
  std::string password_file, sign_with, cipher = "aes-256-cbc";
  unsigned threads = 0;
  bool oaep = false, no_sync = false, json = false;
  std::vector<std::string> paths;  // IN OUT
};

int run_encrypt(const EncryptOptions& c, Context& ctx) {
  media::secure::SecureOptions o;
  if (int rc = fill_key_options("encrypt", c.recipients, c.password_file, c.sign_with, o); rc != kExitOk) return rc;
  o.cipher = c.cipher == "aes-128-cbc" ? media::secure::ContentCipher::kAes128Cbc : media::secure::ContentCipher::kAes256Cbc;
  if (c.threads) o.threads = std::max(1u, c.threads);
  o.oaep = c.oaep;
  o.sync = !c.no_sync;
  if (o.recipient_certs.empty() && o.password.empty()) return usage_error("encrypt", "needs --recipient or --password-file");
  const std::string& in = c.paths[0];
  const std::string& out = c.paths[1];
  app::EncryptOptions eo;
  eo.in = in;
  eo.out = out;
  eo.secure = o;
  app::CancelToken cancel;
  InterruptCancels interrupt(cancel);
  auto r = app::encrypt(eo, app::Context{}, app::no_progress(), cancel);
  if (!r) {
    fmt::print(stderr, "discus encrypt: {}\n", r.error().describe());
    return kExitFailed;
  }
  if (c.json) fmt::print("{}\n", json_text(nlohmann::ordered_json{{"out", out}, {"enveloped", r->report.enveloped}, {"plain", r->report.plain}}));
  else if (!ctx.quiet && r->fileset)
    fmt::print("{}: {} Secure DICOM Files, {} other files copied plain\n", out, r->report.enveloped, r->report.plain);
  return kExitOk;
}

}  // namespace

void add_encrypt(CLI::App& root, Context& ctx) {
  auto o = std::make_shared<EncryptOptions>();
  CLI::App* c = root.add_subcommand(
      "encrypt", "envelope a DICOM File, or every file of a file-set directory, as Secure DICOM Files (PS3.10 7.4)");
  c->add_option("--recipient", o->recipients, "an X.509 certificate (PEM) whose key may open the files; repeat for more")
      ->type_name("CERT.pem")
      ->allow_extra_args(false);
  c->add_option("--password-file", o->password_file, "also (or instead) open with the password in F (PWRI, PBKDF2)")->type_name("F");
  c->add_option("--sign-with", o->sign_with, "sign the content (CMS SignedData inside the envelope)")->type_name("KEY.pem,CERT.pem");
  c->add_option("--cipher", o->cipher, "content cipher (default aes-256-cbc)")
      ->type_name("CIPHER")
      ->check(CLI::IsMember({"aes-256-cbc", "aes-128-cbc"}));
  c->add_flag("--oaep", o->oaep, "wrap the content key with RSAES-OAEP instead of PKCS#1 v1.5");
  c->add_option("--threads", o->threads, "files enveloped at once for a file-set (default 2)")->type_name("N");
  c->add_flag("--no-sync", o->no_sync, "do not fsync the outputs before renaming them into place (benchmarks)");
  c->add_flag("--json", o->json, "print a JSON summary (out, enveloped, plain) on stdout");
  c->add_option("IN", o->paths,
                "IN then OUT: both files, or both directories (a file-set: OUT must not exist or be empty)")
      ->required()
      ->expected(2);
  on_run(*c, ctx, [o](Context& context) { return run_encrypt(*o, context); });
}

}  // namespace discus::cli
