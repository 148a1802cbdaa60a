#include "output/usb/usb_verify.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "base/file.h"
#include "base/sha256.h"
#include "output/verify/secure_verify.h"

namespace discus::output::usb {

namespace {

constexpr std::uint64_t kMaxManifestBytes = 64ull << 20;

// A file this job wrote that the manifest does not list, and what its SHA-256 must be.
struct Written {
  std::string name;
  std::string source_path;  // empty: made in memory, `sha256` is known
  std::string sha256;
};

// SHA-256 of one file on the medium, streamed.
base::Result<std::string> medium_sha256(const MediumReader& medium, const std::string& path) {
  base::Sha256 h;
  DISCUS_CHECK(medium.read_file(path, [&](base::ByteView b) -> base::Status {
    h.update(b);
    return {};
  }));
  return h.hex_digest();
}

base::Result<std::map<std::string, Written>> written_outside_manifest(const SourceTree& tree,
                                                                      const std::vector<ExtraFile>& extras,
                                                                      const std::string& manifest_path) {
  DISCUS_TRY(base::Bytes text, base::read_whole_file(manifest_path, kMaxManifestBytes));
  DISCUS_TRY(std::vector<ManifestEntry> manifest, parse_manifest(base::as_chars(text), manifest_path));
  std::set<std::string> listed;
  for (const ManifestEntry& e : manifest) listed.insert(normalize_medium_path(e.path));
  std::map<std::string, Written> out;  // by normalized path, as verify_medium compares
  for (const SourceFile& f : tree.files)
    if (!listed.contains(normalize_medium_path(f.relative)))
      out[normalize_medium_path(f.relative)] = {f.relative, f.path, {}};
  for (const ExtraFile& x : extras) out[normalize_medium_path(x.name)] = {x.name, {}, base::sha256_hex(x.bytes)};
  return out;
}

}  // namespace

base::Result<VerifyReport> verify_stick(const MediumReader& medium, const SourceTree& tree,
                                        const std::vector<ExtraFile>& extras) {
  VerifyOptions options;
  options.manifest_path = (std::filesystem::path(tree.root) / "SHA256.TXT").string();
  DISCUS_TRY(bool secure, is_secure_medium(medium));  // STD-GEN-SEC-USB-*: envelopes checked (no key here)
  DISCUS_TRY(VerifyReport r, secure ? verify_secure_medium(medium, options, nullptr) : verify_medium(medium, options));
  DISCUS_TRY(auto own, written_outside_manifest(tree, extras, options.manifest_path));
  DISCUS_TRY(std::vector<MediumFile> files, medium.list_files());
  std::map<std::string, const MediumFile*> on_medium;
  for (const MediumFile& f : files) on_medium[normalize_medium_path(f.path)] = &f;
  for (auto& [key, w] : own) {
    ++r.files_checked;
    auto m = on_medium.find(key);
    if (m == on_medium.end()) {
      r.failures.push_back({w.name, "verify.missing", "written by this job but not on the medium"});
      continue;
    }
    const MediumFile& f = *m->second;
    std::erase(r.unexpected, f.path);  // ours after all
    if (!w.source_path.empty()) {
      DISCUS_TRY(w.sha256, base::sha256_file(w.source_path));
    }
    auto got = medium_sha256(medium, f.path);
    if (!got) {
      r.failures.push_back({f.path, "verify.unreadable", got.error().describe()});
      continue;
    }
    r.bytes_checked += f.size;
    if (*got != w.sha256)
      r.failures.push_back({f.path, "verify.sha256",
                            fmt::format("SHA-256 {} read back, the source of '{}' has {}", *got, w.name, w.sha256)});
  }
  return r;
}

}  // namespace discus::output::usb
