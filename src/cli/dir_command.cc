// `discus dir [--check] [--json] PATH`: the record tree of a DICOMDIR, what the tolerant reader
// had to work around, and (--check) whether every referenced file is there, is what its record
// says and has sound Pixel Data, and which files no record references (a DICOM file: an error;
// a file the allowed content list does not name: a warning). PATH is the DICOMDIR or the
// directory holding it (name matched case-insensitively). Exit 1 when any finding is an error.
#include <fmt/format.h>
#include <sys/stat.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <memory>
#include <optional>

#include "base/text.h"
#include "cli/command.h"
#include "codec/frames/pixel_check.h"
#include "cli/secure_key.h"
#include "dicom/charset/specific_character_set.h"
#include "dicom/dict/dictionary.h"
#include "dicom/dict/tags.h"
#include "media/dicomdir/reader.h"
#include "media/dicomdir/resolver.h"
#include "media/profile/allowed_content.h"
#include "media/profile/profile_registry.h"
#include "output/verify/unreferenced.h"
#include "media/secure/secure.h"

namespace discus::cli {
namespace {

namespace dd = media::dicomdir;
namespace tags = dicom::tags;
using Json = nlohmann::ordered_json;

// The keys shown for a record: the usual identifying attributes of each level (PS3.3 F.5).
struct Key {
  dicom::Tag tag;
  bool in_text;  // UIDs only in JSON
};
constexpr Key kKeys[] = {
    {tags::PatientID, true},           {tags::PatientName, true},
    {tags::StudyDate, true},           {tags::StudyDescription, true},
    {tags::StudyID, false},            {tags::StudyInstanceUID, false},
    {tags::Modality, true},            {tags::SeriesNumber, true},
    {tags::SeriesInstanceUID, false},  {tags::InstanceNumber, true},
    {tags::ReferencedSOPClassUIDInFile, false}, {tags::ReferencedSOPInstanceUIDInFile, false},
    {tags::ReferencedTransferSyntaxUIDInFile, false},
};

std::string keyword(dicom::Tag t) {
  const auto* e = dicom::dict::find(t);
  return e && !e->keyword.empty() ? std::string(e->keyword) : dicom::to_string(t);
}

class Printer {
 public:
  explicit Printer(const dd::Dicomdir& dir) {
    if (auto cs = dir.file.dataset.get_string(tags::SpecificCharacterSet)) charset_ = parse(*cs);
  }

  // Each present key decoded to UTF-8 in the record's (or else the DICOMDIR's) character set.
  std::vector<std::pair<Key, std::string>> keys(const dd::DirectoryRecord& r) const {
    std::vector<std::pair<Key, std::string>> out;
    if (!r.keys) return out;
    dicom::charset::SpecificCharacterSet cs = charset_;
    if (auto own = r.keys->get_string(tags::SpecificCharacterSet)) cs = parse(*own);
    for (const Key& k : kKeys) {
      const dicom::Element* e = r.keys->find(k.tag);
      if (!e || e->kind != dicom::Element::Kind::kPrimitive || e->value.is_deferred()) continue;
      const auto& b = e->value.bytes;
      std::string text = cs.decode_lossy(base::ByteView(b.data(), b.size()), e->vr, nullptr);
      out.emplace_back(k, std::string(dicom::trim_padding(text)));
    }
    return out;
  }

