// discus::dicom::dump — a dcmdump-like text tree of a Part 10 file.
//
// One line per element: tag, VR, VM, value length, keyword and value; sequence items indented.
// Text values are shown in UTF-8 through the Specific Character Set in force; values left in
// the file (pixel data) are described, not read.
//   fmt::memory_buffer out;  dump_text(out, file, {});  fwrite(out.data(), 1, out.size(), stdout);
#pragma once

#include <fmt/format.h>

#include "dicom/part10/reader.h"

namespace discus::dicom::dump {

struct TextDumpOptions {
  std::size_t max_value_chars = 72;  // longer values are cut with "..."
  std::size_t max_binary_values = 16;
};

void dump_text(fmt::memory_buffer& out, const part10::DicomFile& file, const TextDumpOptions& options);

// "PatientName", "PrivateCreator", "[SIEMENS CSA HEADER] private", or "Unknown".
std::string keyword_of(const Element& e, const DataSet& context);

}  // namespace discus::dicom::dump
