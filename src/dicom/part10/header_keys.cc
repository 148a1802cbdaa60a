// discus::dicom::part10 — HeaderKeyReader (see header_keys.h).
//
// The walk follows DataSetParser's rules for explicit VR little endian and gives up (kNeedFullRead)
// wherever that parser would warn, fail, or take a path this walk does not model, so that a kRead
// never disagrees with read_file(): the full parser stays the single authority on odd files.
#include "dicom/part10/header_keys.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

#include "base/endian.h"
#include "dicom/dict/tags.h"
#include "dicom/dict/transfer_syntax.h"
#include "dicom/encoding/input_stream.h"
#include "dicom/part10/dataset_parser.h"

namespace discus::dicom::part10 {

namespace {

constexpr std::size_t kFirstRead = 8192;       // most headers (CT, CR) end well inside this
constexpr std::uint32_t kUndefined = 0xFFFFFFFFu;
constexpr unsigned kMaxDepth = 64;              // ReadOptions::max_depth's default
constexpr std::uint64_t kPreambleAndPrefix = 132;
constexpr std::uint64_t kMaxKeptSequence = 1u << 20;  // larger wanted sequences: read_file

// How long the header of an explicit VR element with these VR bytes is (PS3.5 7.1.2): 12 bytes
// for the VRs with a 32-bit length, 8 for the others, 0 when the bytes name no VR.
unsigned header_size(VR vr) {
  switch (vr) {
    case VR::OB: case VR::OD: case VR::OF: case VR::OL: case VR::OV: case VR::OW: case VR::SQ:
    case VR::SV: case VR::UC: case VR::UN: case VR::UR: case VR::UT: case VR::UV:
      return 12;
    case VR::AE: case VR::AS: case VR::AT: case VR::CS: case VR::DA: case VR::DS: case VR::DT:
    case VR::FD: case VR::FL: case VR::IS: case VR::LO: case VR::LT: case VR::PN: case VR::SH:
    case VR::SL: case VR::SS: case VR::ST: case VR::TM: case VR::UI: case VR::UL: case VR::US:
      return 8;
    default:
      return 0;
  }
}

bool is_pixel_data_tag(Tag t) {
  return t == tags::PixelData || t == tags::FloatPixelData || t == tags::DoubleFloatPixelData;
}

// An open file, closed on every path out.
class Fd {
 public:
  explicit Fd(const std::string& path) : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// A window of the file in the caller's buffer: bytes are read where the walk needs them, so
// values skipped by length are never read at all.
class Window {
 public:
  Window(int fd, std::uint64_t size, std::vector<std::uint8_t>& buf) : fd_(fd), size_(size), buf_(buf) {}

  // [offset, offset + n) or nullptr when the file does not have those bytes.
  const std::uint8_t* at(std::uint64_t offset, std::size_t n) {
    if (offset >= start_ && offset + n <= start_ + len_) return buf_.data() + (offset - start_);
    if (offset + n > size_) return nullptr;
    const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(std::max(n, kFirstRead), size_ - offset));
    if (buf_.size() < want) buf_.resize(want);
    std::size_t got = 0;
    while (got < want) {
      const ssize_t r = ::pread(fd_, buf_.data() + got, want - got, static_cast<off_t>(offset + got));
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) break;
      got += static_cast<std::size_t>(r);
    }
    start_ = offset;
    len_ = got;
    return got >= n ? buf_.data() : nullptr;
  }

 private:
  int fd_;
  std::uint64_t size_;
  std::vector<std::uint8_t>& buf_;
  std::uint64_t start_ = 0;
  std::size_t len_ = 0;
};

struct Header {
  Tag tag;
  VR vr = VR::None;
  std::uint32_t length = 0;
  std::uint64_t offset = 0;
};

// The walk over one file. Every member function returns false for "let read_file decide".
class Walk {
 public:
  Walk(Window& w, std::uint64_t size, const std::vector<Tag>& keep, const TagFilter& filter, std::uint64_t max_value)
      : w_(w), size_(size), keep_(keep), filter_(filter), max_value_(max_value) {}

