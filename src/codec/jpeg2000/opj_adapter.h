// discus::codec::jpeg2000 — the OpenJPEG adapter: owned handles, memory streams, error text.
//
// Internal to src/codec/jpeg2000 (the only folder that includes <openjpeg.h>). OpenJPEG reads and
// writes through callbacks given here (noexcept, never a temporary file) and reports errors to a
// message callback whose text ends up in our Error.
//   Codec codec(opj_create_decompress(OPJ_CODEC_J2K));  Messages m;  m.attach(codec.get());
#pragma once

#include <openjpeg.h>

#include <memory>
#include <string>

#include "base/bytes.h"

namespace discus::codec::jpeg2000 {

int thread_count(int requested);

struct CodecDeleter {
  void operator()(opj_codec_t* c) const noexcept { opj_destroy_codec(c); }
};
struct StreamDeleter {
  void operator()(opj_stream_t* s) const noexcept { opj_stream_destroy(s); }
};
struct ImageDeleter {
  void operator()(opj_image_t* i) const noexcept { opj_image_destroy(i); }
};
using Codec = std::unique_ptr<opj_codec_t, CodecDeleter>;
using Stream = std::unique_ptr<opj_stream_t, StreamDeleter>;
using Image = std::unique_ptr<opj_image_t, ImageDeleter>;

// Collects OpenJPEG's error messages (warnings are dropped) for the Error we return.
class Messages {
 public:
  void attach(opj_codec_t* codec);
  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

// A read-only stream over `data`, which must outlive it.
struct InputBuffer {
  base::ByteView data;
  std::size_t position = 0;
};
Stream input_stream(InputBuffer& buffer);

// A write stream into `buffer` (grown as OpenJPEG writes or seeks past the end).
struct OutputBuffer {
  base::Bytes bytes;
  std::size_t position = 0;
};
Stream output_stream(OutputBuffer& buffer);

}  // namespace discus::codec::jpeg2000
