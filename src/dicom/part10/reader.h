// discus::dicom::part10 — the Part 10 file reader (PS3.10 7.1, PS3.5 7 and Annex A).
//
// Reads the preamble and DICM prefix, the File Meta Information and the data set in any
// transfer syntax a file can carry: implicit VR LE, explicit VR LE, deflated explicit VR LE and
// the retired explicit VR big endian (values are converted to little endian in memory).
// Files without preamble or without meta are read and flagged. Hostile input is the normal
// case: every length is checked against what is left before anything is allocated, nesting is
// capped, the deflate output is capped, and each error names the file, byte offset and tag path.
// A key-only read (ReadOptions::wanted) keeps a few top-level elements and skips the others by
// their length: a DICOMDIR of thousands of files reads a few KiB of each (one open, one fstat,
// one pread for most headers).
//
//   ReadOptions opt;  opt.stop_before_pixels = true;            // headers only
//   DISCUS_TRY(DicomFile f, read_file("IM0001", opt));
//   if (f.pixel_data) use(f.pixel_data->value_offset, f.pixel_data->length);
//   opt.wanted = TagSet({tags::PatientID, tags::StudyInstanceUID});   // only these elements
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "dicom/core/dataset.h"
#include "dicom/dict/transfer_syntax.h"

namespace discus::dicom::part10 {

// The top-level tags a key-only read keeps. Most tags of a header are not wanted: a 4096-bit
// filter of tag hashes says so before the sorted list is searched.
class TagSet {
 public:
  TagSet() = default;
  explicit TagSet(std::vector<Tag> tags);
  bool contains(Tag t) const {
    return ((bits_[slot(t) / 64] >> (slot(t) % 64)) & 1u) != 0 && std::binary_search(tags_.begin(), tags_.end(), t);
  }
  const std::vector<Tag>& tags() const { return tags_; }  // sorted, each once

 private:
  static std::uint32_t slot(Tag t) { return (t.value * 0x9E3779B1u) >> 20; }
  std::vector<Tag> tags_;
  std::array<std::uint64_t, 64> bits_{};
};

// Where an item of a streamed sequence (ReadOptions::item_sink) was: enough to read it again.
struct ItemLocation {
  Tag sequence;               // the top-level sequence it belongs to
  std::size_t index = 0;      // its position in that sequence
  std::uint64_t offset = 0;   // of its (FFFE,E000) tag
  std::uint64_t end = 0;      // first byte after it (and after its delimiter, if it has one)
  std::optional<std::uint64_t> limit;  // the end of its sequence, when that has a defined length
  bool explicit_vr = true;    // the encoding of its sequence's items
  bool big_endian = false;
  bool rereadable = true;     // false in a deflated data set: offsets count inflated bytes
};

// Takes one streamed item; an error stops the read with that error.
using ItemSink = std::function<base::Status(const ItemLocation&, DataSet&& item)>;

struct ReadOptions {
  // Stop at the top-level Pixel Data (and Float/Double Float Pixel Data) element: its bytes are
  // never read, and DicomFile::pixel_data tells where it is.
  bool stop_before_pixels = false;
  // Values at least this large stay in the file (DeferredValue) when the stream is a plain file.
  std::uint64_t defer_threshold = 256 * 1024;
  // Sequences nested deeper than this are an error (kTooDeep).
  unsigned max_depth = 64;
  // A deflated data set may inflate to max(inflate_floor, inflate_ratio x compressed size): the
  // deflate-bomb defence. 100:1 is well above what real deflated DICOM reaches.
  std::uint64_t inflate_floor = 16ull << 20;
  std::uint64_t inflate_ratio = 100;
  // A key-only read: only these top-level elements are kept (of the File Meta Information, these,
  // its Group Length and the Transfer Syntax UID). Every other top-level element is skipped by its
  // length, its value never read;
  // one of undefined length (a sequence, encapsulated data) is walked item by item with its
  // values skipped. Nothing kept says anything about what was skipped: no warnings, and damage
  // inside a skipped element goes unseen, so a file a full read refuses may still give its keys.
  std::optional<TagSet> wanted;
  // Streaming: the items of this top-level sequence go to item_sink one at a time, as they are
  // read, and are not kept (the sequence element stays in the data set, without items). A
  // DICOMDIR of 300,000 records is so read in the memory of one; read_item() reads one again.
  std::optional<Tag> streamed_sequence;
  ItemSink item_sink;
};

// A non-fatal oddity the reader tolerated: odd lengths, missing meta, wrong group length...
struct ReadWarning {
  std::string message;
  std::uint64_t offset = 0;
  std::string tag_path;
};

// Where the top-level pixel data element is, when reading stopped before it.
struct PixelDataInfo {
  Tag tag;                              // (7FE0,0010), (7FE0,0008) or (7FE0,0009)
  VR vr = VR::OB;
  std::uint64_t element_offset = 0;     // of the tag
  std::uint64_t value_offset = 0;       // of the first value byte
  std::optional<std::uint64_t> length;  // nullopt: undefined length (encapsulated)
  bool offsets_in_inflated_stream = false;
};

struct DicomFile {
  std::string path;
  bool has_preamble = false;   // 128 bytes + "DICM" at offset 0
  bool has_meta = false;       // group 0002 present
  base::Bytes preamble;        // the 128 bytes, when present
  DataSet meta;                // group 0002 elements
  DataSet dataset;
  const dict::TransferSyntax* transfer_syntax = nullptr;  // of the data set
  std::uint64_t dataset_offset = 0;   // first byte of the data set in the file
  std::optional<PixelDataInfo> pixel_data;
  std::vector<ReadWarning> warnings;
  std::shared_ptr<const base::InputFile> source;  // keeps deferred values readable
  base::FileIdentity identity;  // device and inode (read_file only), from the fstat of the open
};

base::Result<DicomFile> read_file(const std::string& path, const ReadOptions& options = {});

// After a headers-only read: puts a Pixel Data element in the data set that refers to the bytes
// left in the file (a DeferredValue, or an empty encapsulated element for undefined length), so
// validators see the attribute present. The reference uses `file.source`; when that has been
// released the value is known by offset and length only and cannot be loaded.
void add_pixel_data_reference(DicomFile& file);
// Reads from memory (fuzzing, tests, network); `name` appears in errors. Nothing is deferred.
base::Result<DicomFile> read_memory(base::ByteView data, const ReadOptions& options = {},
                                    const std::string& name = "<memory>");

// Reads one item of a streamed sequence again, as the streamed read parsed it, from the file or
// the bytes that read was made from (`at.rereadable` must be true). Warnings are dropped: the
// first read gave them.
base::Result<DataSet> read_item(const std::shared_ptr<const base::InputFile>& file, const ItemLocation& at);
base::Result<DataSet> read_item_memory(base::ByteView data, const ItemLocation& at, const std::string& name = "<memory>");

}  // namespace discus::dicom::part10
