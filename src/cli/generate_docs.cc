#include "cli/generate_docs.h"

#include <fmt/format.h>

#include <cctype>
#include <fstream>
#include <memory>

#include "cli/version.h"

namespace discus::cli {
namespace {

std::vector<const CLI::App*> commands(const CLI::App& root) {
  std::vector<const CLI::App*> out;
  for (const CLI::App* c : root.get_subcommands([](const CLI::App* a) { return !a->get_group().empty(); })) out.push_back(c);
  return out;
}

bool is_flag(const CLI::Option* o) { return o->get_expected_max() == 0; }  // add_flag sets expected(0)

// roff: backslashes escaped, a line may not start with '.' or '\'', dashes of options are \-.
std::string roff(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') out += "\\e";
    else if (c == '-') out += "\\-";
    else out += c;
  }
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out.insert(0, "\\&");
  return out;
}

std::string option_synopsis(const CLI::Option* o) {
  std::string names;
  for (const std::string& s : o->get_snames()) names += (names.empty() ? "" : ", ") + fmt::format("\\fB\\-{}\\fR", s);
  for (const std::string& l : o->get_lnames()) names += (names.empty() ? "" : ", ") + fmt::format("\\fB\\-\\-{}\\fR", roff(l));
  if (!is_flag(o)) names += fmt::format(" \\fI{}\\fR", roff(o->get_type_name()));
  return names;
}

std::string positional_name(const CLI::Option* o) {
  std::string n = o->get_name();
  if (o->get_expected_max() > 1) n += o->get_expected_min() == 2 && o->get_expected_max() == 2 ? "" : "...";
  return n;
}

std::string usage_line(const CLI::App& c) {
  std::string out = fmt::format(".B discus {}\n[\\fIOPTIONS\\fR]", c.get_name());
  for (const CLI::Option* o : c.get_options([](const CLI::Option* x) { return !x->nonpositional(); })) {
    const std::string n = fmt::format("\\fI{}\\fR", roff(positional_name(o)));
    out += o->get_required() ? " " + n : " [" + n + "]";
  }
  return out + "\n";
}

std::string options_section(const CLI::App& app) {
  std::string out;
  for (const CLI::Option* o : app.get_options([](const CLI::Option* x) { return x->nonpositional(); })) {
    out += fmt::format(".TP\n{}\n{}{}\n", option_synopsis(o), roff(o->get_description()), o->get_required() ? " (required)" : "");
  }
  return out;
}

const char* kExitStatus = ".SH EXIT STATUS\n.TP\n0\ndone; nothing to report\n.TP\n1\nsome input failed, a finding of severity "
                          "error, or the work failed (the messages say which)\n.TP\n2\nusage error: the command line or "
                          "the configuration is wrong; nothing was done\n";

const char* kConfiguration =
    ".SH CONFIGURATION\n/etc/discus/discus.toml, or the file named by \\fB\\-\\-config\\fR \\fIFILE\\fR or "
    "\\fB$DISCUS_CONFIG\\fR: institution name, UID root, default profile and medium, key store (an example with every "
    "key explained: /usr/share/doc/discus/examples/discus.toml). Precedence: command\\-line flags over the configuration "
    "file over built\\-in defaults. Unknown keys are an error.\n";

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::string man_page(const CLI::App& root, const CLI::App* c) {
  const std::string version = discus_version();
  std::string out;
  if (c == nullptr) {
    out += fmt::format(".TH DISCUS 1 \"\" \"Discus {}\" \"Discus Manual\"\n.SH NAME\ndiscus \\- {}\n", version,
                       roff("DICOM media (CD, DVD, USB) authoring, writing, verification and reading"));
    out += ".SH SYNOPSIS\n.B discus\n[\\fIGLOBAL OPTIONS\\fR] \\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIARGUMENTS\\fR]\n";
    out += ".SH DESCRIPTION\n" + roff(root.get_description()) + "\nEach command has its own page, \\fBdiscus\\-COMMAND\\fR(1).\n";
    out += ".SH COMMANDS\n";
    for (const CLI::App* cmd : commands(root))
      out += fmt::format(".TP\n\\fBdiscus {}\\fR\n{} See \\fBdiscus\\-{}\\fR(1).\n", cmd->get_name(), roff(cmd->get_description()),
                         cmd->get_name());
    out += ".SH GLOBAL OPTIONS\nThese may come before or after the command.\n" + options_section(root);
    out += kExitStatus;
    out += kConfiguration;
    out += ".SH SEE ALSO\n";
    std::string see;
    for (const CLI::App* cmd : commands(root)) see += (see.empty() ? "" : ",\n") + fmt::format(".BR discus\\-{} (1)", cmd->get_name());
    return out + see + "\n";
  }
  const std::string name = c->get_name();
  out += fmt::format(".TH DISCUS\\-{} 1 \"\" \"Discus {}\" \"Discus Manual\"\n.SH NAME\ndiscus\\-{} \\- {}\n", roff(upper(name)),
                     version, roff(name), roff(c->get_description()));
  out += ".SH SYNOPSIS\n" + usage_line(*c);
  std::string description = c->get_description();
  if (!description.empty()) description[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(description[0])));
  out += ".SH DESCRIPTION\n" + roff(description) + ".\n";
  const auto positionals = c->get_options([](const CLI::Option* x) { return !x->nonpositional(); });
  if (!positionals.empty()) {
    out += ".SH ARGUMENTS\n";
    for (const CLI::Option* o : positionals)
      out += fmt::format(".TP\n\\fI{}\\fR\n{}\n", roff(positional_name(o)), roff(o->get_description()));
  }
  out += ".SH OPTIONS\n" + options_section(*c);
  out += ".SH GLOBAL OPTIONS\n" + options_section(root);
  out += kExitStatus;
  out += kConfiguration;
  return out + ".SH SEE ALSO\n.BR discus (1)\n";
}

