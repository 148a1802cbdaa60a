// BER pull reader (X.690 8.1): identifier, length (short, long, indefinite), content.
#include "media/secure/ber.h"

#include <fmt/format.h>
#include <openssl/crypto.h>

#include <algorithm>
#include <cstring>

namespace discus::media::secure {

using base::Error;
using base::ErrorCode;

namespace {
constexpr std::size_t kChunk = 64 * 1024;
constexpr int kMaxDepth = 32;  // CMS nests a handful of levels; more is hostile input
}  // namespace

BerReader::BerReader(ByteSource& source, std::string name) : source_(source), name_(std::move(name)) {
  buf_.reserve(2 * kChunk);  // the usual lookahead never reallocates (a reallocation could not wipe)
}

BerReader::~BerReader() {
  buf_.resize(buf_.capacity());
  OPENSSL_cleanse(buf_.data(), buf_.size());
}

Error BerReader::error_at(std::uint64_t at, std::string message) const {
  return Error{ErrorCode::kBadStructure, std::move(message)}.in_file(name_).at_offset(at);
}
Error BerReader::error(std::string message) const { return error_at(offset_, std::move(message)); }

base::Status BerReader::fill(std::size_t n) {
  if (pos_ > 0 && pos_ == buf_.size()) {
    buf_.clear();
    pos_ = 0;
  }
  while (buf_.size() - pos_ < n) {
    if (pos_ > 0) {  // keep only the unread tail so the buffer stays bounded
      buf_.erase(buf_.begin(), buf_.begin() + static_cast<std::ptrdiff_t>(pos_));
      pos_ = 0;
    }
    const std::size_t have = buf_.size();
    buf_.resize(have + std::max(n, kChunk));
    auto got = source_.read(buf_.data() + have, buf_.size() - have);
    if (!got) {
      buf_.resize(have);
      return std::move(got).error();
    }
    buf_.resize(have + *got);
    if (*got == 0)
      return Error{ErrorCode::kTruncated, "the CMS message ends early (truncated file?)"}.in_file(name_).at_offset(offset_ + have);
  }
  return {};
}

base::Result<std::uint8_t> BerReader::byte() {
  DISCUS_CHECK(fill(1));
  ++offset_;
  return buf_[pos_++];
}

base::Result<int> BerReader::peek_identifier() {
  if (pos_ == buf_.size()) {
    auto f = fill(1);
    if (!f) return f.error().code == ErrorCode::kTruncated ? base::Result<int>(-1) : base::Result<int>(std::move(f).error());
  }
  return static_cast<int>(buf_[pos_]);
}

base::Result<bool> BerReader::take_end_of_contents() {
  DISCUS_CHECK(fill(2));
  if (buf_[pos_] != 0 || buf_[pos_ + 1] != 0) return false;
  pos_ += 2;
  offset_ += 2;
  return true;
}

base::Result<Header> BerReader::header() {
  Header h;
  h.offset = offset_;
  DISCUS_TRY(h.identifier, byte());
  h.raw.push_back(h.identifier);
  if ((h.identifier & 0x1F) == 0x1F) return error_at(h.offset, "high tag numbers are not used by CMS");
  h.number = h.identifier & 0x1Fu;
  DISCUS_TRY(std::uint8_t first, byte());
  h.raw.push_back(first);
  if (first == 0x80) {
    if (!h.constructed()) return error_at(h.offset, "indefinite length on a primitive element");
    h.indefinite = true;
  } else if (first < 0x80) {
    h.length = first;
  } else {
    const int n = first & 0x7F;
    if (n > 8 || n == 0x7F) return error_at(h.offset, fmt::format("length of {} octets", n));
    for (int i = 0; i < n; ++i) {
      DISCUS_TRY(std::uint8_t b, byte());
      h.raw.push_back(b);
      h.length = (h.length << 8) | b;
    }
  }
  return h;
}

base::Result<Header> BerReader::expect(std::uint8_t expected, const char* what) {
  DISCUS_TRY(Header h, header());
  if (h.identifier != expected)
    return error_at(h.offset, fmt::format("expected {} (identifier {:02X}H), found identifier {:02X}H", what, expected, h.identifier));
  return h;
}

base::Result<std::size_t> BerReader::read_some(std::uint8_t* dst, std::size_t n) {
  if (n == 0) return std::size_t{0};
  if (pos_ < buf_.size()) {
    const std::size_t k = std::min(n, buf_.size() - pos_);
    std::memcpy(dst, buf_.data() + pos_, k);
    pos_ += k;
    offset_ += k;
    return k;
  }
  DISCUS_TRY(std::size_t got, source_.read(dst, n));  // large reads bypass the lookahead buffer
  if (got == 0) return Error{ErrorCode::kTruncated, "the CMS message ends early (truncated file?)"}.in_file(name_).at_offset(offset_);
  offset_ += got;
  return got;
}

base::Result<base::Bytes> BerReader::content(const Header& h, std::size_t cap) {
  if (h.indefinite) return error_at(h.offset, "indefinite length where a definite one is needed");
  if (h.length > cap) return error_at(h.offset, fmt::format("element of {} bytes exceeds the {} byte limit", h.length, cap));
  base::Bytes out(static_cast<std::size_t>(h.length));
  std::size_t done = 0;
  while (done < out.size()) {
    DISCUS_TRY(std::size_t k, read_some(out.data() + done, out.size() - done));
    done += k;
  }
  return out;
}

base::Status BerReader::append_element(base::Bytes& out, std::size_t cap, int depth) {
  if (depth > kMaxDepth) return error("elements nested too deeply");
  DISCUS_TRY(Header h, header());
  out.insert(out.end(), h.raw.begin(), h.raw.end());
  if (!h.indefinite) {
    if (out.size() + h.length > cap) return error_at(h.offset, fmt::format("element larger than the {} byte limit", cap));
    DISCUS_TRY(base::Bytes c, content(h, cap));
    out.insert(out.end(), c.begin(), c.end());
    return {};
  }
  for (;;) {
    DISCUS_TRY(bool end, take_end_of_contents());
    if (end) {
      append_end_of_contents(out);
      return {};
    }
    DISCUS_CHECK(append_element(out, cap, depth + 1));
  }
}

base::Result<base::Bytes> BerReader::element(std::size_t cap) {
  base::Bytes out;
  DISCUS_CHECK(append_element(out, cap, 0));
  return out;
}

base::Status BerReader::close(const Header& h, std::uint64_t content_start) {
  if (h.indefinite) {
    DISCUS_TRY(bool end, take_end_of_contents());
    if (!end) return error("expected end-of-contents octets");
    return {};
  }
  if (offset_ != content_start + h.length)
    return error(fmt::format("element at offset {} has {} content bytes but its parts take {}", h.offset, h.length,
                             offset_ - content_start));
  return {};
}

OctetStream::OctetStream(BerReader& reader, const Header& h) : reader_(reader) {
  if (h.constructed())
    levels_.push_back(Level{h.indefinite, reader.offset() + h.length});
  else
    remaining_ = h.length;
}

base::Result<std::size_t> OctetStream::read(std::uint8_t* dst, std::size_t n) {
  while (remaining_ == 0) {
    if (levels_.empty()) return std::size_t{0};
    const Level top = levels_.back();
    if (top.indefinite) {
      DISCUS_TRY(bool end, reader_.take_end_of_contents());
      if (end) {
        levels_.pop_back();
        continue;
      }
    } else if (reader_.offset() >= top.end) {
      if (reader_.offset() > top.end) return reader_.error("OCTET STRING chunk runs past its constructed parent");
      levels_.pop_back();
      continue;
    }
    if (levels_.size() > 16) return reader_.error("OCTET STRING chunks nested too deeply");
    DISCUS_TRY(Header h, reader_.header());
    if (h.identifier == kOctetString) {
      remaining_ = h.length;
    } else if (h.identifier == kOctetStringConstructed) {
      levels_.push_back(Level{h.indefinite, reader_.offset() + h.length});
    } else {
      return reader_.error_at(h.offset, fmt::format("expected an OCTET STRING chunk, found identifier {:02X}H", h.identifier));
    }
  }
  const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(n, remaining_));
  DISCUS_TRY(std::size_t got, reader_.read_some(dst, want));
  remaining_ -= got;
  return got;
}

void append_indefinite(base::Bytes& out, std::uint8_t identifier) {
  out.push_back(identifier);
  out.push_back(0x80);
}

void append_end_of_contents(base::Bytes& out, int count) {
  for (int i = 0; i < count; ++i) {
    out.push_back(0);
    out.push_back(0);
  }
}

std::string oid_text(base::ByteView element) {
  if (element.size() < 2 || element[0] != kOid || element[1] >= 0x80 || element.size() != 2u + element[1]) return "(malformed OID)";
  std::string s;
  std::uint64_t v = 0;
  bool first = true;
  for (std::size_t i = 2; i < element.size(); ++i) {
    v = (v << 7) | (element[i] & 0x7Fu);
    if (element[i] & 0x80) continue;
    if (first) {
      const std::uint64_t a = v < 40 ? 0 : v < 80 ? 1 : 2;
      s = fmt::format("{}.{}", a, v - 40 * a);
      first = false;
    } else {
      s += fmt::format(".{}", v);
    }
    v = 0;
  }
  return s;
}

}  // namespace discus::media::secure
