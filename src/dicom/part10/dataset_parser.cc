#include "dicom/part10/dataset_parser.h"

#include <fmt/format.h>

#include "base/endian.h"
#include "dicom/dict/dictionary.h"
#include "dicom/dict/tags.h"

namespace discus::dicom::part10 {

using base::Error;
using base::ErrorCode;
using base::Result;
using base::Status;

namespace {

bool is_pixel_data_tag(Tag t) {
  return t == tags::PixelData || t == tags::FloatPixelData || t == tags::DoubleFloatPixelData;
}

constexpr std::uint64_t kChunk = 1u << 20;  // growth step when the stream cannot say what is left

// The size of an explicit VR element header with these VR bytes (PS3.5 7.1.2): 12 for the VRs
// with a 32-bit length, 8 for the others, 0 when the bytes name no VR. One switch, for the
// key-only reads' tight loop.
constexpr unsigned explicit_header_size(std::uint8_t a, std::uint8_t b) {
  switch (a << 8 | b) {
    case 'O' << 8 | 'B': case 'O' << 8 | 'D': case 'O' << 8 | 'F': case 'O' << 8 | 'L': case 'O' << 8 | 'V':
    case 'O' << 8 | 'W': case 'S' << 8 | 'Q': case 'S' << 8 | 'V': case 'U' << 8 | 'C': case 'U' << 8 | 'N':
    case 'U' << 8 | 'R': case 'U' << 8 | 'T': case 'U' << 8 | 'V':
      return 12;
    case 'A' << 8 | 'E': case 'A' << 8 | 'S': case 'A' << 8 | 'T': case 'C' << 8 | 'S': case 'D' << 8 | 'A':
    case 'D' << 8 | 'S': case 'D' << 8 | 'T': case 'F' << 8 | 'D': case 'F' << 8 | 'L': case 'I' << 8 | 'S':
    case 'L' << 8 | 'O': case 'L' << 8 | 'T': case 'P' << 8 | 'N': case 'S' << 8 | 'H': case 'S' << 8 | 'L':
    case 'S' << 8 | 'S': case 'S' << 8 | 'T': case 'T' << 8 | 'M': case 'U' << 8 | 'I': case 'U' << 8 | 'L':
    case 'U' << 8 | 'S':
      return 8;
    default:
      return 0;
  }
}

}  // namespace

DataSetParser::DataSetParser(InputStream& in, Encoding encoding, const ReadOptions& options,
                             std::vector<ReadWarning>& warnings)
    : in_(in), enc_(encoding), opt_(options), warnings_(warnings) {}

std::string DataSetParser::tag_path() const {
  std::string out;
  for (const PathEntry& p : path_) {
    if (!out.empty()) out += '/';
    out += to_string(p.tag);
    if (p.item >= 0) out += fmt::format("[{}]", p.item);
  }
  return out;
}

void DataSetParser::warn(std::string message, std::uint64_t offset) {
  warnings_.push_back(ReadWarning{std::move(message), offset, tag_path()});
}

Error DataSetParser::fail(Error e) const {
  if (e.tag_path.empty()) e.tag_path = tag_path();
  if (!e.offset) e.offset = in_.position();
  return e;
}

Status DataSetParser::parse_top_level(DataSet& out, std::optional<PixelDataInfo>& pixel_data) {
  top_ = &out;
  stop_ = &pixel_data;
  return parse_items(out, std::nullopt, 0, true);
}

Status DataSetParser::parse_meta(DataSet& out) {
  top_ = &out;
  while (true) {
    std::uint8_t b[2];
    DISCUS_TRY(const std::size_t got, in_.peek(b, 2));
    if (got < 2 || base::load_le<std::uint16_t>(b) != 0x0002) return {};
    Header h;
    DISCUS_TRY(const bool ok, read_header(h));
    if (!ok) return {};
    if (!enc_.explicit_vr) DISCUS_CHECK(resolve_implicit_vr(h, out));
    path_.push_back({h.tag});
    if (opt_.wanted && enc_.explicit_vr && h.vr != VR::SQ && h.length != kUndefined && h.tag != tags::FileMetaInformationGroupLength &&
        h.tag != tags::TransferSyntaxUID && !opt_.wanted->contains(h.tag)) {
      // A key-only read keeps of the meta only what the reading needs, and what was asked for.
      DISCUS_CHECK(check_fits(h.length, h));
      DISCUS_CHECK(in_.skip(h.length));
      path_.pop_back();
      continue;
    }
    Element e;
    e.tag = h.tag;
    e.vr = h.vr;
    e.source_offset = h.offset;
    DISCUS_CHECK(parse_element(h, e, 0));
    path_.pop_back();
    if (!out.append(std::move(e))) warn(fmt::format("duplicate {} in File Meta Information; first kept", to_string(h.tag)), h.offset);
  }
}

Result<bool> DataSetParser::read_header(Header& h) {
  h.offset = in_.position();
  std::uint8_t b[12];
  DISCUS_TRY(const std::size_t got, in_.read(b, 8));
  if (got == 0) return false;
  if (got < 8)
    return fail(Error{ErrorCode::kTruncated, fmt::format("data ends {} bytes into an element header", got)}.at_offset(h.offset));
  const auto u16 = [&](const std::uint8_t* p) { return enc_.big_endian ? base::load_be<std::uint16_t>(p) : base::load_le<std::uint16_t>(p); };
  const auto u32 = [&](const std::uint8_t* p) { return enc_.big_endian ? base::load_be<std::uint32_t>(p) : base::load_le<std::uint32_t>(p); };
  h.tag = Tag{u16(b), u16(b + 2)};
  h.vr_from_dictionary = false;
  if (h.tag.is_delimiter()) {  // PS3.5 7.5: items and delimiters have no VR in any syntax
    h.vr = VR::None;
    h.length = u32(b + 4);
    return true;
  }
  if (!enc_.explicit_vr) {
    h.length = u32(b + 4);
    h.vr_from_dictionary = true;
    return true;
  }
  const auto vr = vr_from_chars(static_cast<char>(b[4]), static_cast<char>(b[5]));
  if (!vr)
    return fail(Error{ErrorCode::kBadVr, fmt::format("{} has VR bytes {:02X} {:02X}, which name no VR of PS3.5 6.2",
                                                     to_string(h.tag), b[4], b[5])}
                    .at_offset(h.offset + 4));
  h.vr = *vr;
  if (has_long_header(*vr)) {
    DISCUS_TRY(const std::size_t more, in_.read(b + 8, 4));
    if (more < 4)
      return fail(Error{ErrorCode::kTruncated, "data ends inside a 12-byte element header"}.at_offset(h.offset));
    h.length = u32(b + 8);
  } else {
    h.length = u16(b + 6);
  }
  return true;
}

Status DataSetParser::resolve_implicit_vr(Header& h, const DataSet& current) {
  const dict::DictEntry* e = dict::find(h.tag);
  if (e == nullptr || e->vr == VR::None) {
    h.vr = VR::UN;
    return {};
  }
  if (!e->is_ambiguous_vr()) {
    h.vr = e->vr;
    return {};
  }
  // PS3.5 A.1: implicit VR leaves some VRs to context. Pixel Representation decides US/SS;
  // OB-or-OW data in implicit VR is OW.
  auto pixel_rep = current.get_uint16(tags::PixelRepresentation);
  if (!pixel_rep && top_ != nullptr) pixel_rep = top_->get_uint16(tags::PixelRepresentation);
  if (!pixel_rep) pixel_rep = context_.get_uint16(tags::PixelRepresentation);
  const bool is_signed = pixel_rep && *pixel_rep == 1;
  const bool has_ow = e->vr == VR::OW || e->vr2 == VR::OW || e->vr3 == VR::OW;
  const bool has_us = e->vr == VR::US || e->vr2 == VR::US;
  if (has_ow && (!has_us || h.length > 0xFFFF || h.length == kUndefined)) h.vr = VR::OW;
  else if (has_us) h.vr = is_signed && (e->vr2 == VR::SS || e->vr == VR::SS) ? VR::SS : VR::US;
  else h.vr = e->vr;
  return {};
}

Status DataSetParser::check_fits(std::uint64_t length, const Header& h) const {
  const char* what = h.tag == kItemTag ? "an item" : "a value";
  if (const auto rem = in_.remaining(); rem && length > *rem)
    return fail(Error{ErrorCode::kBadLength,
                      fmt::format("length field declares {} of {} bytes but only {} bytes are left", what, length, *rem)}
                    .at_offset(h.offset));
  if (const auto cap = in_.cap_remaining(); cap && length > *cap)
    return fail(Error{ErrorCode::kLimitExceeded,
                      fmt::format("length field declares {} of {} bytes, more than the deflated data set may still "
                                  "inflate to ({} bytes)",
                                  what, length, *cap)}
                    .at_offset(h.offset));
  if (limit_ && in_.position() + length > *limit_)
    return fail(Error{ErrorCode::kBadLength,
                      fmt::format("length field declares {} of {} bytes, past the end of the enclosing item at offset {}",
                                  what, length, *limit_)}
                    .at_offset(h.offset));
  return {};
}

bool DataSetParser::item_overruns_data(const Header& h) const {
  const auto rem = in_.remaining();
  return (rem && h.length > *rem) || (limit_ && in_.position() + h.length > *limit_);
}

Status DataSetParser::parse_items(DataSet& out, std::optional<std::uint64_t> end, unsigned depth, bool top_level) {
  const auto saved_limit = limit_;
  if (end) limit_ = end;
  std::optional<Tag> last;
  const bool key_only = top_level && opt_.wanted && enc_.explicit_vr && !enc_.big_endian;
  while (true) {
    if (end && in_.position() >= *end) break;
    if (key_only) DISCUS_CHECK(plain_run(out, last));
    Header h;
    DISCUS_TRY(const bool ok, read_header(h));
    if (!ok) {
      if (lenient_item_ && !top_level) break;
      if (end) return fail(Error{ErrorCode::kTruncated, "data ends before the end of a defined-length item"});
      if (!top_level) return fail(Error{ErrorCode::kTruncated, "undefined-length item not closed before the end of data"});
      break;
    }
    if (h.tag == kItemDelimitationTag) {
      if (!top_level && !end) {
        if (h.length != 0) warn(fmt::format("Item Delimitation Item with length {} (should be 0)", h.length), h.offset);
        break;
      }
      warn("stray Item Delimitation Item ignored", h.offset);
      continue;
    }
    if (h.tag == kSequenceDelimitationTag && top_level) {
      warn("stray Sequence Delimitation Item at top level ignored", h.offset);
      continue;
    }
    if (h.tag == kSequenceDelimitationTag && lenient_item_ && !end) {
      sequence_closed_early_ = true;  // closes the overrunning item and its sequence
      break;
    }
    if (h.tag.is_delimiter())
      return fail(Error{ErrorCode::kBadStructure, fmt::format("{} found where a data element was expected", to_string(h.tag))}
                      .at_offset(h.offset));
    if (top_level && opt_.wanted && !(opt_.stop_before_pixels && is_pixel_data_tag(h.tag)) && !opt_.wanted->contains(h.tag)) {
      DISCUS_CHECK(skip_element(h, depth));
      continue;
    }
    if (!enc_.explicit_vr) DISCUS_CHECK(resolve_implicit_vr(h, out));
    if (top_level && opt_.stop_before_pixels && is_pixel_data_tag(h.tag)) {
      PixelDataInfo info;
      info.tag = h.tag;
      info.vr = h.vr;
      info.element_offset = h.offset;
      info.value_offset = in_.position();
      if (h.length != kUndefined) info.length = h.length;
      *stop_ = info;
      stopped_ = true;
      break;
    }
    path_.push_back({h.tag});
    Element e;
    e.tag = h.tag;
    e.vr = h.vr;
    e.source_offset = h.offset;
    DISCUS_CHECK(parse_element(h, e, depth));
    path_.pop_back();
    if (h.tag == tags::DataSetTrailingPadding || discard_) continue;  // PS3.10 7.2: meaningless, skipped
    if (last && h.tag <= *last)
      warn(fmt::format("{} is out of ascending tag order{}", to_string(h.tag), h.tag == *last ? " (duplicate; first kept)" : ""),
           h.offset);
    if (!out.append(std::move(e))) {
      // already warned above
    }
    last = h.tag;
  }
  limit_ = saved_limit;
  return {};
}

Status DataSetParser::parse_element(const Header& h_in, Element& e, unsigned depth) {
  Header h = h_in;
  if (h.vr == VR::UN && !h.vr_from_dictionary && !h.tag.is_private()) {
    // PS3.5 6.2.2: a UN value is encoded as in implicit VR little endian; a known public tag
    // gets its dictionary VR back (and a known sequence its items), as the standard intends.
    Header as_implicit = h;
    DISCUS_CHECK(resolve_implicit_vr(as_implicit, top_ ? *top_ : DataSet{}));
    if (as_implicit.vr == VR::SQ) {
      e.vr = VR::SQ;
      return parse_sequence(e, h.length, depth, Encoding{false, false});
    }
    if (as_implicit.vr != VR::UN && h.length != kUndefined && !enc_.big_endian) {
      e.vr = as_implicit.vr;
      h.vr = as_implicit.vr;
    }
  }
  if (h.vr == VR::SQ) return parse_sequence(e, h.length, depth, enc_);
  if (h.length == kUndefined) {
    // Encapsulated pixel data, or (rarely) another OB/OW value in the same item form.
    if (is_pixel_data_tag(h.tag) || h.vr == VR::OB || h.vr == VR::OW) return parse_encapsulated(e);
    // PS3.5 6.2.2: UN of undefined length holds a sequence in implicit VR little endian.
    if (h.vr == VR::UN) {
      if (h.vr_from_dictionary) e.vr = VR::SQ;  // implicit VR, unknown tag: it can only be a sequence
      return parse_sequence(e, h.length, depth, h.vr_from_dictionary ? enc_ : Encoding{false, false});
    }
    return fail(Error{ErrorCode::kBadLength,
                      fmt::format("undefined length (FFFFFFFFH) is not allowed for {} with VR {}", to_string(h.tag), to_string(h.vr))}
                    .at_offset(h.offset));
  }
  DISCUS_CHECK(check_fits(h.length, h));
  if (h.vr_from_dictionary && h.vr == VR::UN && h.length >= 8) {
    // Implicit VR hides private sequences of defined length; an Item tag first gives them away.
    std::uint8_t b[4];
    DISCUS_TRY(const std::size_t got, in_.peek(b, 4));
    const std::uint8_t item_le[4] = {0xFE, 0xFF, 0x00, 0xE0};
    if (got == 4 && std::equal(b, b + 4, item_le)) {
      e.vr = VR::SQ;
      return parse_sequence(e, h.length, depth, enc_);
    }
  }
  if (h.length % 2 != 0) warn(fmt::format("odd value length {} (PS3.5 7.1.1 requires even lengths)", h.length), h.offset);
  return read_value(e.value, h.length, h.vr);
}

Status DataSetParser::parse_sequence(Element& e, std::uint32_t length, unsigned depth, Encoding item_encoding) {
  if (depth + 1 > opt_.max_depth)
    return fail(Error{ErrorCode::kTooDeep, fmt::format("sequences nested deeper than {} levels", opt_.max_depth)});
  e.kind = Element::Kind::kSequence;
  e.undefined_length = length == kUndefined;
  std::optional<std::uint64_t> end;
  if (length != kUndefined) {
    Header fake;
    fake.tag = e.tag;
    fake.offset = e.source_offset;
    DISCUS_CHECK(check_fits(length, fake));
    end = in_.position() + length;
  }
  // Streaming (a DICOMDIR's records): each item goes to the sink as soon as it is read.
  const bool streamed = depth == 0 && !discard_ && opt_.item_sink && opt_.streamed_sequence == e.tag;
  const Encoding saved = enc_;
  enc_ = item_encoding;
  const auto saved_limit = limit_;
  if (end) limit_ = end;
  int index = 0;
  while (!(end && in_.position() >= *end)) {
    Header h;
    DISCUS_TRY(const bool ok, read_header(h));
    if (!ok) return fail(Error{ErrorCode::kTruncated, "sequence not closed before the end of data"});
    if (h.tag == kSequenceDelimitationTag) {
      if (end) warn("Sequence Delimitation Item inside a defined-length sequence", h.offset);
      break;
    }
    if (h.tag != kItemTag)
      return fail(Error{ErrorCode::kBadStructure,
                        fmt::format("expected an Item (FFFE,E000) in the sequence, found {}", to_string(h.tag))}
                      .at_offset(h.offset));
    path_.back().item = index;
    DataSet item;
    DISCUS_CHECK(parse_item(h, item, depth));
    if (streamed) {
      const ItemLocation at{e.tag,  static_cast<std::size_t>(index), h.offset, in_.position(), limit_, enc_.explicit_vr,
                            enc_.big_endian, in_.remaining().has_value()};
      DISCUS_CHECK(opt_.item_sink(at, std::move(item)));
    } else if (!discard_) {
      e.items.push_back(std::move(item));
      e.item_offsets.push_back(h.offset);
    }
    ++index;
    if (sequence_closed_early_) {
      sequence_closed_early_ = false;
      break;
    }
  }
  if (end && in_.position() > *end)
    return fail(Error{ErrorCode::kBadLength, "items run past the end of their defined-length sequence"});
  limit_ = saved_limit;
  enc_ = saved;
  path_.back().item = -1;
  return {};
}

Status DataSetParser::parse_item(const Header& h, DataSet& item, unsigned depth) {
  if (h.length == kUndefined) return parse_items(item, std::nullopt, depth + 1, false);
  if (item_overruns_data(h)) {
    // Seen on real media after an FSU removed elements without fixing the item length: read
    // the item as if its length were undefined, ending at a delimiter or the end of data.
    warn(fmt::format("item declares {} bytes, more than its sequence or the data has left; read up to its delimiter",
                     h.length),
         h.offset);
    lenient_item_ = true;
    DISCUS_CHECK(parse_items(item, limit_, depth + 1, false));
    lenient_item_ = false;
    return {};
  }
  DISCUS_CHECK(check_fits(h.length, h));
  return parse_items(item, in_.position() + h.length, depth + 1, false);
}

Status DataSetParser::parse_item_again(DataSet& out, const ItemLocation& at) {
  // The same bytes, the same limits: the item is parsed exactly as it was the first time.
  path_.push_back({at.sequence, static_cast<int>(at.index)});
  limit_ = at.limit;
  Header h;
  DISCUS_TRY(const bool ok, read_header(h));
  if (!ok || h.tag != kItemTag)
    return fail(Error{ErrorCode::kBadStructure, "no Item (FFFE,E000) where the item was first read"}.at_offset(at.offset));
  return parse_item(h, out, 0);
}

Status DataSetParser::parse_encapsulated(Element& e) {
  // PS3.5 A.4: items (Basic Offset Table first, then fragments) closed by a Sequence Delimitation Item.
  e.kind = Element::Kind::kEncapsulated;
  e.undefined_length = true;
  while (true) {
    Header h;
    DISCUS_TRY(const bool ok, read_header(h));
    if (!ok) return fail(Error{ErrorCode::kTruncated, "encapsulated pixel data not closed by a Sequence Delimitation Item"});
    if (h.tag == kSequenceDelimitationTag) break;
    if (h.tag != kItemTag)
      return fail(Error{ErrorCode::kBadStructure,
                        fmt::format("expected a fragment Item (FFFE,E000) in encapsulated pixel data, found {}", to_string(h.tag))}
                      .at_offset(h.offset));
    if (h.length == kUndefined)
      return fail(Error{ErrorCode::kBadLength, "pixel data fragment with undefined length"}.at_offset(h.offset));
    DISCUS_CHECK(check_fits(h.length, h));
    Value v;
    DISCUS_CHECK(read_value(v, h.length, VR::OB));
    if (!discard_) e.fragments.push_back(std::move(v));
  }
  if (e.fragments.empty() && !discard_) warn("encapsulated pixel data without a Basic Offset Table item", e.source_offset);
  return {};
}

// Key-only reads spend their time here. Most elements of a header are plain (explicit VR little
// endian, short, defined length, in order): an unwanted one is passed over by its length, a
// wanted one is taken straight from the bytes looked at, many per look at the stream. Anything
// else (a sequence, UN, a pixel data tag, a delimiter, bytes that name no VR, an odd, undefined or
// long length, a tag out of order, Pixel Representation) ends the run and goes the general way,
// which reads it, skips it or reports it exactly as a full read would.
Status DataSetParser::plain_run(DataSet& out, std::optional<Tag>& last) {
  const TagSet& wanted = *opt_.wanted;
  std::uint8_t block[512];
  while (true) {
    DISCUS_TRY(const std::size_t got, in_.peek(block, sizeof block));
    const auto rem = in_.remaining();
    if (!rem) return {};
    const std::uint64_t start = in_.position();
    std::uint64_t at = 0;  // bytes passed over, from the current position
    bool stop = false;
    while (at + 12 <= got) {
      const std::uint8_t* b = block + at;
      const Tag tag{base::load_le<std::uint16_t>(b), base::load_le<std::uint16_t>(b + 2)};
      const bool keep = wanted.contains(tag);
      const unsigned header = explicit_header_size(b[4], b[5]);
      const std::uint64_t length = header == 12 ? base::load_le<std::uint32_t>(b + 8) : base::load_le<std::uint16_t>(b + 6);
      const std::uint64_t total = header + length;
      if (header == 0 || tag.is_delimiter() || is_pixel_data_tag(tag) || tag == tags::PixelRepresentation ||
          length == kUndefined || at + total > *rem) {
        stop = true;
        break;
      }
      if (keep) {
        const VR vr = *vr_from_chars(static_cast<char>(b[4]), static_cast<char>(b[5]));
        if (vr == VR::SQ || vr == VR::UN || length % 2 != 0 || length >= opt_.defer_threshold || at + total > got ||
            tag == tags::DataSetTrailingPadding || (last && tag <= *last)) {
          stop = true;
          break;
        }
        Element e;
        e.tag = tag;
        e.vr = vr;
        e.source_offset = start + at;
        e.value.bytes.assign(b + header, b + total);
        out.append(std::move(e));
        last = tag;
      }
      at += total;
    }
    if (at == 0) return {};
    DISCUS_CHECK(in_.skip(at));
    if (stop) return {};
  }
}

Status DataSetParser::skip_element(Header& h, unsigned depth) {
  path_.push_back({h.tag});  // errors name the element, as a full read's do
  if (h.tag == tags::PixelRepresentation && h.length == 2) {
    // Kept aside: it decides the VR of some wanted values (US or SS, PS3.5 A.1).
    Element e;
    e.tag = h.tag;
    e.vr = VR::US;
    DISCUS_CHECK(check_fits(h.length, h));
    DISCUS_CHECK(read_value(e.value, h.length, VR::US));
    context_.append(std::move(e));
    path_.pop_back();
    return {};
  }
  if (h.length != kUndefined) {
    // Top level: no enclosing item. A length that fits what is left of a file or of memory is
    // skipped at once; anything else gets the check (and the error) a read makes.
    if (const auto rem = in_.remaining(); !(rem && h.length <= *rem)) DISCUS_CHECK(check_fits(h.length, h));
    path_.pop_back();
    return in_.skip(h.length);
  }
  // Undefined length: the items must be walked to find the end. The parser walks them with the
  // rules of a full read (so it stops where a full read stops), values skipped and nothing kept;
  // what it would warn about stays unsaid, as for the elements skipped by length.
  if (!enc_.explicit_vr) DISCUS_CHECK(resolve_implicit_vr(h, context_));
  const std::size_t warned = warnings_.size();
  Element scratch;
  scratch.tag = h.tag;
  scratch.vr = h.vr;
  scratch.source_offset = h.offset;
  discard_ = true;
  Status st = parse_element(h, scratch, depth);
  discard_ = false;
  if (!st) return st;
  path_.pop_back();
  warnings_.erase(warnings_.begin() + static_cast<std::ptrdiff_t>(warned), warnings_.end());
  return {};
}

Status DataSetParser::read_value(Value& v, std::uint64_t length, VR vr) {
  if (length == 0) return {};
  if (discard_) return in_.skip(length);  // callers checked the length against what is left
  const unsigned width = enc_.big_endian ? swap_width(vr) : 1;
  if (length >= opt_.defer_threshold) {
    if (auto file = in_.file()) {
      v.deferred = DeferredValue{std::move(file), in_.position(), length, width};
      return in_.skip(length);
    }
  }
  if (in_.remaining()) {
    DISCUS_CHECK(in_.read_bytes(v.bytes, static_cast<std::size_t>(length)));
  } else {
    // Unknown size (inflated data): grow as bytes really arrive, so a lying length costs nothing.
    while (v.bytes.size() < length) {
      const std::size_t old = v.bytes.size();
      const std::size_t step = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, length - old));
      v.bytes.resize(old + step);
      DISCUS_CHECK(read_exact(in_, v.bytes.data() + old, step));
    }
  }
  if (width > 1) base::swap_words(v.bytes.data(), v.bytes.size(), width);
  return {};
}

}  // namespace discus::dicom::part10
