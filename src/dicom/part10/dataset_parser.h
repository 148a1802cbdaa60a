// discus::dicom::part10 — the data set parser under the Part 10 reader (PS3.5 7.1, 7.5, A.4).
//
// A recursive-descent parser over an InputStream in one encoding (explicit or implicit VR,
// little or big endian). Internal to part10: callers use read_file()/read_memory().
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dicom/core/dataset.h"
#include "dicom/encoding/input_stream.h"
#include "dicom/part10/reader.h"

namespace discus::dicom::part10 {

struct Encoding {
  bool explicit_vr = true;
  bool big_endian = false;
};

class DataSetParser {
 public:
  DataSetParser(InputStream& in, Encoding encoding, const ReadOptions& options, std::vector<ReadWarning>& warnings);

  // Parses elements to the end of the stream (or until Pixel Data when stopping before it).
  base::Status parse_top_level(DataSet& out, std::optional<PixelDataInfo>& pixel_data);
  // Parses group 0002 elements (always explicit VR LE) until the next tag is of another group.
  base::Status parse_meta(DataSet& out);
  // Parses the one item whose (FFFE,E000) tag is at the stream's position and which ends at
  // `at.end`, as parse_sequence parsed it when streaming (read_item).
  base::Status parse_item_again(DataSet& out, const ItemLocation& at);

 private:
  struct Header {
    Tag tag;
    VR vr = VR::UN;
    std::uint32_t length = 0;
    std::uint64_t offset = 0;       // of the tag
    bool vr_from_dictionary = false;
  };
  static constexpr std::uint32_t kUndefined = 0xFFFFFFFFu;

  base::Status parse_items(DataSet& out, std::optional<std::uint64_t> end, unsigned depth, bool top_level);
  base::Result<bool> read_header(Header& h);  // false at a clean end of stream
  base::Status resolve_implicit_vr(Header& h, const DataSet& current);
  base::Status parse_element(const Header& h, Element& e, unsigned depth);
  base::Status parse_sequence(Element& e, std::uint32_t length, unsigned depth, Encoding item_encoding);
  base::Status parse_item(const Header& h, DataSet& item, unsigned depth);  // after its (FFFE,E000)
  base::Status parse_encapsulated(Element& e);
  base::Status skip_element(Header& h, unsigned depth);  // an unwanted top-level element
  base::Status plain_run(DataSet& out, std::optional<Tag>& last);  // the common case, quickly
  base::Status read_value(Value& v, std::uint64_t length, VR vr);
  base::Status check_fits(std::uint64_t length, const Header& h) const;
  bool item_overruns_data(const Header& h) const;

  void warn(std::string message, std::uint64_t offset);
  base::Error fail(base::Error e) const;  // adds the tag path
  std::string tag_path() const;

  struct PathEntry {
    Tag tag;
    int item = -1;
  };

  InputStream& in_;
  Encoding enc_;
  const ReadOptions& opt_;
  std::vector<ReadWarning>& warnings_;
  std::vector<PathEntry> path_;
  const DataSet* top_ = nullptr;
  std::optional<PixelDataInfo>* stop_ = nullptr;
  std::optional<std::uint64_t> limit_;  // end of the innermost defined-length item or sequence
  bool stopped_ = false;
  bool lenient_item_ = false;          // inside an item whose length overran the data
  bool sequence_closed_early_ = false; // its sequence's delimiter was met inside it
  bool discard_ = false;               // walking an unwanted element: values skipped, nothing kept
  DataSet context_;                    // unwanted top-level elements the reading depends on
};

}  // namespace discus::dicom::part10
