#include "dicom/part10/reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "base/endian.h"
#include "dicom/dict/tags.h"
#include "dicom/part10/dataset_parser.h"

namespace discus::dicom::part10 {

using base::Error;
using base::ErrorCode;
using base::Result;
using base::Status;

namespace {

bool is_vr_chars(const std::uint8_t* p) { return vr_from_chars(static_cast<char>(p[0]), static_cast<char>(p[1])).has_value(); }

// Group 0002 element at the very start of the file: meta without preamble (seen on old media).
bool looks_like_meta(base::ByteView head) {
  return head.size() >= 8 && head[0] == 0x02 && head[1] == 0x00 && head[3] == 0x00;
}

// A data set with no meta at all (ACR-NEMA style or raw dumps): the first tag is a low even group.
std::optional<Encoding> guess_raw_encoding(base::ByteView head) {
  if (head.size() < 8) return std::nullopt;
  const auto le = base::load_le<std::uint16_t>(head.data());
  const auto be = base::load_be<std::uint16_t>(head.data());
  const bool vr = is_vr_chars(head.data() + 4);
  if (le % 2 == 0 && le >= 0x0004 && le <= 0x0028) return Encoding{vr, false};
  if (be % 2 == 0 && be >= 0x0004 && be <= 0x0028 && vr) return Encoding{true, true};
  return std::nullopt;
}

const dict::TransferSyntax* syntax_for(Encoding e) {
  if (!e.explicit_vr) return &dict::implicit_vr_little_endian();
  return e.big_endian ? &dict::explicit_vr_big_endian() : &dict::explicit_vr_little_endian();
}

// Everything after the first 132 bytes were looked at: meta, transfer syntax, data set.
class FileParser {
 public:
  FileParser(DicomFile& f, const ReadOptions& opt) : f_(f), opt_(opt) {}

  Status run(base::ByteView head, InputStream& in_at_zero, std::uint64_t total_size) {
    std::uint64_t meta_start = 0;
    if (head.size() >= 132 && std::memcmp(head.data() + 128, "DICM", 4) == 0) {
      f_.has_preamble = true;
      f_.preamble.assign(head.begin(), head.begin() + 128);
      meta_start = 132;
    }
    DISCUS_CHECK(in_at_zero.skip(meta_start));
    base::ByteView after = head.size() > meta_start ? head.subspan(meta_start) : base::ByteView{};
    if (looks_like_meta(after)) {
      if (!f_.has_preamble) warn("no preamble and DICM prefix; File Meta Information starts at offset 0", 0);
      DISCUS_CHECK(read_meta(in_at_zero, after));
    } else if (f_.has_preamble) {
      return Error{ErrorCode::kBadStructure, "no File Meta Information (group 0002) after the DICM prefix"}.at_offset(132);
    }
    Encoding enc;
    if (f_.has_meta) {
      DISCUS_TRY(enc, transfer_syntax_from_meta());
    } else {
      const auto guess = guess_raw_encoding(after);
      if (!guess) return Error{ErrorCode::kNotDicom, "no DICM prefix at offset 128 and no DICOM data set at offset 0"}.at_offset(0);
      enc = *guess;
      f_.transfer_syntax = syntax_for(enc);
      warn(fmt::format("no File Meta Information; data set read as {}", f_.transfer_syntax->name), 0);
    }
    f_.dataset_offset = in_at_zero.position();
    return read_dataset(in_at_zero, enc, total_size);
  }

 private:
  void warn(std::string m, std::uint64_t off) { f_.warnings.push_back(ReadWarning{std::move(m), off, {}}); }

  Status read_meta(InputStream& in, base::ByteView first) {
    Encoding enc{true, false};  // PS3.10 7.1: always explicit VR little endian
    if (first.size() >= 6 && !is_vr_chars(first.data() + 4)) {
      enc.explicit_vr = false;
      warn("File Meta Information is in implicit VR (PS3.10 7.1 requires explicit VR little endian)", in.position());
    }
    DataSetParser meta(in, enc, opt_, f_.warnings);
    DISCUS_CHECK(meta.parse_meta(f_.meta));
    f_.has_meta = true;
    if (const Element* gl = f_.meta.find(tags::FileMetaInformationGroupLength)) {
      const auto declared = f_.meta.get_uint32(tags::FileMetaInformationGroupLength);
      const std::uint64_t actual = in.position() - (gl->source_offset + 12);
      if (declared && *declared != actual)
        warn(fmt::format("File Meta Information Group Length says {} bytes, the group has {}", *declared, actual),
             gl->source_offset);
    } else {
      warn("File Meta Information Group Length (0002,0000) missing", in.position());
    }
    return {};
  }

  Result<Encoding> transfer_syntax_from_meta() {
    const auto uid = f_.meta.get_string(tags::TransferSyntaxUID);
    if (!uid || uid->empty()) {
      // Tolerated: the data set's first bytes tell explicit from implicit VR.
      warn("Transfer Syntax UID (0002,0010) missing from File Meta Information; encoding taken from the data set", 0);
      f_.transfer_syntax = &dict::explicit_vr_little_endian();
      ts_missing_ = true;
      return Encoding{true, false};
    }
    const dict::TransferSyntax* ts = dict::find_transfer_syntax(*uid);
    if (ts == nullptr)
      return Error{ErrorCode::kUnsupported, fmt::format("unknown Transfer Syntax UID '{}'", *uid)}.at_tag("(0002,0010)");
    f_.transfer_syntax = ts;
    return Encoding{ts->explicit_vr, ts->big_endian};
  }

