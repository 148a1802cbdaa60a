// The options that open secure media (PS3.15 D.1 password or RSA recipient) for the commands that
// read them: verify, iso, dir (decrypt has its own, with --trust). Nothing is decrypted to disk
// by these commands; the key only lets them look inside the envelopes in memory.
//   OpenKeyArgs k;  add_open_key_options(*c, k);  ...  int st = fill_open_key("verify", k, options.key);
#pragma once

#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

#include "media/secure/secure.h"

namespace discus::cli {

struct OpenKeyArgs {
  std::string password_file, key, cert, keystore;
};

void add_open_key_options(CLI::App& command, OpenKeyArgs& args);
// kExitOk with `out` filled (left empty when no option was given), kExitFailed (an unreadable
// password file, printed) or kExitUsage (printed).
int fill_open_key(std::string_view command, const OpenKeyArgs& args, media::secure::DecryptOptions& out);

}  // namespace discus::cli
