// discus::iod — whole-instance rules that no single attribute row of the PS3.3 tables states.
//
// Frames: a single-frame IOD holds one frame (PS3.3 A.1.2: only IODs with the Multi-frame
// Module have Number of Frames); Per-frame Functional Groups have one Item per frame (PS3.3
// C.7.6.16); native Pixel Data is as long as the Image Pixel Module says, padded to even length
// (PS3.5 8.1.1, PS3.3 C.7.6.3) and inside the file. UIDs: one UID names one entity (PS3.5 9).
// File Meta: Media Storage SOP Class/Instance UID equal the data set's (PS3.10 7.1).
//   check_instance(ds, iod, "IM1", findings);   check_file_meta(meta, ds, "IM1", findings);
#pragma once

#include <string>
#include <vector>

#include "base/finding.h"
#include "dicom/core/dataset.h"
#include "iod/tables.h"

namespace discus::iod {

// `iod` may be null (unknown SOP class): the IOD-specific frame rule is then skipped.
void check_instance(const dicom::DataSet& ds, const IodDef* iod, const std::string& file,
                    std::vector<base::Finding>& out);

// The File Meta Information (group 0002) against the data set, and its values' formats.
void check_file_meta(const dicom::DataSet& meta, const dicom::DataSet& ds, const std::string& file,
                     std::vector<base::Finding>& out);

}  // namespace discus::iod