  // Vendors sometimes declare explicit VR and write implicit (or the reverse): trust the bytes.
  void check_declared_encoding(InputStream& in, Encoding& enc) {
    std::uint8_t b[8];
    auto got = in.peek(b, 8);
    if (!got || *got < 8) return;
    const auto group = enc.big_endian ? base::load_be<std::uint16_t>(b) : base::load_le<std::uint16_t>(b);
    if (group == 0xFFFE) return;
    const bool vr = is_vr_chars(b + 4);
    if (enc.explicit_vr && !vr) {
      enc.explicit_vr = false;
      if (!ts_missing_)
        warn(fmt::format("{} declared, but the data set is implicit VR; read as implicit VR", f_.transfer_syntax->name), in.position());
    } else if (!enc.explicit_vr && vr && base::load_le<std::uint16_t>(b + 6) < 0x100) {
      enc.explicit_vr = true;
      warn(fmt::format("{} declared, but the data set is explicit VR; read as explicit VR", f_.transfer_syntax->name), in.position());
    }
  }

  Status read_dataset(InputStream& in, Encoding enc, std::uint64_t total_size) {
    if (f_.transfer_syntax->deflated) {
      const std::uint64_t compressed = total_size - in.position();
      const std::uint64_t cap = std::max(opt_.inflate_floor, compressed * opt_.inflate_ratio);
      DISCUS_TRY(auto inflated, InflateInputStream::create(in, cap));
      DataSetParser parser(*inflated, enc, opt_, f_.warnings);
      auto st = parser.parse_top_level(f_.dataset, f_.pixel_data);
      if (f_.pixel_data) f_.pixel_data->offsets_in_inflated_stream = true;
      if (!st) {
        Error e = std::move(st).error();
        e.message = fmt::format("{} (offset counted in the inflated data set, which starts at file offset {})", e.message,
                                f_.dataset_offset);
        return e;
      }
      return {};
    }
    const Encoding declared = enc;
    check_declared_encoding(in, enc);
    if ((declared.explicit_vr != enc.explicit_vr) && !f_.transfer_syntax->encapsulated()) f_.transfer_syntax = syntax_for(enc);
    DataSetParser parser(in, enc, opt_, f_.warnings);
    return parser.parse_top_level(f_.dataset, f_.pixel_data);
  }

  DicomFile& f_;
  const ReadOptions& opt_;
  bool ts_missing_ = false;
};

Error with_file(Error e, const std::string& path) {
  if (e.file.empty()) e.file = path;
  return e;
}

}  // namespace

TagSet::TagSet(std::vector<Tag> tags) : tags_(std::move(tags)) {
  std::sort(tags_.begin(), tags_.end());
  tags_.erase(std::unique(tags_.begin(), tags_.end()), tags_.end());
  for (Tag t : tags_) bits_[slot(t) / 64] |= std::uint64_t{1} << (slot(t) % 64);
}

Result<DicomFile> read_file(const std::string& path, const ReadOptions& options) {
  DISCUS_TRY(auto file, base::InputFile::open(path));
  FileInputStream in(file, 0);
  std::uint8_t head[140] = {};
  auto peeked = in.peek(head, sizeof head);
  if (!peeked) return with_file(std::move(peeked).error(), path);
  const std::size_t got = *peeked;
  DicomFile f;
  f.path = path;
  f.source = file;
  f.identity = file->identity();
  FileParser parser(f, options);
  if (auto st = parser.run(base::ByteView(head, got), in, file->size()); !st) return with_file(std::move(st).error(), path);
  return f;
}

void add_pixel_data_reference(DicomFile& f) {
  if (!f.pixel_data || f.dataset.contains(f.pixel_data->tag)) return;
  Element e;
  e.tag = f.pixel_data->tag;
  e.vr = f.pixel_data->vr;
  e.source_offset = f.pixel_data->element_offset;
  if (f.pixel_data->length) {
    e.value.deferred = DeferredValue{f.source, f.pixel_data->value_offset, *f.pixel_data->length, 1};
  } else {
    e.kind = Element::Kind::kEncapsulated;
    e.undefined_length = true;
  }
  f.dataset.insert(std::move(e));
}

namespace {

Result<DataSet> read_item_from(InputStream& in, const ItemLocation& at, const std::string& name) {
  if (!at.rereadable)
    return with_file(Error{ErrorCode::kUnsupported, "an item of a deflated data set cannot be read again by offset"}, name);
  DataSet item;
  std::vector<ReadWarning> dropped;
  const ReadOptions options;
  DataSetParser parser(in, Encoding{at.explicit_vr, at.big_endian}, options, dropped);
  if (auto st = parser.parse_item_again(item, at); !st) return with_file(std::move(st).error(), name);
  return item;
}

}  // namespace

Result<DataSet> read_item(const std::shared_ptr<const base::InputFile>& file, const ItemLocation& at) {
  FileInputStream in(file, at.offset);
  return read_item_from(in, at, file->path());
}

Result<DataSet> read_item_memory(base::ByteView data, const ItemLocation& at, const std::string& name) {
  if (at.offset > data.size()) return with_file(Error{ErrorCode::kTruncated, "item offset past the end of the data"}, name);
  MemoryInputStream in(data, at.offset);
  return read_item_from(in, at, name);
}

Result<DicomFile> read_memory(base::ByteView data, const ReadOptions& options, const std::string& name) {
  DicomFile f;
  f.path = name;
  MemoryInputStream in(data, 0);
  FileParser parser(f, options);
  if (auto st = parser.run(data.first(std::min<std::size_t>(data.size(), 140)), in, data.size()); !st)
    return with_file(std::move(st).error(), name);
  return f;
}

}  // namespace discus::dicom::part10
