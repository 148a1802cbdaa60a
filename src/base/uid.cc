#include "base/uid.h"

#include <fmt/format.h>

#include <algorithm>
#include <random>

namespace discus::base {
namespace {

__extension__ typedef unsigned __int128 u128;  // GCC/Clang builtin; pedantic wants the marker

// A version 4 UUID as a 128-bit integer: 122 random bits, version and variant bits set
// (RFC 4122 4.4), then printed in decimal as PS3.5 B.2 asks.
std::string random_uuid_decimal() {
  std::random_device rd;
  u128 v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 32) | rd();
  v &= ~(static_cast<u128>(0xF) << 76);
  v |= static_cast<u128>(0x4) << 76;  // version 4
  v &= ~(static_cast<u128>(0x3) << 62);
  v |= static_cast<u128>(0x2) << 62;  // variant 10
  std::string digits;
  do {
    digits.push_back(static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  } while (v != 0);
  std::reverse(digits.begin(), digits.end());
  return digits;
}

}  // namespace

bool is_valid_uid(std::string_view uid) {
  if (uid.empty() || uid.size() > 64) return false;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = uid.find('.', start);
    std::string_view comp = uid.substr(start, dot == std::string_view::npos ? uid.npos : dot - start);
    if (comp.empty()) return false;
    if (!std::all_of(comp.begin(), comp.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
    if (comp.size() > 1 && comp[0] == '0') return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

Result<RandomUidSource> RandomUidSource::with_root(std::string_view org_root) {
  if (!is_valid_uid(org_root) || org_root.size() > 40)
    return Error{ErrorCode::kInvalidArgument,
                 fmt::format("organisation UID root '{}' is not a valid UID of at most 40 characters", org_root)};
  return RandomUidSource{std::string(org_root)};
}

std::string RandomUidSource::next() {
  std::string digits = random_uuid_decimal();
  if (root_.empty()) return "2.25." + digits;
  const std::size_t room = 64 - root_.size() - 1;
  if (digits.size() > room) digits.resize(room);
  // A component must not start with 0 (the cut may have exposed one only at the front, never).
  if (digits[0] == '0') digits[0] = '1';
  return root_ + "." + digits;
}

std::string SequentialUidSource::next() { return fmt::format("{}.{}", root_, ++n_); }

}  // namespace discus::base
