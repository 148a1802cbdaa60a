#include "dicom/core/tag.h"

#include <fmt/format.h>

namespace discus::dicom {

std::string to_string(Tag tag) { return fmt::format("({:04X},{:04X})", tag.group(), tag.element()); }

}  // namespace discus::dicom
