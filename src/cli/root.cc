#include "cli/root.h"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/conformance.h"
#include "cli/generate_docs.h"
#include "cli/suggest.h"
#include "cli/version.h"

namespace discus::cli {
namespace {

constexpr const char* kFooter = R"(Exit status:
  0  done; nothing to report
  1  some input failed, a finding of severity error, or the work failed (the messages say which)
  2  usage error: the command line or the configuration is wrong; nothing was done

Configuration: /etc/discus/discus.toml, or the file named by --config FILE or $DISCUS_CONFIG
(institution, UID root, default profile and medium, key store). Precedence: command-line flags
over the configuration file over built-in defaults.

'discus help CMD' or 'discus CMD --help' describes a command; 'man discus-CMD' too.)";

// The names a mistyped command is compared with.
std::vector<std::string> command_names(const CLI::App& root) {
  std::vector<std::string> names;
  for (const CLI::App* c : root.get_subcommands([](const CLI::App* a) { return !a->get_group().empty(); }))
    names.push_back(c->get_name());
  return names;
}

std::vector<std::string> option_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::Option* o : app.get_options())
    for (const std::string& l : o->get_lnames()) names.push_back("--" + l);
  return names;
}

// The global options that take a value (so the word after them is not the command).
bool global_takes_value(const std::string& arg) { return arg == "--config" || arg == "--socket"; }

// The command word of argv: the first argument that is neither a global option nor its value.
std::string command_word(const std::vector<std::string>& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (global_takes_value(a)) {
      ++i;
      continue;
    }
    if (!a.empty() && a[0] == '-') continue;
    return a;
  }
  return {};
}

// One CLI11 parse error in our wording, with "did you mean" for options.
std::string describe(const CLI::ParseError& e, const CLI::App& app, const CLI::App& root) {
  std::string what = e.what();
  if (dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr) {
    // "The following argument(s) was/were not expected: a b"
    const auto colon = what.find(": ");
    std::vector<std::string> extras = CLI::detail::split(colon == std::string::npos ? what : what.substr(colon + 2), ' ');
    std::vector<std::string> known = option_names(app);
    for (const std::string& g : option_names(root)) known.push_back(g);
    std::string out;
    for (const std::string& x : extras) {
      if (x.empty()) continue;
      if (!out.empty()) out += "; ";
      if (x.size() > 1 && x[0] == '-') {
        const std::string name = x.substr(0, x.find('='));
        out += fmt::format("unknown option '{}'{}", name, did_you_mean(name, known));
      } else {
        out += fmt::format("unexpected argument '{}'", x);
      }
    }
    return out;
  }
  if (!what.empty()) what[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(what[0])));
  return what;
}

// Which settings apply: --config FILE, else $DISCUS_CONFIG, else /etc/discus/discus.toml when it
// exists, else the built-in defaults. A file that is named but missing is an error.
base::Result<app::Settings> load_configuration(const Context& ctx) {
  if (!ctx.config_path.empty()) return app::load_settings(ctx.config_path);
  if (const char* env = std::getenv("DISCUS_CONFIG"); env != nullptr && *env != '\0') return app::load_settings(env);
  std::error_code ec;
  const std::string system(app::kDefaultSettingsPath);
  if (std::filesystem::exists(system, ec)) return app::load_settings(system);
  return app::Settings{};
}

void add_help(CLI::App& root, Context& ctx) {
  auto topic = std::make_shared<std::string>();
  CLI::App* c = root.add_subcommand("help", "describe discus, or one command: discus help CMD");
  c->add_option("CMD", *topic, "the command to describe");
  on_run(*c, ctx, [topic, &root](Context&) {
    if (topic->empty()) {  // root.help() would describe the chosen command, `help` itself
      fmt::print("{}\n", root.get_formatter()->make_help(&root, "discus", CLI::AppFormatMode::Normal));
      return kExitOk;
    }
    const std::vector<std::string> names = command_names(root);
    if (std::find(names.begin(), names.end(), *topic) == names.end())
      return usage_error("", fmt::format("unknown command '{}'{}", *topic, did_you_mean(*topic, names)));
    fmt::print("{}\n", root.get_subcommand(*topic)->help("discus"));
    return kExitOk;
  });
}

