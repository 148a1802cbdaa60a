// `discus dictionary`: the built-in PS3.6 data dictionary, for people and for the oracle test.
//   discus dictionary [--tsv]   data elements: tag, vr, vm, keyword, name, retired
//   discus dictionary --uids    PS3.6 Annex A UIDs: uid, name, type, keyword, retired
#include <fmt/format.h>

#include <memory>

#include "cli/command.h"
#include "dicom/dict/dictionary.h"
#include "dicom/dict/uid_registry.h"

namespace discus::cli {

namespace {
std::string tag_text(const dicom::dict::DictEntry& e) {
  // 'x' where the mask leaves a nibble free, as PS3.6 writes repeating groups.
  std::string s = fmt::format("{:08X}", e.tag);
  for (int i = 0; i < 8; ++i)
    if (((e.mask >> (28 - 4 * i)) & 0xF) == 0) s[static_cast<std::size_t>(i)] = 'x';
  return fmt::format("({},{})", s.substr(0, 4), s.substr(4));
}

int print_uids() {
  fmt::memory_buffer out;
  fmt::format_to(std::back_inserter(out), "uid\tname\ttype\tkeyword\tretired\n");
  for (const auto& u : dicom::dict::all_uids())
    fmt::format_to(std::back_inserter(out), "{}\t{}\t{}\t{}\t{}\n", u.uid, u.name, u.type, u.keyword,
                   u.retired ? "RET" : "");
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitOk;
}

struct DictionaryOptions {
  bool tsv = false, uids = false;
};

int run_dictionary(const DictionaryOptions& o, Context&) {
  const bool uids = o.uids;
  if (uids) return print_uids();
  fmt::memory_buffer out;
  fmt::format_to(std::back_inserter(out), "tag\tvr\tvm\tkeyword\tname\tretired\n");
  auto print = [&](const dicom::dict::DictEntry& e) {
    std::string vr(to_string(e.vr));
    if (e.vr_count > 1) vr += fmt::format(" or {}", to_string(e.vr2));
    if (e.vr_count > 2) vr += fmt::format(" or {}", to_string(e.vr3));
    fmt::format_to(std::back_inserter(out), "{}\t{}\t{}\t{}\t{}\t{}\n", tag_text(e), vr, e.vm, e.keyword, e.name,
                   e.retired ? "RET" : "");
  };
  for (const auto& e : dicom::dict::exact_entries()) print(e);
  for (const auto& e : dicom::dict::masked_entries()) print(e);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitOk;
}

}  // namespace

void add_dictionary(CLI::App& root, Context& ctx) {
  auto o = std::make_shared<DictionaryOptions>();
  CLI::App* c = root.add_subcommand("dictionary", "print the built-in PS3.6 data dictionary (or the UID registry) as TSV");
  c->add_flag("--tsv", o->tsv, "tab-separated columns tag, vr, vm, keyword, name, retired (the default and only format)");
  c->add_flag("--uids", o->uids, "the PS3.6 Annex A UID registry instead: uid, name, type, keyword, retired");
  on_run(*c, ctx, [o](Context& context) { return run_dictionary(*o, context); });
}

}  // namespace discus::cli
