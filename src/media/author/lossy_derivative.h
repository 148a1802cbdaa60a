// discus::media::author — recording that an image was lossy compressed on its way to the medium.
//
// PS3.3 C.7.6.1.1.5: "If an image is a compressed version of another image, Lossy Image
// Compression (0028,2110) is set to "01", Value 1 of Image Type (0008,0008) shall be set to
// DERIVED, and if the predecessor was a DICOM image, then the Image shall receive a new SOP
// Instance UID"; Lossy Image Compression Ratio (0028,2112) and Method (0028,2114) gain one value
// per lossy step. The predecessor is referenced in Source Image Sequence (0008,2112, PS3.3
// C.12.4.1.2) with purpose (DCM, 121320, "Uncompressed predecessor") and the step is described
// in Derivation Description (0008,2111).
//   mark_lossy_derivative(ds, meta, {new_uid, "ISO_15444_1", 9.7});
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"
#include "dicom/core/dataset.h"
#include "dicom/dict/transfer_syntax.h"

namespace discus::media::author {

struct LossyStep {
  std::string new_sop_instance_uid;
  std::string method;  // PS3.3 C.7.6.1.1.5.1 defined term (TransferSyntax::lossy_method)
  double ratio = 0;    // uncompressed bytes / compressed bytes
};

// Applies the step to `ds` (and the Media Storage SOP Instance UID of `meta`). The codec layer
// sets only Lossy Image Compression; the step's Ratio and Method are recorded here.
void mark_lossy_derivative(dicom::DataSet& ds, dicom::DataSet& meta, const LossyStep& step);

// The step that just encoded `ds` (its Pixel Data now in `target`, a lossy syntax): the method
// from the transfer syntax and the ratio of native frame bytes to the encoded fragments.
base::Result<LossyStep> measure_lossy_step(const dicom::DataSet& ds, const dicom::dict::TransferSyntax& target,
                                           std::string new_sop_instance_uid);

}  // namespace discus::media::author