std::string bash_completion(const CLI::App& root) {
  auto words = [](const CLI::App& app) {
    std::string w;
    for (const CLI::Option* o : app.get_options([](const CLI::Option* x) { return x->nonpositional(); })) {
      for (const std::string& l : o->get_lnames()) w += (w.empty() ? "--" : " --") + l;
    }
    return w;
  };
  std::string cases;
  std::string command_list;
  std::string valued = "--config";
  for (const CLI::App* c : commands(root)) {
    command_list += (command_list.empty() ? "" : " ") + c->get_name();
    cases += fmt::format("    {}) opts=\"{}\" ;;\n", c->get_name(), words(*c));
    for (const CLI::Option* o : c->get_options([](const CLI::Option* x) { return x->nonpositional() && !is_flag(x); }))
      for (const std::string& l : o->get_lnames())
        if (valued.find("--" + l + "|") == std::string::npos && ("|" + valued + "|").find("|--" + l + "|") == std::string::npos)
          valued += "|--" + l;
  }
  return fmt::format(R"SH(# bash completion for discus {version}; generated by `discus __completion bash` from its option tree.
_discus() {{
  local cur="${{COMP_WORDS[COMP_CWORD]}}" prev="${{COMP_WORDS[COMP_CWORD-1]}}" cmd="" i opts
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "${{COMP_WORDS[i]}}" in
      --config) ((i++)) ;;
      -*) ;;
      *) cmd="${{COMP_WORDS[i]}}"; break ;;
    esac
  done
  if [[ "$prev" == --profile ]]; then
    COMPREPLY=($(compgen -W "$(discus profiles 2>/dev/null | awk '/^[A-Z]/ {{print $1}}')" -- "$cur"))
    return
  fi
  case "$prev" in
    {valued}) COMPREPLY=($(compgen -f -- "$cur")); return ;;
  esac
  case "$cmd" in
    "") opts="{globals} {commands}" ;;
{cases}  esac
  if [[ -z "$cmd" || "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}}
complete -o filenames -o bashdefault -F _discus discus
)SH",
                     fmt::arg("version", discus_version()), fmt::arg("valued", valued), fmt::arg("globals", words(root)),
                     fmt::arg("commands", command_list), fmt::arg("cases", cases));
}

