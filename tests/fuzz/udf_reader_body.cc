#include "udf_reader_body.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <vector>

#include "output/udf/udf_reader.h"

namespace discus::fuzz {

namespace {
constexpr std::uint64_t kMaxSectors = 1u << 22;  // 8 GiB of zeros at most: nothing is allocated for them
constexpr std::size_t kSector = 2048;

std::uint32_t le32(base::ByteView b, std::size_t at) {
  return static_cast<std::uint32_t>(b[at]) | (static_cast<std::uint32_t>(b[at + 1]) << 8) |
         (static_cast<std::uint32_t>(b[at + 2]) << 16) | (static_cast<std::uint32_t>(b[at + 3]) << 24);
}
}  // namespace

UdfOutcome run_udf_reader_body(base::ByteView input) {
  UdfOutcome outcome;
  if (input.size() < 4) return outcome;
  const std::uint64_t total = std::min<std::uint64_t>(le32(input, 0), kMaxSectors);
  // Only the sectors the input names are stored; the rest read as zeros.
  std::map<std::uint64_t, std::vector<std::uint8_t>> sectors;
  std::size_t at = 4;
  while (at + 6 <= input.size()) {
    const std::uint64_t first = le32(input, at);
    const std::size_t length = static_cast<std::size_t>(input[at + 4] | (input[at + 5] << 8)) * 64;
    at += 6;
    const std::size_t take = std::min(length, input.size() - at);
    for (std::size_t off = 0; off < take; off += kSector) {
      auto& s = sectors[first + off / kSector];
      s.resize(kSector, 0);
      std::memcpy(s.data(), input.data() + at + off, std::min(kSector, take - off));
    }
    at += take;
  }
  auto source = [&sectors](std::uint64_t lba, std::span<std::uint8_t> out) -> base::Status {
    for (std::size_t i = 0; i < out.size() / kSector; ++i) {
      auto it = sectors.find(lba + i);
      if (it == sectors.end()) std::memset(out.data() + i * kSector, 0, kSector);
      else std::memcpy(out.data() + i * kSector, it->second.data(), kSector);
    }
    return {};
  };
  output::udf::UdfLimits limits;
  limits.max_files = 10'000;
  limits.max_directory_bytes = 4u << 20;
  limits.max_extents = 10'000;
  auto reader = output::udf::UdfMediumReader::open_sectors(source, total, "fuzz input", limits);
  if (!reader) return outcome;
  outcome.opened = true;
  auto files = (*reader)->list_files();
  if (!files) return outcome;
  outcome.files = files->size();
  for (const auto& f : *files) {
    std::uint64_t seen = 0;
    // A file may claim terabytes of zeros: stop it after 16 MiB, as a caller's sink would.
    auto st = (*reader)->read_file(f.path, [&seen](base::ByteView chunk) -> base::Status {
      seen += chunk.size();
      if (seen > (16u << 20)) return base::Error{base::ErrorCode::kLimitExceeded, "enough"};
      return {};
    });
    if (st) ++outcome.read_ok;
  }
  return outcome;
}

}  // namespace discus::fuzz
