// discus::base — UID generation (PS3.5 9.1 and B.2).
//
// UIDs are at most 64 characters of digits and dots, no component with a leading zero. Without an
// organisation root we use the UUID-derived form of PS3.5 B.2: "2.25." followed by the decimal
// value of a random (version 4) UUID. With a root, the suffix is the same random number, cut to
// fit the 64 characters.
//
//   RandomUidSource uids;               // or RandomUidSource{"1.2.826.0.1.3680043.10.999"}
//   std::string sop_instance = uids.next();
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace discus::base {

// Interface so tests can inject a deterministic sequence (DESIGN.md "Pure cores, thin shells").
class UidSource {
 public:
  virtual ~UidSource() = default;
  virtual std::string next() = 0;
};

class RandomUidSource final : public UidSource {
 public:
  RandomUidSource() = default;
  // `org_root` must itself be a valid UID of at most 40 characters, so at least 24 digits of
  // randomness remain.
  static Result<RandomUidSource> with_root(std::string_view org_root);
  std::string next() override;

 private:
  explicit RandomUidSource(std::string root) : root_(std::move(root)) {}
  std::string root_;  // empty: use 2.25.<uuid>
};

// Counter-based source for tests and reproducible builds: "<root>.1", "<root>.2", ...
class SequentialUidSource final : public UidSource {
 public:
  explicit SequentialUidSource(std::string root) : root_(std::move(root)) {}
  std::string next() override;

 private:
  std::string root_;
  unsigned long long n_ = 0;
};

// PS3.5 9.1: only digits and '.', components non-empty without leading zeros, at most 64 chars.
bool is_valid_uid(std::string_view uid);

}  // namespace discus::base