std::string zsh_completion(const CLI::App& root) {
  auto quote = [](std::string_view text) {
    std::string out;
    for (char ch : text) {
      if (ch == '\'') out += "'\\''";
      else if (ch == '[' || ch == ']' || ch == ':') out += std::string("\\") + ch;
      else out += ch;
    }
    return out;
  };
  auto specs = [&](const CLI::App& app, const std::string& indent) {
    std::string out;
    for (const CLI::Option* o : app.get_options()) {
      if (!o->nonpositional()) {
        out += fmt::format("{}'{}:{}:_files' \\\n", indent, o->get_expected_max() > 1 ? "*" : "", quote(o->get_name()));
        continue;
      }
      std::vector<std::string> names;
      for (const std::string& s : o->get_snames()) names.push_back("-" + s);
      for (const std::string& l : o->get_lnames()) names.push_back("--" + l);
      const std::string action = is_flag(o) ? "" : fmt::format(":{}:_files", quote(o->get_type_name()));
      const std::string desc = quote(o->get_description());
      if (names.size() == 1) {
        out += fmt::format("{}'{}[{}]{}' \\\n", indent, names[0], desc, action);
      } else {
        std::string group, brace;
        for (const std::string& n : names) group += (group.empty() ? "" : " ") + n, brace += (brace.empty() ? "" : ",") + n;
        out += fmt::format("{}'({})'{{{}}}'[{}]{}' \\\n", indent, group, brace, desc, action);
      }
    }
    return out;
  };
  std::string list, cases;
  for (const CLI::App* c : commands(root)) {
    list += fmt::format("    '{}:{}'\n", c->get_name(), quote(c->get_description()));
    cases += fmt::format("        {})\n          _arguments \\\n{}            && ret=0 ;;\n", c->get_name(), specs(*c, "            "));
  }
  return fmt::format(R"SH(#compdef discus
# zsh completion for discus {version}; generated by `discus __completion zsh` from its option tree.
_discus() {{
  local curcontext="$curcontext" state line ret=1
  local -a commands
  commands=(
{list}  )
  _arguments -C \
{globals}    '1: :->command' \
    '*:: :->arguments' && ret=0
  case $state in
    command) _describe -t commands 'discus command' commands && ret=0 ;;
    arguments)
      case $words[1] in
{cases}      esac ;;
  esac
  return ret
}}
_discus "$@"
)SH",
                     fmt::arg("version", discus_version()), fmt::arg("list", list), fmt::arg("globals", specs(root, "    ")),
                     fmt::arg("cases", cases));
}

void add_generators(CLI::App& root, Context& ctx) {
  auto man = std::make_shared<std::pair<std::string, std::string>>();  // CMD, --dir
  CLI::App* m = root.add_subcommand("__man", "write man pages from the option tree")->group("");
  m->add_option("CMD", man->first, "one command's page on stdout (discus: the main page)");
  m->add_option("--dir", man->second, "write discus.1 and discus-CMD.1 for every command into DIR");
  on_run(*m, ctx, [man, &root](Context&) {
    if (!man->second.empty()) {
      std::ofstream(man->second + "/discus.1") << man_page(root, nullptr);
      for (const CLI::App* c : commands(root)) std::ofstream(man->second + "/discus-" + c->get_name() + ".1") << man_page(root, c);
      return kExitOk;
    }
    if (man->first.empty() || man->first == "discus") {
      fmt::print("{}", man_page(root, nullptr));
      return kExitOk;
    }
    const CLI::App* c = nullptr;
    for (const CLI::App* candidate : commands(root))
      if (candidate->get_name() == man->first) c = candidate;
    if (c == nullptr) return usage_error("__man", fmt::format("unknown command '{}'", man->first));
    fmt::print("{}", man_page(root, c));
    return kExitOk;
  });
  auto shell = std::make_shared<std::string>();
  CLI::App* s = root.add_subcommand("__completion", "write a shell completion script from the option tree")->group("");
  s->add_option("SHELL", *shell, "bash or zsh")->required()->check(CLI::IsMember({"bash", "zsh"}));
  on_run(*s, ctx, [shell, &root](Context&) {
    fmt::print("{}", *shell == "bash" ? bash_completion(root) : zsh_completion(root));
    return kExitOk;
  });
}

}  // namespace discus::cli
