// discus::dicom — Element and DataSet: the in-memory data set model (PS3.5 7.1, 7.5, A.4).
//
// An Element is one of three shapes:
//   - a primitive value: bytes in little-endian order (whatever the source transfer syntax was),
//     or, when large, a DeferredValue left in the source file and copied on write;
//   - a sequence (SQ, or UN holding an implicit-VR sequence): items, each a DataSet;
//   - encapsulated pixel data (PS3.5 A.4): fragments, the first being the Basic Offset Table.
// A DataSet keeps its elements in ascending tag order (PS3.5 7.1).
//
//   DataSet ds;  ds.set_string(tags::PatientID, VR::LO, "12345");
//   if (auto rows = ds.get_uint16(tags::Rows)) ...
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "base/file.h"
#include "dicom/core/tag.h"
#include "dicom/core/vr.h"

namespace discus::dicom {

// A value that stays in its source file until written or asked for (pixel data of a 2 GB cine).
struct DeferredValue {
  std::shared_ptr<const base::InputFile> file;  // null: known by offset and length only
  std::uint64_t offset = 0;  // of the first value byte
  std::uint64_t length = 0;
  unsigned swap_width = 1;   // > 1 when the source is big endian: words to reverse while copying
};

// A primitive value, either in memory or deferred.
struct Value {
  base::Bytes bytes;
  std::optional<DeferredValue> deferred;

  std::uint64_t size() const { return deferred ? deferred->length : bytes.size(); }
  bool is_deferred() const { return deferred.has_value(); }
  // The bytes, reading a deferred value from its file (bounded by the caller's `max_size`).
  base::Result<base::Bytes> load(std::uint64_t max_size = 1ull << 31) const;
  // Reads a deferred value into memory (bounded as load()), so it no longer needs its file.
  base::Status make_resident(std::uint64_t max_size = 1ull << 31);
  // A deferred value lets go of its file; it stays known by offset and length (no load()).
  void release_file() {
    if (deferred) deferred->file.reset();
  }
};

class DataSet;

struct Element {
  enum class Kind : std::uint8_t { kPrimitive, kSequence, kEncapsulated };

  Tag tag;
  VR vr = VR::UN;
  Kind kind = Kind::kPrimitive;
  bool undefined_length = false;     // as read; writers may keep it for sequences and items
  std::uint64_t source_offset = 0;   // where the element header was in its source (diagnostics)
  Value value;                       // kPrimitive
  std::vector<DataSet> items;        // kSequence
  std::vector<std::uint64_t> item_offsets;  // kSequence, as read: where each item's tag was
                                            // (DICOMDIR records are addressed by these)
  std::vector<Value> fragments;      // kEncapsulated; fragments[0] is the Basic Offset Table

  bool is_sequence() const { return kind == Kind::kSequence; }
  bool is_encapsulated() const { return kind == Kind::kEncapsulated; }
};

}  // namespace discus::dicom
