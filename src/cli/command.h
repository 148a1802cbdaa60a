// discus CLI — what every command file shares: the exit codes, the one wording of a usage error,
// the global options and configuration (Context), and the registration functions.
//
// The CLI is a composition root (DESIGN.md layer 7). Each command file declares its options on
// CLI11 (`void add_NAME(CLI::App& root, Context& ctx)`, every option with help text) and keeps
// the work in a separate function over a typed options struct (`int run_NAME(const NameOptions&,
// Context&)`), so the use cases of src/app can replace the bodies without touching the options.
//   CLI::App* c = root.add_subcommand("dump", "...");  c->add_flag("--json", o->json, "...");
//   on_run(*c, ctx, [o](Context& ctx) { return run_dump(*o, ctx); });
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/settings.h"
#include "base/text.h"

namespace discus::media::secure {
struct SecureOptions;
}  // namespace discus::media::secure

namespace discus::cli {

// Every --json output: indented, and never an exception on bytes that are not UTF-8 (text from
// files is escaped as \xNN by base::make_strings_valid_utf8 where it enters; this is the backstop).
template <class Json>
std::string json_text(const Json& j) {
  // Bidi overrides and C1 controls as \uXXXX: the same JSON, harmless when shown on a terminal.
  return base::json_escape_misleading(j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
}

// Exit status of every command (also in `discus --help` and the man pages).
constexpr int kExitOk = 0;      // done, nothing to report
constexpr int kExitFailed = 1;  // some input failed, findings of severity error, or the work failed
constexpr int kExitUsage = 2;   // the command line is wrong; nothing was done

// What the global options and the configuration file give every command.
struct Context {
  app::Settings settings;  // the configuration file (or built-in defaults); flags win over it
  std::string config_path;  // --config FILE
  std::string socket;       // --socket PATH: discusd's API socket (client commands, client_http.h)
  bool quiet = false;       // --quiet: only errors and the final line
  bool verbose = false;     // --verbose: every routine notice too
  bool show_version = false;
  // Set by the command chosen on the command line; main runs it once the configuration is loaded.
  std::string command;
  std::function<int(Context&)> run;
};

// Registers `body` as what `command` does when it is chosen.
inline void on_run(CLI::App& command, Context& ctx, std::function<int(Context&)> body) {
  command.callback([&ctx, &command, body = std::move(body)] {
    ctx.command = command.get_name();
    ctx.run = body;
  });
}

// Prints "discus CMD: WHAT; see 'discus CMD --help'" on stderr and returns kExitUsage. An empty
// `command` is the top level ("discus: WHAT; see 'discus --help'").
int usage_error(std::string_view command, std::string_view what);

// Appends the paths listed one per line in `list` (empty lines skipped) to `out`.
bool read_file_list(const std::string& list, std::vector<std::string>& out);

// "64M", "2G", "1048576", "700MB": K/M/G/T are powers of 1024, KB/MB/GB/TB powers of 1000.
// Unset for anything else, for zero and above kMaxSize (no overflow: every step is checked).
constexpr std::uint64_t kMaxSize = 16ull << 40;  // 16 TiB: more than any disc, stick or image
std::optional<std::uint64_t> parse_size(const std::string& text);

// The key material options author, encrypt and decrypt share, into `o`: recipients as given,
// the password read from --password-file (its first line), --sign-with KEY.pem,CERT.pem split.
// Returns kExitOk, kExitFailed (an unreadable password file, printed) or kExitUsage (printed).
int fill_key_options(std::string_view command, const std::vector<std::string>& recipients, const std::string& password_file,
                     const std::string& sign_with, media::secure::SecureOptions& o);

// The commands, one per file (src/cli/*_command.cc), in the order `discus help` lists them.
void add_dump(CLI::App& root, Context& ctx);
void add_validate(CLI::App& root, Context& ctx);
void add_dictionary(CLI::App& root, Context& ctx);
void add_transcode(CLI::App& root, Context& ctx);
void add_render(CLI::App& root, Context& ctx);
void add_profiles(CLI::App& root, Context& ctx);
void add_author(CLI::App& root, Context& ctx);
void add_update(CLI::App& root, Context& ctx);
void add_mkdir(CLI::App& root, Context& ctx);
void add_span(CLI::App& root, Context& ctx);
void add_dir(CLI::App& root, Context& ctx);
void add_encrypt(CLI::App& root, Context& ctx);
void add_decrypt(CLI::App& root, Context& ctx);
void add_iso(CLI::App& root, Context& ctx);
void add_drives(CLI::App& root, Context& ctx);
void add_burn(CLI::App& root, Context& ctx);
void add_usb(CLI::App& root, Context& ctx);
void add_verify(CLI::App& root, Context& ctx);
// DICOM networking (issue 15): src/cli/{echo,store_scp,send}_command.cc.
void add_echo(CLI::App& root, Context& ctx);
void add_store_scp(CLI::App& root, Context& ctx);
void add_send(CLI::App& root, Context& ctx);
// Query/Retrieve and Worklist SCU (issue 16): src/cli/{find,move,get}_command.cc.
void add_find(CLI::App& root, Context& ctx);
void add_move(CLI::App& root, Context& ctx);
void add_get(CLI::App& root, Context& ctx);
// Import of outside media (issue 17): src/cli/import_command.cc.
void add_import(CLI::App& root, Context& ctx);
// Disc labels (issue 18 item 4): src/cli/label_command.cc.
void add_label(CLI::App& root, Context& ctx);
// Clients of discusd (client_*.cc): they need the daemon; the commands above do not.
void add_submit(CLI::App& root, Context& ctx);
void add_jobs(CLI::App& root, Context& ctx);
void add_watch(CLI::App& root, Context& ctx);
void add_cancel(CLI::App& root, Context& ctx);
void add_retry(CLI::App& root, Context& ctx);
// discusd's import jobs and their holds (issue 17 item 6): src/cli/client_import.cc.
void add_import_job(CLI::App& root, Context& ctx);
void add_holds(CLI::App& root, Context& ctx);
void add_decide(CLI::App& root, Context& ctx);
// service_commands.cc: discusd's settings; "stop after this copy" (discus cancel --after-copy)
void add_config(CLI::App& root, Context& ctx);
int run_cancel_after_copy(std::int64_t id, const std::string& reason, Context& ctx);
// Disc-publishing robots (issue 18): src/cli/{robots,robot_sim}_command.cc.
void add_robots(CLI::App& root, Context& ctx);
void add_robot_sim(CLI::App& root, Context& ctx);

}  // namespace discus::cli
