#include "output/usb/usb_verify.h"

#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <sstream>

#include "base/file.h"
#include "base/sha256.h"

namespace discus::output::usb {

using base::Error;
using base::ErrorCode;
using base::Result;

namespace {

struct Expected {
  std::string sha256;
  std::uint64_t size = 0;
};

// "<64 hex>  <path>" lines, as sha256sum writes them.
Result<std::map<std::string, std::string>> read_manifest(const std::string& path) {
  DISCUS_TRY(base::Bytes bytes, base::read_whole_file(path, 256u << 20));
  std::map<std::string, std::string> out;
  std::istringstream in(std::string(base::as_chars(bytes)));
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (line.size() < 67 || line.compare(64, 2, "  ") != 0)
      return Error{ErrorCode::kBadStructure, fmt::format("line {} is not '<sha256>  <path>'", n)}.in_file(path);
    std::string file = line.substr(66);
    if (!file.empty() && file[0] == '*') file.erase(0, 1);  // sha256sum's binary-mode marker
    out[file] = line.substr(0, 64);
  }
  return out;
}

}  // namespace

Result<VerifyReport> verify_stick(const MediumReader& medium, const SourceTree& tree, const std::vector<ExtraFile>& extras) {
  DISCUS_TRY(auto manifest, read_manifest((std::filesystem::path(tree.root) / "SHA256.TXT").string()));
  std::map<std::string, Expected> expected;
  for (const SourceFile& f : tree.files) {
    auto m = manifest.find(f.relative);
    if (m != manifest.end()) {
      expected[f.relative] = {m->second, f.size};
    } else {
      DISCUS_TRY(std::string h, base::sha256_file(f.path));
      expected[f.relative] = {h, f.size};
    }
  }
  for (const ExtraFile& x : extras) expected[x.name] = {base::sha256_hex(x.bytes), x.bytes.size()};
  VerifyReport r;
  r.medium = medium.describe();
  for (const auto& [path, hash] : manifest)
    if (!expected.count(path)) r.failures.push_back({path, "listed in SHA256.TXT but not in the file-set that was written"});

  DISCUS_TRY(std::vector<MediumFile> files, medium.list_files());
  std::map<std::string, std::uint64_t> on_medium;
  for (const MediumFile& f : files) on_medium[f.path] = f.size;
  for (const auto& [path, size] : on_medium)
    if (!expected.count(path)) r.unexpected.push_back(path);
  for (const auto& [path, want] : expected) {
    auto m = on_medium.find(path);
    if (m == on_medium.end()) {
      r.failures.push_back({path, "missing on the medium"});
      continue;
    }
    if (m->second != want.size) {
      r.failures.push_back({path, fmt::format("{} bytes on the medium, {} expected", m->second, want.size)});
      continue;
    }
    base::Sha256 h;
    base::Status read = medium.read_file(path, [&](base::ByteView b) -> base::Status {
      h.update(b);
      return {};
    });
    ++r.files_checked;
    if (!read) {
      r.failures.push_back({path, "unreadable: " + read.error().describe()});
      continue;
    }
    r.bytes_checked += want.size;
    const std::string got = h.hex_digest();
    if (got != want.sha256) r.failures.push_back({path, fmt::format("SHA-256 {} on the medium, {} expected", got, want.sha256)});
  }
  return r;
}

std::string to_text(const VerifyReport& r) {
  std::string out = fmt::format("{}: {} ({} files, {} bytes read back)\n", r.medium, r.ok() ? "VERIFIED" : "FAILED",
                                r.files_checked, r.bytes_checked);
  for (const VerifyProblem& p : r.failures) out += fmt::format("  FAILED {}: {}\n", p.path, p.problem);
  for (const std::string& u : r.unexpected) out += fmt::format("  note: {} is on the medium but was not written by this job\n", u);
  return out;
}

}  // namespace discus::output::usb
