// discus::dicom::dict — transfer syntaxes and how each encodes a data set (PS3.5 Annex A).
//
// Every transfer syntax of PS3.6, retired ones, video and HTJ2K included, generated from
// data/transfer_syntaxes.tsv joined with the UID registry.
//   const TransferSyntax* ts = find_transfer_syntax(uids::ExplicitVRLittleEndian);
//   if (ts->encapsulated()) ...
#pragma once

#include <span>
#include <string_view>

namespace discus::dicom::dict {

enum class PixelEncoding { kNative, kEncapsulated, kReferenced };
enum class Compression { kNone, kLossless, kLossy, kEither };

struct TransferSyntax {
  std::string_view uid;
  std::string_view name;
  std::string_view keyword;
  bool explicit_vr;
  bool big_endian;
  PixelEncoding pixel;
  bool deflated;  // the whole data set is a raw deflate stream (PS3.5 A.5)
  Compression compression;
  bool retired;
  // PS3.3 C.7.6.1.1.5.1 defined term of Lossy Image Compression Method (0028,2114) for what this
  // syntax does when lossy ("ISO_10918_1", "ISO_15444_1", ...); empty for lossless syntaxes.
  std::string_view lossy_method;

  constexpr bool encapsulated() const { return pixel == PixelEncoding::kEncapsulated; }
  constexpr bool lossy() const { return compression == Compression::kLossy; }
  // Lossy, or the sender's choice (JPEG 2000 .91, HTJ2K .203): what an encoder writes into such a
  // syntax must be assumed lossy (ours for .91 and .203 use the irreversible 9-7 wavelet).
  constexpr bool may_be_lossy() const { return lossy() || compression == Compression::kEither; }
};

const TransferSyntax* find_transfer_syntax(std::string_view uid);
std::span<const TransferSyntax> all_transfer_syntaxes();

// The three encodings every reader starts from.
const TransferSyntax& implicit_vr_little_endian();
const TransferSyntax& explicit_vr_little_endian();
const TransferSyntax& explicit_vr_big_endian();

}  // namespace discus::dicom::dict
