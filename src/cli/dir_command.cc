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
  std::vector<std::pair<Key, std::string>> keys(const dd::RecordItem* item) const {
    std::vector<std::pair<Key, std::string>> out;
    if (!item) return out;
    const dicom::DataSet& ds = item->keys;
    dicom::charset::SpecificCharacterSet cs = charset_;
    if (auto own = ds.get_string(tags::SpecificCharacterSet)) cs = parse(*own);
    for (const Key& k : kKeys) {
      const dicom::Element* e = ds.find(k.tag);
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

// Output of a DICOMDIR of any size: records are loaded one at a time and the text goes to stdout
// as it grows, never the whole listing in memory.
class Out {
 public:
  // Record values come from outside: in text their controls and bidi characters are shown
  // escaped (issue 12); JSON escapes them itself. Text is flushed at line ends only, so no
  // character is cut between two chunks.
  bool escape_for_terminal = false;
  fmt::memory_buffer buf;
  void flush_if_large() {
    if (buf.size() >= (1u << 20)) flush();
  }
  void flush() {
    if (escape_for_terminal) {
      const std::string shown = base::for_terminal({buf.data(), buf.size()});
      std::fwrite(shown.data(), 1, shown.size(), stdout);
    } else {
      std::fwrite(buf.data(), 1, buf.size(), stdout);
    }
    buf.clear();
  }
  template <class... Args>
  void put(fmt::format_string<Args...> f, Args&&... args) {
    fmt::format_to(std::back_inserter(buf), f, std::forward<Args>(args)...);
  }
};

void print_record(Out& out, const dd::Dicomdir& dir, const Printer& p, const dd::DirectoryRecord& r, int depth) {
  const auto item = dir.load(r);
  const dd::RecordItem* loaded = item ? &*item : nullptr;
  out.put("{:{}}{} @{}", "", depth * 2, r.type.empty() ? "(no type)" : r.type, r.offset);
  for (const auto& [key, value] : p.keys(loaded))
    if (key.in_text) out.put("  {}={}", keyword(key.tag), value);
  if (loaded && !loaded->file_id.empty()) out.put("  file {}", file_id_text(loaded->file_id));
  out.buf.push_back('\n');
  out.flush_if_large();
  for (const dd::DirectoryRecord& c : r.children) print_record(out, dir, p, c, depth + 1);
}

void put_record_list_json(Out& out, const dd::Dicomdir& dir, const Printer& p, const dd::RecordList& records,
                          int level);

// A value as json_text() writes it at this nesting level (its own lines indented to it), so that
// the streamed document is byte for byte the one json_text() of the whole tree would give.
void put_json(Out& out, const Json& value, int level) {
  const std::string text = json_text(value);
  for (char c : text) {
    out.buf.push_back(c);
    if (c == '\n') out.put("{:{}}", "", level * 2);
  }
}

// One record and, recursively, its children, as record_json() of old built them in one Json:
// {"type", "offset", "in_use", "file_id", "keys", "children"} at `level`.
void put_record_json(Out& out, const dd::Dicomdir& dir, const Printer& p, const dd::DirectoryRecord& r, int level) {
  const auto item = dir.load(r);
  const dd::RecordItem* loaded = item ? &*item : nullptr;
  Json keys = Json::object();
  for (const auto& [key, value] : p.keys(loaded)) keys[keyword(key.tag)] = value;
  const std::string pad((level + 1) * 2, ' ');
  out.put("{{\n{}\"type\": ", pad);
  put_json(out, Json(std::string(r.type)), level + 1);
  out.put(",\n{}\"offset\": {},\n{}\"in_use\": {},\n{}\"file_id\": ", pad, r.offset, pad, r.in_use, pad);
  put_json(out, loaded ? Json(loaded->file_id) : Json::array(), level + 1);
  out.put(",\n{}\"keys\": ", pad);
  put_json(out, keys, level + 1);
  out.put(",\n{}\"children\": ", pad);
  put_record_list_json(out, dir, p, r.children, level + 1);
  out.put("\n{:{}}}}", "", level * 2);
  out.flush_if_large();
}

void put_record_list_json(Out& out, const dd::Dicomdir& dir, const Printer& p, const dd::RecordList& records,
                          int level) {
  if (records.empty()) {
    out.put("[]");
    return;
  }
  out.put("[");
  for (std::size_t i = 0; i < records.size(); ++i) {
    out.put("{}\n{:{}}", i == 0 ? "" : ",", "", (level + 1) * 2);
    put_record_json(out, dir, p, records[i], level + 1);
  }
  out.put("\n{:{}}]", "", level * 2);
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
  Out out;
  out.escape_for_terminal = !json;
  if (json) {
    // Streamed, field by field, in the order and layout json_text() gives an ordered_json.
    auto field = [&](std::string_view name, const Json& value, bool last = false) {
      out.put("  \"{}\": ", name);
      put_json(out, value, 1);
      out.put("{}\n", last ? "" : ",");
    };
    out.put("{{\n");
    field("path", dir->path);
    field("fileset_id", dir->fileset_id);
    field("fileset_uid", dir->fileset_uid);
    field("transfer_syntax", dir->file.transfer_syntax ? std::string(dir->file.transfer_syntax->uid) : "");
    field("hierarchy_from_sequence_order", dir->hierarchy_from_sequence_order);
    field("record_count", dir->record_count());
    out.put("  \"records\": ");
    put_record_list_json(out, *dir, printer, dir->roots, 1);
    out.put(",\n");
    field("findings", findings_json(dir->findings), !check);
    if (check) field("check", findings_json(check_findings), true);
    out.put("}}\n");
  } else {
    out.put("{}  File-set ID '{}'  UID {}\n", dir->path, dir->fileset_id, dir->fileset_uid);
    out.put("{} records, hierarchy from {}\n", dir->record_count(),
            dir->hierarchy_from_sequence_order ? "sequence order (offsets unusable)" : "offsets");
    for (const dd::DirectoryRecord& r : dir->roots) print_record(out, *dir, printer, r, 1);
    out.put("findings: {}\n", dir->findings.size());
    print_findings(out.buf, dir->findings);
    if (check) {
      out.put("check of referenced files: {}\n",
              check_findings.empty() ? std::string("all match") : fmt::format("{} findings", check_findings.size()));
      print_findings(out.buf, check_findings);
    }
  }
  out.flush();
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