  bool run(DicomFile& f) {
    const std::uint8_t* head = w_.at(0, kPreambleAndPrefix + 8);
    if (head == nullptr || std::memcmp(head + 128, "DICM", 4) != 0) return false;
    pos_ = kPreambleAndPrefix;
    std::optional<std::string> ts_uid;
    if (!meta(ts_uid) || !ts_uid) return false;
    DataSet probe;  // the UID as DataSet::get_string reads it, as read_file does
    probe.set_bytes(tags::TransferSyntaxUID, VR::UI, base::to_bytes(*ts_uid));
    const auto uid = probe.get_string(tags::TransferSyntaxUID);
    if (!uid || uid->empty()) return false;
    const dict::TransferSyntax* ts = dict::find_transfer_syntax(*uid);
    if (ts == nullptr || !ts->explicit_vr || ts->big_endian || ts->deflated) return false;
    f.has_preamble = true;
    f.has_meta = true;
    f.meta = std::move(probe);
    f.transfer_syntax = ts;
    f.dataset_offset = pos_;
    return top_level(f);
  }

 private:
  std::uint64_t left() const { return size_ - pos_; }
  bool wanted(Tag t) const { return filter_.maybe(t) && std::binary_search(keep_.begin(), keep_.end(), t); }
  bool fits(std::uint64_t length, std::optional<std::uint64_t> limit) const {
    return length <= left() && !(limit && pos_ + length > *limit);
  }

  bool read_header(Header& h) {
    h.offset = pos_;
    const std::uint8_t* b = w_.at(pos_, 8);
    if (b == nullptr) return false;
    h.tag = Tag{base::load_le<std::uint16_t>(b), base::load_le<std::uint16_t>(b + 2)};
    if (h.tag.is_delimiter()) {
      h.vr = VR::None;
      h.length = base::load_le<std::uint32_t>(b + 4);
      pos_ += 8;
      return true;
    }
    h.vr = static_cast<VR>(vr_code(static_cast<char>(b[4]), static_cast<char>(b[5])));
    const unsigned size = header_size(h.vr);
    if (size == 0) return false;
    if (size == 12) {
      b = w_.at(pos_, 12);
      if (b == nullptr) return false;
      h.length = base::load_le<std::uint32_t>(b + 8);
      pos_ += 12;
    } else {
      h.length = base::load_le<std::uint16_t>(b + 6);
      pos_ += 8;
    }
    return true;
  }

  // Group 0002 (PS3.10 7.1), explicit VR little endian; only the Transfer Syntax UID is taken.
  bool meta(std::optional<std::string>& ts_uid) {
    const std::uint8_t* b = w_.at(pos_, 8);
    if (b == nullptr || b[0] != 0x02 || b[1] != 0x00 || b[3] != 0x00) return false;  // no meta: read_file decides
    if (!vr_from_chars(static_cast<char>(b[4]), static_cast<char>(b[5]))) return false;  // implicit VR meta
    bool group_length = false;
    while (true) {
      if (left() < 8) return false;  // a file that ends in or right after its meta is left to read_file
      b = w_.at(pos_, 2);
      if (b == nullptr) return false;
      if (base::load_le<std::uint16_t>(b) != 0x0002) break;
      Header h;
      if (!read_header(h)) return false;
      if (h.vr == VR::SQ || h.vr == VR::UN || h.vr == VR::None || h.length == kUndefined || h.length % 2 != 0) return false;
      if (!fits(h.length, std::nullopt)) return false;
      if (h.tag == tags::FileMetaInformationGroupLength) {
        if (group_length || h.length != 4) return false;
        group_length = true;
        const std::uint8_t* v = w_.at(pos_, 4);
        if (v == nullptr) return false;
        declared_meta_end_ = pos_ + 4 + base::load_le<std::uint32_t>(v);
      } else if (h.tag == tags::TransferSyntaxUID) {
        if (ts_uid) return false;  // duplicate: read_file warns
        const std::uint8_t* v = h.length == 0 ? nullptr : w_.at(pos_, h.length);
        if (h.length != 0 && v == nullptr) return false;
        ts_uid = std::string(reinterpret_cast<const char*>(v), h.length);
      }
      pos_ += h.length;
    }
    // A missing or wrong group length is a warning in read_file; the plain case has it right.
    return group_length && declared_meta_end_ == pos_;
  }

