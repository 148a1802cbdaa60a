// discus::import — the Specific Character Set (0008,0005) of a coerced instance (PS3.3
// C.12.1.1.2, PS3.5 6.1): the local values coercion writes (UTF-8, from the worklist or a
// person) must be encodable in what the file declares, or the file declares another repertoire
// and every text value in it is re-encoded.
//
// The file's own declaration is kept when it holds the new values (ASCII fits every repertoire
// whose G0 is ISO-IR 6; ISO_IR 192 holds everything; ISO_IR 100 holds Latin-1). A file in the
// default repertoire whose new values are Latin-1 declares ISO_IR 100 (its ASCII bytes are Latin-1
// already: nothing else changes). Anything else (a Latin name into an ISO 2022 IR 87 file, a
// Cyrillic name into a Latin-1 file) makes the whole data set ISO_IR 192: every SH, LO, ST, LT,
// UT, PN and UC value, nested items included, decoded from the old repertoire and written as
// UTF-8. An item with its own (0008,0005) is self-describing and left alone.
//   TextEncoder enc = prepare_text(ds, {local.name, local.patient_id});  ds.set_string(t, vr, enc(v));
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dicom/core/dataset.h"

namespace discus::import {

// UTF-8 into the bytes of the repertoire prepare_text() settled on.
class TextEncoder {
 public:
  enum class Target { kAsIs, kLatin1 };  // kAsIs: ASCII, or UTF-8 into ISO_IR 192
  explicit TextEncoder(Target t = Target::kAsIs) : target_(t) {}
  std::string operator()(std::string_view utf8) const;

 private:
  Target target_;
};

// Makes `ds` able to hold `values` (UTF-8) and returns how to encode them.
TextEncoder prepare_text(dicom::DataSet& ds, const std::vector<std::string>& values);

// A text value of `ds` (its raw bytes) decoded to UTF-8 with the data set's declaration (lossy:
// an invalid sequence becomes U+FFFD). For comparing names across repertoires.
std::string decoded_text(const dicom::DataSet& ds, dicom::Tag tag);

// The same for a C-FIND answer (worklist, patient query). SCPs often declare no repertoire
// (dcmtk's wlmscpfs by default) while their values are not ASCII: then bytes that are valid UTF-8
// are read as UTF-8, others as ISO-IR 100 (Latin-1), the commonest undeclared repertoire. The
// matching rule still needs name, birth date and sex to agree.
std::string answer_text(const dicom::DataSet& ds, dicom::Tag tag);

}  // namespace discus::import
