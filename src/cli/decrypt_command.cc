// `discus decrypt`: a Secure DICOM File, or a secure file-set directory, back to plain DICOM
// Files, after checking padding, digests and signatures. See src/media/secure/secure.h.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>

#include "app/decrypt.h"
#include "cli/command.h"
#include "cli/read_back.h"
#include "media/secure/fileset.h"
#include "media/secure/secure.h"

namespace discus::cli {

namespace {

struct DecryptCommandOptions {
  std::string key, cert, password_file, keystore;
  std::vector<std::string> trust;
  bool quiet = false, no_sync = false, json = false;
  std::vector<std::string> paths;  // IN OUT
};

std::string report_line(const std::string& name, const media::secure::DecryptReport& r) {
  std::string line = fmt::format("{}: {} in {}, opened by {}", name, r.content_type, r.cipher, r.recipient);
  if (!r.digest.empty()) line += fmt::format(", {} digest verified", r.digest);
  for (const std::string& s : r.signers)
    line += r.signers_trusted ? fmt::format(", signature verified: {}, signer trusted (chains to a --trust anchor)", s)
                              : fmt::format(", signature valid, signer not verified against a trust store: {}", s);
  return line;
}

nlohmann::ordered_json report_json(const std::string& name, const media::secure::DecryptReport& r) {
  return {{"file", name},           {"content_type", r.content_type}, {"cipher", r.cipher},
          {"recipient", r.recipient}, {"digest", r.digest},           {"signers", r.signers},
          {"signers_trusted", r.signers_trusted}};
}

int run_decrypt(const DecryptCommandOptions& c, Context& ctx) {
  media::secure::DecryptOptions o;
  o.key = c.key;
  o.cert = c.cert;
  o.keystore = c.keystore;
  o.trust = c.trust;
  o.sync = !c.no_sync;
  const bool quiet = c.quiet || ctx.quiet;
  if (!c.password_file.empty()) {
    auto pw = media::secure::read_password_file(c.password_file);
    if (!pw) {
      fmt::print(stderr, "discus decrypt: {}\n", pw.error().describe());
      return kExitFailed;
    }
    o.password = *pw;
  }
  // The configured key store, when the command line names no way to open the files.
  if (o.key.empty() && o.keystore.empty() && o.password.empty()) o.keystore = ctx.settings.keystore;
  if (!o.cert.empty() && o.key.empty()) return usage_error("decrypt", "--cert goes with --key");
  const std::string& in = c.paths[0];
  const std::string& out = c.paths[1];
  app::DecryptOptions d;
  d.in = in;
  d.out = out;
  d.decrypt = o;
  app::CancelToken cancel;
  InterruptCancels interrupt(cancel);
  auto r = app::decrypt(d, app::Context{}, app::no_progress(), cancel);
  if (!r) {
    // No way to open the files was given, nor configured: a usage error.
    if (r.error().code == base::ErrorCode::kInvalidArgument && o.key.empty() && o.keystore.empty() && o.password.empty())
      return usage_error("decrypt", r.error().describe());
    fmt::print(stderr, "discus decrypt: {}\n", r.error().describe());
    return kExitFailed;
  }
  if (!r->fileset) {
    const auto& [name, rep] = r->report.opened.front();
    if (c.json) fmt::print("{}\n", json_text(report_json(name, rep)));
    else if (!quiet) fmt::print("{}\n", report_line(name, rep));
    return kExitOk;
  }
  if (c.json) {
    nlohmann::ordered_json files = nlohmann::ordered_json::array();
    for (const auto& [name, rep] : r->report.opened) files.push_back(report_json(name, rep));
    fmt::print("{}\n", json_text(nlohmann::ordered_json{{"out", out}, {"opened", r->report.enveloped}, {"plain", r->report.plain},
                                              {"files", files}}));
    return kExitOk;
  }
  if (!quiet)
    for (const auto& [name, rep] : r->report.opened) fmt::print("{}\n", report_line(name, rep));
  fmt::print("{}: {} Secure DICOM Files opened, {} other files copied\n", out, r->report.enveloped, r->report.plain);
  return kExitOk;
}

}  // namespace

void add_decrypt(CLI::App& root, Context& ctx) {
  auto o = std::make_shared<DecryptCommandOptions>();
  CLI::App* c = root.add_subcommand(
      "decrypt", "open a Secure DICOM File or secure file-set; checks digests and signatures, names the signers");
  c->add_option("--key", o->key, "the recipient's private key (PEM)")->type_name("KEY.pem");
  c->add_option("--cert", o->cert, "the recipient's certificate, to pick the right envelope when there are several")
      ->type_name("CERT.pem");
  c->add_option("--password-file", o->password_file, "open with the password in F (PWRI)")->type_name("F");
  c->add_option("--keystore", o->keystore,
                "a key store: a PEM (key + certificate) or PKCS#12 file, or a directory of them, mode 600 "
                "(default: [security] keystore of the configuration)")
      ->type_name("PATH");
  c->add_option("--trust", o->trust, "signers must chain to one of these certificates (and the content must be signed); repeat")
      ->type_name("CA.pem")
      ->allow_extra_args(false);
  c->add_flag("--quiet", o->quiet, "do not print what opened each file (the same as the global --quiet)");
  c->add_flag("--no-sync", o->no_sync, "do not fsync the outputs before renaming them into place (benchmarks)");
  c->add_flag("--json", o->json, "print what opened each file as JSON");
  c->add_option("IN", o->paths,
                "IN then OUT: both files, or both directories (a secure file-set: OUT must not exist or be empty)")
      ->required()
      ->expected(2);
  on_run(*c, ctx, [o](Context& context) { return run_decrypt(*o, context); });
}

}  // namespace discus::cli