  bool top_level(DicomFile& f) {
    std::optional<Tag> last;
    while (pos_ != size_) {
      if (left() < 8) return false;
      Header h;
      if (!read_header(h)) return false;
      if (h.tag.is_delimiter()) return false;
      if (is_pixel_data_tag(h.tag)) {
        PixelDataInfo info;
        info.tag = h.tag;
        info.vr = h.vr;
        info.element_offset = h.offset;
        info.value_offset = pos_;
        if (h.length != kUndefined) info.length = h.length;
        f.pixel_data = info;
        return true;
      }
      if (last && h.tag <= *last) return false;  // out of order or duplicate: read_file warns
      last = h.tag;
      const bool kept = wanted(h.tag);
      if (!element(h, 0, std::nullopt, kept ? &f.dataset : nullptr)) return false;
    }
    return true;
  }

  // One element whose header has been read. `out`: where a kept (top-level) element goes.
  bool element(const Header& h, unsigned depth, std::optional<std::uint64_t> limit, DataSet* out) {
    if (h.vr == VR::UN && !h.tag.is_private()) return false;  // read_file re-reads it by the dictionary
    if (h.vr == VR::SQ) return out == nullptr ? sequence(h.length, depth, limit) : keep_sequence(h, depth, limit, *out);
    if (h.length == kUndefined) return false;  // encapsulated OB/OW or a UN sequence
    if (!fits(h.length, limit)) return false;
    if (h.length % 2 != 0) return false;  // read_file warns
    largest_ = std::max<std::uint64_t>(largest_, h.length);
    if (out != nullptr) {
      if (h.length >= max_value_) return false;  // read_file would leave it in the file
      Element e;
      e.tag = h.tag;
      e.vr = h.vr;
      e.source_offset = h.offset;
      if (h.length != 0) {
        const std::uint8_t* v = w_.at(pos_, h.length);
        if (v == nullptr) return false;
        e.value.bytes.assign(v, v + h.length);
      }
      if (h.tag != tags::DataSetTrailingPadding) out->append(std::move(e));
    }
    pos_ += h.length;
    return true;
  }

  // A wanted sequence (Referenced Image Sequence, a code sequence): walked first, so it is known
  // to be plain, then its bytes are given to the parser read_file uses, which builds the items.
  bool keep_sequence(const Header& h, unsigned depth, std::optional<std::uint64_t> limit, DataSet& out) {
    largest_ = 0;
    if (!sequence(h.length, depth, limit)) return false;
    if (largest_ >= max_value_) return false;  // read_file would leave a value of it in the file
    const std::uint64_t total = pos_ - h.offset;
    if (total > kMaxKeptSequence) return false;
    const std::uint8_t* bytes = w_.at(h.offset, static_cast<std::size_t>(total));
    if (bytes == nullptr) return false;
    MemoryInputStream in(base::ByteView(bytes, static_cast<std::size_t>(total)));
    std::vector<ReadWarning> warnings;
    const ReadOptions options;
    DataSetParser parser(in, Encoding{true, false}, options, warnings);
    DataSet parsed;
    std::optional<PixelDataInfo> no_pixels;
    if (!parser.parse_top_level(parsed, no_pixels) || !warnings.empty() || parsed.size() != 1) return false;
    Element e = std::move(*parsed.begin());
    shift_offsets(e, h.offset);
    out.append(std::move(e));
    return true;
  }

