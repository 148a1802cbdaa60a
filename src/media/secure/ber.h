// discus::media::secure — a pull reader for the BER encoding (X.690) of CMS messages.
//
// A Secure DICOM File (PS3.10 7.4) can be several GB, and CMS lets its content be one primitive
// OCTET STRING or any number of indefinite-length chunks. OpenSSL's d2i reads a whole message into
// memory, so the envelope and the inner Signed-data / Digested-data are walked here instead: small
// elements are captured whole (to hand to OpenSSL), the content is streamed in bounded reads.
//   BerReader r(source, "a.dcm");  DISCUS_TRY(Header h, r.header());  OctetStream s(r, h);
#pragma once

#include <cstring>

#include <algorithm>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"

namespace discus::media::secure {

// Where bytes come from: a file, or a decrypting BIO. read() returns 0 only at the end.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual base::Result<std::size_t> read(std::uint8_t* dst, std::size_t n) = 0;
};

// Bytes already in memory (an element captured while walking an envelope) as a ByteSource.
class MemorySource : public ByteSource {
 public:
  explicit MemorySource(base::ByteView b) : b_(b) {}
  base::Result<std::size_t> read(std::uint8_t* dst, std::size_t n) override {
    const std::size_t k = std::min(n, b_.size() - pos_);
    std::memcpy(dst, b_.data() + pos_, k);
    pos_ += k;
    return k;
  }

 private:
  base::ByteView b_;
  std::size_t pos_ = 0;
};

// Where decrypted bytes go, in order and in bounded chunks: a file being written, or memory. An
// error stops the read and is returned.
using PlainSink = std::function<base::Status(base::ByteView)>;

struct Header {
  std::uint8_t identifier = 0;  // first octet: class, constructed bit, low tag number
  std::uint32_t number = 0;     // tag number (low-tag-number form only: CMS needs no more)
  bool indefinite = false;
  std::uint64_t length = 0;     // content octets when definite
  std::uint64_t offset = 0;     // of the identifier octet in the source
  base::Bytes raw;              // the identifier and length octets as read
  bool constructed() const { return (identifier & 0x20) != 0; }
};

// Identifier octets used by CMS.
inline constexpr std::uint8_t kSequence = 0x30, kSet = 0x31, kOid = 0x06, kInteger = 0x02, kOctetString = 0x04,
                              kOctetStringConstructed = 0x24, kContext0 = 0xA0, kContext0Primitive = 0x80,
                              kContext1 = 0xA1;

class BerReader {
 public:
  BerReader(ByteSource& source, std::string name);
  ~BerReader();  // wipes the lookahead: after decryption it holds plaintext
  BerReader(const BerReader&) = delete;
  BerReader& operator=(const BerReader&) = delete;

  const std::string& name() const { return name_; }
  std::uint64_t offset() const { return offset_; }
  // The next identifier octet without consuming it; nullopt-like -1 at the end of the source.
  base::Result<int> peek_identifier();
  // True (and consumed) when the next two octets are end-of-contents.
  base::Result<bool> take_end_of_contents();
  base::Result<Header> header();
  // A header whose identifier must be `expected`; `what` names the element in the error.
  base::Result<Header> expect(std::uint8_t expected, const char* what);
  // The whole next element, identifier to last content octet (indefinite lengths followed), at
  // most `cap` bytes: recipient infos, certificates and signer infos are small.
  base::Result<base::Bytes> element(std::size_t cap = 4u << 20);
  // The content of an element whose header was just read (definite length only).
  base::Result<base::Bytes> content(const Header& h, std::size_t cap = 4u << 20);
  // Reads up to n content bytes straight from the source.
  base::Result<std::size_t> read_some(std::uint8_t* dst, std::size_t n);
  // Ends an element opened with `h`: for indefinite length, consumes the end-of-contents octets.
  base::Status close(const Header& h, std::uint64_t content_start);
  base::Error error(std::string message) const;
  base::Error error_at(std::uint64_t at, std::string message) const;

 private:
  base::Status fill(std::size_t n);  // ensures n bytes buffered (fails kTruncated at the end)
  base::Result<std::uint8_t> byte();
  base::Status append_element(base::Bytes& out, std::size_t cap, int depth);

  ByteSource& source_;
  std::string name_;
  std::vector<std::uint8_t> buf_;  // unread lookahead, buf_[pos_..]
  std::size_t pos_ = 0;
  std::uint64_t offset_ = 0;       // of buf_[pos_]
};

// The content octets of an OCTET STRING, primitive or constructed (chunks, nested, definite or
// indefinite), read in bounded pieces. Fails on anything that is not an OCTET STRING chunk.
class OctetStream : public ByteSource {
 public:
  // `h` is the header of the OCTET STRING (any tag: CMS uses [0] IMPLICIT), already read.
  OctetStream(BerReader& reader, const Header& h);
  base::Result<std::size_t> read(std::uint8_t* dst, std::size_t n) override;
  bool finished() const { return levels_.empty() && remaining_ == 0; }

 private:
  struct Level {
    bool indefinite;
    std::uint64_t end;  // offset just past the content when definite
  };
  BerReader& reader_;
  std::vector<Level> levels_;
  std::uint64_t remaining_ = 0;  // in the current primitive chunk
};

// Encoding helpers for the small skeletons handed to OpenSSL (indefinite lengths need no sizes).
void append_indefinite(base::Bytes& out, std::uint8_t identifier);
void append_end_of_contents(base::Bytes& out, int count = 1);
// The content of an OBJECT IDENTIFIER element (e.g. "1.2.840.113549.1.7.3"), for messages.
std::string oid_text(base::ByteView element);

}  // namespace discus::media::secure
