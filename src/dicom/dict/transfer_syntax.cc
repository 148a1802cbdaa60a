#include "dicom/dict/transfer_syntax.h"

#include <algorithm>

namespace discus::dicom::dict {
namespace {
#include "transfer_syntax_data.inc"

const TransferSyntax& must_find(std::string_view uid) {
  const TransferSyntax* ts = find_transfer_syntax(uid);
  // The generator guarantees these three are in the table; failing here is a build error.
  return *ts;
}
}  // namespace

const TransferSyntax* find_transfer_syntax(std::string_view uid) {
  const auto it = std::lower_bound(std::begin(kTransferSyntaxes), std::end(kTransferSyntaxes), uid,
                                   [](const TransferSyntax& e, std::string_view v) { return e.uid < v; });
  return (it != std::end(kTransferSyntaxes) && it->uid == uid) ? &*it : nullptr;
}

std::span<const TransferSyntax> all_transfer_syntaxes() { return kTransferSyntaxes; }

const TransferSyntax& implicit_vr_little_endian() { static const auto& ts = must_find("1.2.840.10008.1.2"); return ts; }
const TransferSyntax& explicit_vr_little_endian() { static const auto& ts = must_find("1.2.840.10008.1.2.1"); return ts; }
const TransferSyntax& explicit_vr_big_endian() { static const auto& ts = must_find("1.2.840.10008.1.2.2"); return ts; }

}  // namespace discus::dicom::dict