 private:
  static dicom::charset::SpecificCharacterSet parse(std::string_view value) {
    auto cs = dicom::charset::SpecificCharacterSet::parse_lenient(value, nullptr);
    return cs ? *cs : dicom::charset::SpecificCharacterSet();
  }
  dicom::charset::SpecificCharacterSet charset_;
};

std::string file_id_text(const std::vector<std::string>& id) {
  std::string s;
  for (const std::string& c : id) s += (s.empty() ? "" : "\\") + c;
  return s;
}

void print_record(fmt::memory_buffer& out, const Printer& p, const dd::DirectoryRecord& r, int depth) {
  fmt::format_to(std::back_inserter(out), "{:{}}{} @{}", "", depth * 2, r.type.empty() ? "(no type)" : r.type,
                 r.offset);
  for (const auto& [key, value] : p.keys(r))
    if (key.in_text) fmt::format_to(std::back_inserter(out), "  {}={}", keyword(key.tag), value);
  if (!r.file_id.empty()) fmt::format_to(std::back_inserter(out), "  file {}", file_id_text(r.file_id));
  out.push_back('\n');
  for (const dd::DirectoryRecord& c : r.children) print_record(out, p, c, depth + 1);
}

Json record_json(const Printer& p, const dd::DirectoryRecord& r) {
  Json j;
  j["type"] = r.type;
  j["offset"] = r.offset;
  j["in_use"] = r.in_use;
  j["file_id"] = r.file_id;
  Json keys = Json::object();
  for (const auto& [key, value] : p.keys(r)) keys[keyword(key.tag)] = value;
  j["keys"] = std::move(keys);
  Json children = Json::array();
  for (const dd::DirectoryRecord& c : r.children) children.push_back(record_json(p, c));
  j["children"] = std::move(children);
  return j;
}

Json findings_json(const std::vector<base::Finding>& findings) {
  Json a = Json::array();
  for (const base::Finding& f : findings)
    a.push_back(Json{{"rule", f.rule}, {"severity", std::string(base::to_string(f.severity))}, {"file", f.file},
                     {"tag_path", f.tag_path}, {"message", f.message}, {"reference", f.reference}});
  return a;
}

void print_findings(fmt::memory_buffer& out, const std::vector<base::Finding>& findings) {
  for (const base::Finding& f : findings)
    fmt::format_to(std::back_inserter(out), "  {} {}{}{}{}{}: {}\n", base::to_string(f.severity), f.rule,
                   f.file.empty() ? "" : " ", f.file, f.tag_path.empty() ? "" : " ", f.tag_path, f.message);
}

bool has_errors(const std::vector<base::Finding>& findings) {
  for (const base::Finding& f : findings)
    if (f.severity == base::Severity::kError) return true;
  return false;
}

// PATH or, for a directory, the DICOMDIR in it; and the file-set root.
std::optional<std::pair<std::string, std::string>> locate(const std::string& path) {
  struct stat st{};
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
    auto found = media::dicomdir::resolve_file_id(path, {"DICOMDIR"});
    if (!found) {
      fmt::print(stderr, "discus dir: no DICOMDIR in '{}': {}\n", path, found.error().message);
      return std::nullopt;
    }
    return std::pair{*found, path};
  }
  const auto slash = path.rfind('/');
  return std::pair{path, slash == std::string::npos ? std::string(".") : path.substr(0, slash + 1)};
}

// --check: every referenced file against its record, with its Pixel Data's structure
// (codec/frames/pixel_check.h) checked while it is open, then the files no record references.
base::Result<std::vector<base::Finding>> check_fileset(const dd::Dicomdir& dir, const std::string& root) {
  std::vector<base::Finding> findings = dd::check_references(dir, root, [](const dicom::part10::DicomFile& file, std::vector<base::Finding>& out) {
    for (base::Finding& f : codec::check_pixel_data(file)) out.push_back(std::move(f));
  });
  DISCUS_TRY(const auto allowed, media::profile::AllowedContent::load(media::profile::default_profile_directory()));
  const std::string name = dir.path.substr(dir.path.rfind('/') + 1);  // npos + 1 == 0: no folder part
  for (base::Finding& f : output::check_unreferenced_files(root, dir, allowed, name))
    findings.push_back(std::move(f));
  return findings;
}

struct DirOptions {
  bool json = false, check = false;
  std::string path;
  OpenKeyArgs key;  // a secure DICOMDIR (STD-GEN-SEC-*)
};

// Plaintext of a secure DICOMDIR, wiped when the command is done with it.
struct Plain {
  base::Bytes bytes;
  ~Plain() { media::secure::wipe(bytes); }
};

// A secure file-set's DICOMDIR is a Secure DICOM File (PS3.11 D.3.5): opened in memory with the
// key given, or an explanation of what is needed. Unset (and printed) on failure.
std::optional<base::Result<dd::Dicomdir>> read_secure(const DirOptions& o, const std::string& path, Plain& plain, int& status) {
  media::secure::DecryptOptions key;
  if ((status = fill_open_key("dir", o.key, key)) != kExitOk) return std::nullopt;
  if (!key.any()) {
    fmt::print(stderr,
               "discus dir: {} is a Secure DICOM File (a STD-GEN-SEC-* file-set: the DICOMDIR is encrypted, PS3.11 D.3.5); "
               "give --password-file F or --key KEY.pem [--cert CERT.pem] to list its records in memory, or check the "
               "envelopes without a key with 'discus verify --dir'\n", path);
    status = kExitFailed;
    return std::nullopt;
  }
  if (o.check) {
    status = usage_error("dir", "--check reads the referenced files from disk, which are encrypted too on a secure file-set: "
                                "use 'discus verify --dir ROOT --password-file F' (or --key) to check them in memory");
    return std::nullopt;
  }
  auto decryptor = media::secure::Decryptor::create(key);
  if (!decryptor) return base::Result<dd::Dicomdir>(std::move(decryptor).error());
  auto opened = decryptor->decrypt_to_memory(path, plain.bytes, media::secure::kMaxSecureDicomdirBytes);
  if (!opened) return base::Result<dd::Dicomdir>(std::move(opened).error());
  return dd::read_dicomdir_memory(plain.bytes, path);
}

int run_dir(const DirOptions& o, Context&) {
  const bool json = o.json, check = o.check;
  const std::string& path = o.path;
  const auto located = locate(path);
  if (!located) return kExitFailed;
  const auto& [dicomdir_path, root] = *located;
  Plain plain;
  auto secure = media::secure::is_secure_file(dicomdir_path);
  std::optional<base::Result<dd::Dicomdir>> read;
  if (secure && *secure) {
    int status = kExitOk;
    read = read_secure(o, dicomdir_path, plain, status);
    if (!read) return status;
  } else {
    read = dd::read_dicomdir(dicomdir_path);
  }
  auto& dir = *read;
  if (!dir) {
    fmt::print(stderr, "discus dir: {}\n", dir.error().describe());
    return kExitFailed;
  }
  std::vector<base::Finding> check_findings;
  if (check) {
    auto checked = check_fileset(*dir, root);
    if (!checked) {
      fmt::print(stderr, "discus dir: {}\n", checked.error().describe());
      return kExitFailed;
    }
    check_findings = std::move(*checked);
  }
  const Printer printer(*dir);
  fmt::memory_buffer out;
  if (json) {
    Json j;
    j["path"] = dir->path;
    j["fileset_id"] = dir->fileset_id;
    j["fileset_uid"] = dir->fileset_uid;
    j["transfer_syntax"] = dir->file.transfer_syntax ? std::string(dir->file.transfer_syntax->uid) : "";
    j["hierarchy_from_sequence_order"] = dir->hierarchy_from_sequence_order;
    j["record_count"] = dd::count_records(dir->roots);
    Json roots = Json::array();
    for (const dd::DirectoryRecord& r : dir->roots) roots.push_back(record_json(printer, r));
    j["records"] = std::move(roots);
    j["findings"] = findings_json(dir->findings);
    if (check) j["check"] = findings_json(check_findings);
    const std::string text = json_text(j);
    fmt::format_to(std::back_inserter(out), "{}\n", text);
  } else {
    fmt::format_to(std::back_inserter(out), "{}  File-set ID '{}'  UID {}\n", dir->path, dir->fileset_id,
                   dir->fileset_uid);
    fmt::format_to(std::back_inserter(out), "{} records, hierarchy from {}\n", dd::count_records(dir->roots),
                   dir->hierarchy_from_sequence_order ? "sequence order (offsets unusable)" : "offsets");
    for (const dd::DirectoryRecord& r : dir->roots) print_record(out, printer, r, 1);
    fmt::format_to(std::back_inserter(out), "findings: {}\n", dir->findings.size());
    print_findings(out, dir->findings);
    if (check) {
      fmt::format_to(std::back_inserter(out), "check of referenced files: {}\n",
                     check_findings.empty() ? std::string("all match") : fmt::format("{} findings", check_findings.size()));
      print_findings(out, check_findings);
    }
  }
  // Record values come from outside: on a terminal their controls and bidi characters are shown
  // escaped (issue 12); JSON escapes them itself.
  const std::string shown = json ? std::string(out.data(), out.size()) : base::for_terminal({out.data(), out.size()});
  std::fwrite(shown.data(), 1, shown.size(), stdout);
  // The worst finding decides, the reader's as much as the check's (issue 12).
  return has_errors(dir->findings) || has_errors(check_findings) ? kExitFailed : kExitOk;
}

}  // namespace

void add_dir(CLI::App& root, Context& ctx) {
  auto o = std::make_shared<DirOptions>();
  CLI::App* c = root.add_subcommand("dir", "list a DICOMDIR's records and problems; --check the files they reference");
  c->add_flag("--check", o->check, "open every referenced file, compare it with its record and check its Pixel Data; report files no record references");
  c->add_flag("--json", o->json, "print the record tree and findings as JSON (exit 1 when any finding is an error)");
  c->add_option("PATH", o->path, "a DICOMDIR, or the directory holding it (name matched case-insensitively)")->required();
  add_open_key_options(*c, o->key);
  on_run(*c, ctx, [o](Context& context) { return run_dir(*o, context); });
}

}  // namespace discus::cli
