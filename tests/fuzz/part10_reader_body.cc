#include "part10_reader_body.h"

#include <fmt/format.h>

#include "dicom/dump/json_model.h"
#include "dicom/dump/text_dump.h"
#include "dicom/part10/reader.h"
#include "dicom/part10/writer.h"

namespace discus::fuzz {

namespace {

using dicom::part10::DicomFile;
using dicom::part10::ReadOptions;

// Feeds one successfully read file to every consumer; returns a description of the bug when
// the file we wrote from it cannot be read back.
std::optional<std::string> consume(const DicomFile& file, const ReadOptions& options, int& roundtrips) {
  fmt::memory_buffer text;
  dicom::dump::dump_text(text, file, {});

  // The CLI serialises the JSON model with the strict (throwing) UTF-8 handling: so do we, and
  // an exception escaping here is a finding (libFuzzer reports it as a crash).
  const nlohmann::ordered_json json = dicom::dump::to_json(file.dataset, {});
  const std::string json_text = json.dump();
  if (json_text.empty()) return std::string("to_json produced an empty text");

  dicom::part10::WriteOptions write_options;  // explicit VR little endian
  write_options.sync = false;
  const auto written = dicom::part10::write_memory(file.dataset, file.has_meta ? &file.meta : nullptr, write_options);
  if (!written) return std::nullopt;  // allowed: no SOP UIDs, encapsulated pixels in a native syntax...
  ++roundtrips;
  const auto reread = dicom::part10::read_memory(*written, options, "<round trip>");
  if (!reread)
    return fmt::format("write_memory produced {} bytes that read_memory rejects: {}", written->size(),
                       reread.error().describe());
  return std::nullopt;
}

}  // namespace

Part10ReaderOutcome run_part10_reader_body(base::ByteView data) {
  Part10ReaderOutcome outcome;

  const ReadOptions full;
  if (auto file = dicom::part10::read_memory(data, full, "<fuzz>"); file) {
    outcome.roundtrip_failure = consume(*file, full, outcome.roundtrips);
  } else {
    outcome.default_error = file.error();
  }

  ReadOptions headers;
  headers.stop_before_pixels = true;
  headers.max_depth = kSmallMaxDepth;
  if (auto file = dicom::part10::read_memory(data, headers, "<fuzz>"); file) {
    auto failure = consume(*file, headers, outcome.roundtrips);
    if (!outcome.roundtrip_failure) outcome.roundtrip_failure = std::move(failure);
  } else {
    outcome.headers_error = file.error();
  }
  return outcome;
}

}  // namespace discus::fuzz
