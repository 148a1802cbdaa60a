// OpenJPEG callbacks: memory streams and message capture. Every callback is noexcept: OpenJPEG is C.
#include "codec/jpeg2000/opj_adapter.h"

#include <algorithm>
#include <cstring>
#include <new>

namespace discus::codec::jpeg2000 {
namespace {

constexpr OPJ_SIZE_T kChunk = 1 << 16;
constexpr OPJ_SIZE_T kFailed = static_cast<OPJ_SIZE_T>(-1);

void on_error(const char* msg, void* client) noexcept {
  try {
    auto* text = static_cast<std::string*>(client);
    std::string line(msg == nullptr ? "" : msg);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    if (!text->empty()) text->append("; ");
    text->append(line);
  } catch (...) {  // out of memory while reporting: the error code still reaches the caller
  }
}

OPJ_SIZE_T read_input(void* out, OPJ_SIZE_T n, void* user) noexcept {
  auto* in = static_cast<InputBuffer*>(user);
  if (in->position >= in->data.size()) return kFailed;  // OpenJPEG's end-of-stream signal
  const std::size_t take = std::min<std::size_t>(n, in->data.size() - in->position);
  std::memcpy(out, in->data.data() + in->position, take);
  in->position += take;
  return take;
}

OPJ_OFF_T skip_input(OPJ_OFF_T n, void* user) noexcept {
  auto* in = static_cast<InputBuffer*>(user);
  if (n < 0 && static_cast<std::uint64_t>(-n) > in->position) return -1;
  // Skipping past the end stops at the end; the next read reports end of stream.
  const std::uint64_t target = n < 0 ? in->position - static_cast<std::uint64_t>(-n) : in->position + static_cast<std::uint64_t>(n);
  in->position = static_cast<std::size_t>(std::min<std::uint64_t>(target, in->data.size()));
  return n;
}

OPJ_BOOL seek_input(OPJ_OFF_T to, void* user) noexcept {
  auto* in = static_cast<InputBuffer*>(user);
  if (to < 0 || static_cast<std::uint64_t>(to) > in->data.size()) return OPJ_FALSE;
  in->position = static_cast<std::size_t>(to);
  return OPJ_TRUE;
}

bool reach(OutputBuffer& out, std::uint64_t end) noexcept {
  if (end > out.bytes.max_size()) return false;
  try {
    if (end > out.bytes.size()) out.bytes.resize(static_cast<std::size_t>(end));
  } catch (const std::bad_alloc&) {
    return false;
  }
  return true;
}

OPJ_SIZE_T write_output(void* data, OPJ_SIZE_T n, void* user) noexcept {
  auto* out = static_cast<OutputBuffer*>(user);
  if (!reach(*out, std::uint64_t{out->position} + n)) return kFailed;
  std::memcpy(out->bytes.data() + out->position, data, n);
  out->position += n;
  return n;
}

OPJ_OFF_T skip_output(OPJ_OFF_T n, void* user) noexcept {
  auto* out = static_cast<OutputBuffer*>(user);
  if (n < 0 && static_cast<std::uint64_t>(-n) > out->position) return -1;
  const std::uint64_t target = n < 0 ? out->position - static_cast<std::uint64_t>(-n) : out->position + static_cast<std::uint64_t>(n);
  if (!reach(*out, target)) return -1;
  out->position = static_cast<std::size_t>(target);
  return n;
}

OPJ_BOOL seek_output(OPJ_OFF_T to, void* user) noexcept {
  auto* out = static_cast<OutputBuffer*>(user);
  if (to < 0 || !reach(*out, static_cast<std::uint64_t>(to))) return OPJ_FALSE;
  out->position = static_cast<std::size_t>(to);
  return OPJ_TRUE;
}

}  // namespace

int thread_count(int requested) { return requested > 0 ? requested : std::max(1, opj_get_num_cpus()); }

void Messages::attach(opj_codec_t* codec) { opj_set_error_handler(codec, on_error, &text_); }

Stream input_stream(InputBuffer& buffer) {
  Stream s(opj_stream_create(kChunk, OPJ_TRUE));
  if (!s) return s;
  opj_stream_set_user_data(s.get(), &buffer, nullptr);
  opj_stream_set_user_data_length(s.get(), buffer.data.size());
  opj_stream_set_read_function(s.get(), read_input);
  opj_stream_set_skip_function(s.get(), skip_input);
  opj_stream_set_seek_function(s.get(), seek_input);
  return s;
}

Stream output_stream(OutputBuffer& buffer) {
  Stream s(opj_stream_create(kChunk, OPJ_FALSE));
  if (!s) return s;
  opj_stream_set_user_data(s.get(), &buffer, nullptr);
  opj_stream_set_write_function(s.get(), write_output);
  opj_stream_set_skip_function(s.get(), skip_output);
  opj_stream_set_seek_function(s.get(), seek_output);
  return s;
}

}  // namespace discus::codec::jpeg2000