// Every command, in the order `discus help` lists them.
struct CommandEntry {
  std::string_view name;
  void (*add)(CLI::App&, Context&);
};
constexpr CommandEntry kCommands[] = {
    {"dump", add_dump},         {"validate", add_validate}, {"dictionary", add_dictionary}, {"transcode", add_transcode},
    {"render", add_render},     {"profiles", add_profiles}, {"author", add_author},         {"update", add_update},
    {"mkdir", add_mkdir},       {"span", add_span},         {"dir", add_dir},               {"encrypt", add_encrypt},
    {"decrypt", add_decrypt},   {"iso", add_iso},           {"drives", add_drives},         {"burn", add_burn},
    {"usb", add_usb},           {"verify", add_verify},
    {"echo", add_echo},         {"store-scp", add_store_scp}, {"send", add_send},  // issue 15
    {"find", add_find},         {"move", add_move},         {"get", add_get},  // issue 16: query/retrieve
    {"import", add_import},  // issue 17
    {"label", add_label},  // issue 18 item 4: disc labels
    // discusd's clients (issue 14 item 5)
    {"submit", add_submit},     {"jobs", add_jobs},         {"watch", add_watch},           {"cancel", add_cancel},
    {"retry", add_retry},
    {"import-job", add_import_job}, {"holds", add_holds}, {"decide", add_decide},  // issue 17 item 6: import jobs, holds
    {"robots", add_robots},     {"robot-sim", add_robot_sim},  // issue 18
    {"config", add_config},  // discusd's settings (service)
};

std::vector<std::string> all_command_names() {
  std::vector<std::string> names;
  for (const CommandEntry& c : kCommands) names.emplace_back(c.name);
  names.emplace_back("help");
  return names;
}

}  // namespace

void build_root(CLI::App& root, Context& ctx, std::string_view only) {
  root.name("discus");
  root.description("Discus: DICOM media (CD, DVD, USB) authoring, writing, verification and reading.");
  root.footer(kFooter);
  root.set_help_flag("-h,--help", "print this help and exit");
  root.add_flag("--version", ctx.show_version, "print the Discus version and the versions of the libraries it uses");
  root.add_option("--config", ctx.config_path, "read the configuration from FILE instead of /etc/discus/discus.toml")
      ->type_name("FILE");
  root.add_option("--socket", ctx.socket, "discusd's API socket for submit, jobs, watch, cancel, retry (default "
                  "$DISCUS_SOCKET, else /run/discus/discusd.sock)")
      ->type_name("PATH");
  root.add_flag("-q,--quiet", ctx.quiet, "no progress bar and no routine messages; errors and --json output only");
  root.add_flag("-v,--verbose", ctx.verbose, "name every routine notice (repairs, warnings, lossy steps) instead of counting them");
  root.require_subcommand(0, 1);
  root.get_formatter()->label("SUBCOMMAND", "COMMAND");
  root.get_formatter()->label("SUBCOMMANDS", "COMMANDS");
  root.get_formatter()->label("Positionals", "Arguments");
  const std::string group = "Commands";
  for (const auto& [name, add] : kCommands)
    if (only.empty() || only == name) add(root, ctx);
  add_help(root, ctx);
  for (CLI::App* c : root.get_subcommands([](const CLI::App*) { return true; })) {
    c->group(group);
    c->fallthrough();  // the global options may also follow the command: discus author --verbose ...
    c->set_help_flag("-h,--help", "print this command's help and exit");
    c->footer("Exit status: 0 done, 1 failure or error findings, 2 usage error. Global options (--config FILE, --quiet, "
              "--verbose) may come before or after the command; flags override the configuration file.");
  }
  add_generators(root, ctx);  // hidden: no group
  add_conformance(root, ctx);  // hidden: the DICOM Conformance and IHE Integration Statements (issue 16 item 4)
}

int run_discus(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  const std::string word = command_word(args);
  const std::vector<std::string> names = all_command_names();
  const bool hidden = word.starts_with("__");
  if (!word.empty() && !hidden && std::find(names.begin(), names.end(), word) == names.end())
    return usage_error("", fmt::format("unknown command '{}'{}", word, did_you_mean(word, names)));
  // Declaring every command's options costs more than a small command's whole run (measured:
  // 2.0 M of 14 M instructions for `dump` of one file), so only the chosen command is declared;
  // help, the generators and a bare `discus` get the whole tree.
  CLI::App root;
  Context ctx;
  build_root(root, ctx, word == "help" || hidden ? std::string_view() : std::string_view(word));
  try {
    root.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    fmt::print("{}\n", root.help());  // the chosen command's help when one was given
    return kExitOk;
  } catch (const CLI::CallForAllHelp&) {
    fmt::print("{}\n", root.help("", CLI::AppFormatMode::All));
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    const auto chosen = root.get_subcommands();
    const CLI::App& app = chosen.empty() ? root : *chosen.front();
    return usage_error(chosen.empty() ? "" : app.get_name(), describe(e, app, root));
  }
  if (ctx.show_version) {
    fmt::print("{}", version_text());
    return kExitOk;
  }
  if (!ctx.run) {
    fmt::print(stderr, "{}\n\n", root.help());
    return usage_error("", "a command is needed");
  }
  auto settings = load_configuration(ctx);
  if (!settings) {
    return usage_error("", fmt::format("configuration: {}", settings.error().message));
  }
  ctx.settings = std::move(*settings);
  return ctx.run(ctx);
}

}  // namespace discus::cli