  // Offsets counted from the start of the element become offsets in the file, as read_file has them.
  static void shift_offsets(Element& e, std::uint64_t by) {
    e.source_offset += by;
    for (std::uint64_t& o : e.item_offsets) o += by;
    for (DataSet& item : e.items)
      for (Element& child : item) shift_offsets(child, by);
  }

  bool sequence(std::uint32_t length, unsigned depth, std::optional<std::uint64_t> limit) {
    if (depth + 1 > kMaxDepth) return false;
    std::optional<std::uint64_t> end;
    if (length != kUndefined) {
      if (!fits(length, limit)) return false;
      end = pos_ + length;
    }
    const std::optional<std::uint64_t> inner = end ? end : limit;
    while (!(end && pos_ >= *end)) {
      if (left() < 8) return false;
      Header h;
      if (!read_header(h)) return false;
      if (h.tag == kSequenceDelimitationTag) {
        if (end || h.length != 0) return false;
        break;
      }
      if (h.tag != kItemTag) return false;
      if (h.length == kUndefined) {
        if (!items(std::nullopt, depth + 1, inner)) return false;
      } else {
        if (!fits(h.length, inner)) return false;  // read_file reads such an item leniently
        if (!items(pos_ + h.length, depth + 1, inner)) return false;
      }
    }
    return !(end && pos_ != *end);
  }

  bool items(std::optional<std::uint64_t> end, unsigned depth, std::optional<std::uint64_t> limit) {
    const std::optional<std::uint64_t> inner = end ? end : limit;
    std::optional<Tag> last;
    while (!(end && pos_ >= *end)) {
      if (left() < 8) return false;
      Header h;
      if (!read_header(h)) return false;
      if (h.tag == kItemDelimitationTag) {
        if (end || h.length != 0) return false;
        return true;
      }
      if (h.tag.is_delimiter()) return false;
      if (h.tag == tags::DataSetTrailingPadding || (last && h.tag <= *last)) return false;
      last = h.tag;
      if (inner && pos_ > *inner) return false;  // header straddles the end of its item
      if (!element(h, depth, inner, nullptr)) return false;
    }
    return !(end && pos_ != *end);
  }

  Window& w_;
  std::uint64_t size_;
  const std::vector<Tag>& keep_;
  const TagFilter& filter_;
  std::uint64_t max_value_;
  std::uint64_t pos_ = 0;
  std::uint64_t declared_meta_end_ = 0;
  std::uint64_t largest_ = 0;  // largest value length seen since keep_sequence() reset it
};

}  // namespace

HeaderKeyReader::HeaderKeyReader(std::vector<Tag> keep, std::uint64_t max_value)
    : keep_(std::move(keep)), max_value_(max_value), buf_(kFirstRead) {
  for (Tag t : keep_) filter_.add(t);
}

KeyReadOutcome HeaderKeyReader::read(const std::string& path, DicomFile& out, FileIdentity& id) {
  Fd fd(path);
  if (fd.get() < 0) return KeyReadOutcome::kNeedFullRead;
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return KeyReadOutcome::kNeedFullRead;
  id = FileIdentity{static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino), true};
  if (!S_ISREG(st.st_mode)) return KeyReadOutcome::kNeedFullRead;
  Window w(fd.get(), static_cast<std::uint64_t>(st.st_size), buf_);
  DicomFile f;
  f.path = path;
  if (!Walk(w, static_cast<std::uint64_t>(st.st_size), keep_, filter_, max_value_).run(f)) return KeyReadOutcome::kNeedFullRead;
  out = std::move(f);
  return KeyReadOutcome::kRead;
}

FileIdentity identity_of(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  return FileIdentity{static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino), true};
}

}  // namespace discus::dicom::part10
