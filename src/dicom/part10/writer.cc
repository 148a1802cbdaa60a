#include "dicom/part10/writer.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/endian.h"
#include "dicom/dict/dictionary.h"
#include "dicom/dict/tags.h"
#include "dicom/dict/uids.h"

namespace discus::dicom::part10 {

using base::Bytes;
using base::Error;
using base::ErrorCode;
using base::Result;
using base::Status;

namespace {

constexpr std::uint32_t kUndefined = 0xFFFFFFFFu;
constexpr std::size_t kCopyChunk = 1u << 20;

struct Enc {
  bool explicit_vr;
};

class Encoder {
 public:
  Encoder(const WriteOptions& opt, bool encapsulated_ok) : opt_(opt), encapsulated_ok_(encapsulated_ok) {}

  Status dataset(OutputStream& out, const DataSet& ds, Enc enc) {
    for (const Element& e : ds) DISCUS_CHECK(element(out, e, enc));
    return {};
  }

 private:
  Status header(OutputStream& out, Tag tag, VR vr, std::uint32_t length, Enc enc) {
    std::uint8_t b[12];
    base::store_le(b, tag.group());
    base::store_le(b + 2, tag.element());
    if (!enc.explicit_vr || vr == VR::None) {
      base::store_le(b + 4, length);
      return out.write(base::ByteView(b, 8));
    }
    const auto code = static_cast<std::uint16_t>(vr);
    b[4] = static_cast<std::uint8_t>(code >> 8);
    b[5] = static_cast<std::uint8_t>(code & 0xFF);
    if (has_long_header(vr)) {
      b[6] = b[7] = 0;
      base::store_le(b + 8, length);
      return out.write(base::ByteView(b, 12));
    }
    base::store_le(b + 6, static_cast<std::uint16_t>(length));
    return out.write(base::ByteView(b, 8));
  }

  Status value(OutputStream& out, const Value& v) {
    if (!v.deferred) return out.write(v.bytes);
    if (out.counting_only()) {
      out.count(v.deferred->length);
      return {};
    }
    // Bounded copy from the source file; big-endian sources are swapped chunk by chunk.
    const DeferredValue& d = *v.deferred;
    if (!d.file) return Error{ErrorCode::kInvalidArgument, "a value left unread by a headers-only read cannot be written"};
    Bytes buf(static_cast<std::size_t>(std::min<std::uint64_t>(kCopyChunk, d.length)));
    for (std::uint64_t done = 0; done < d.length;) {
      const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(buf.size(), d.length - done));
      DISCUS_CHECK(d.file->read_at(d.offset + done, std::span(buf.data(), n)));
      base::swap_words(buf.data(), n, d.swap_width);
      DISCUS_CHECK(out.write(base::ByteView(buf.data(), n)));
      done += n;
    }
    return {};
  }

  bool undefined(const Element& e) const {
    switch (opt_.sequence_lengths) {
      case SequenceLengths::kAsRead: return e.undefined_length;
      case SequenceLengths::kDefined: return false;
      case SequenceLengths::kUndefined: return true;
    }
    return false;
  }

  Status element(OutputStream& out, const Element& e, Enc enc) {
    if (e.tag.is_group_length() && e.tag.group() != 0x0002 && !opt_.keep_group_lengths) return {};
    if (e.tag == tags::DataSetTrailingPadding) return {};
    switch (e.kind) {
      case Element::Kind::kSequence: return sequence(out, e, enc);
      case Element::Kind::kEncapsulated: return encapsulated(out, e, enc);
      case Element::Kind::kPrimitive: return primitive(out, e, enc);
    }
    return {};
  }

  Status primitive(OutputStream& out, const Element& e, Enc enc) {
    VR vr = e.vr == VR::None || e.vr == VR::SQ ? VR::UN : e.vr;
    const std::uint64_t size = e.value.size();
    const std::uint64_t padded = size + (size % 2);
    if (padded >= kUndefined)
      return Error{ErrorCode::kLimitExceeded, fmt::format("{} value of {} bytes cannot be encoded", to_string(e.tag), size)};
    // PS3.5 6.2.2: a value too long for the 16-bit length of its VR is written as UN.
    if (enc.explicit_vr && !has_long_header(vr) && padded > 0xFFFF) vr = VR::UN;
    DISCUS_CHECK(header(out, e.tag, vr, static_cast<std::uint32_t>(padded), enc));
    DISCUS_CHECK(value(out, e.value));
    if (padded != size) {
      const std::uint8_t pad = padding_byte(vr);
      DISCUS_CHECK(out.write(base::ByteView(&pad, 1)));
    }
    return {};
  }

  Status sequence(OutputStream& out, const Element& e, Enc enc) {
    VR vr = VR::SQ;
    Enc item_enc = enc;
    bool undef = undefined(e);
    if (e.vr == VR::UN && enc.explicit_vr) {
      // A UN sequence (PS3.5 6.2.2): written as SQ when the dictionary knows it, else kept as UN
      // with undefined length and implicit VR little endian items.
      const dict::DictEntry* d = dict::find(e.tag);
      if (d == nullptr || d->vr != VR::SQ) {
        vr = VR::UN;
        item_enc = Enc{false};
        undef = true;
      }
    }
    // Each item is measured once; the sequence length is the sum (PS3.5 7.5.1).
    std::vector<std::uint32_t> sizes;
    std::uint64_t total = 0;
    if (!undef) {
      for (const DataSet& item : e.items) {
        CountingOutputStream counter;
        DISCUS_CHECK(dataset(counter, item, item_enc));
        if (counter.bytes_written() >= kUndefined)
          return Error{ErrorCode::kLimitExceeded, fmt::format("an item of {} is too long for a defined length", to_string(e.tag))};
        sizes.push_back(static_cast<std::uint32_t>(counter.bytes_written()));
        total += 8 + counter.bytes_written();
      }
      if (total >= kUndefined)
        return Error{ErrorCode::kLimitExceeded, fmt::format("{} is too long for a defined length", to_string(e.tag))};
    }
    DISCUS_CHECK(header(out, e.tag, vr, undef ? kUndefined : static_cast<std::uint32_t>(total), enc));
    for (std::size_t i = 0; i < e.items.size(); ++i) {
      DISCUS_CHECK(header(out, kItemTag, VR::None, undef ? kUndefined : sizes[i], item_enc));
      DISCUS_CHECK(dataset(out, e.items[i], item_enc));
      if (undef) DISCUS_CHECK(header(out, kItemDelimitationTag, VR::None, 0, item_enc));
    }
    if (undef) DISCUS_CHECK(header(out, kSequenceDelimitationTag, VR::None, 0, enc));
    return {};
  }

  Status encapsulated(OutputStream& out, const Element& e, Enc enc) {
    if (!encapsulated_ok_)
      return Error{ErrorCode::kUnsupported,
                   fmt::format("{} holds encapsulated (compressed) pixel data; writing it in a native transfer syntax "
                               "needs decompression, which this command does not do",
                               to_string(e.tag))};
    DISCUS_CHECK(header(out, e.tag, VR::OB, kUndefined, enc));
    for (const Value& f : e.fragments) {
      const std::uint64_t size = f.size();
      const std::uint64_t padded = size + (size % 2);  // PS3.5 A.4: fragments have even length
      if (padded >= kUndefined) return Error{ErrorCode::kLimitExceeded, "pixel data fragment too long"};
      DISCUS_CHECK(header(out, kItemTag, VR::None, static_cast<std::uint32_t>(padded), enc));
      DISCUS_CHECK(value(out, f));
      if (padded != size) {
        const std::uint8_t zero = 0;
        DISCUS_CHECK(out.write(base::ByteView(&zero, 1)));
      }
    }
    return header(out, kSequenceDelimitationTag, VR::None, 0, enc);
  }

  const WriteOptions& opt_;
  bool encapsulated_ok_;
};

Result<const dict::TransferSyntax*> writable_syntax(const WriteOptions& opt) {
  const std::string_view uid = opt.transfer_syntax_uid.empty() ? uids::ExplicitVRLittleEndian : std::string_view(opt.transfer_syntax_uid);
  const dict::TransferSyntax* ts = dict::find_transfer_syntax(uid);
  if (ts == nullptr) return Error{ErrorCode::kInvalidArgument, fmt::format("unknown transfer syntax '{}'", uid)};
  if (ts->big_endian)
    return Error{ErrorCode::kUnsupported, "Explicit VR Big Endian is retired (PS3.5 A.3); Discus reads it but never writes it"};
  if (ts->pixel == dict::PixelEncoding::kReferenced)
    return Error{ErrorCode::kUnsupported, fmt::format("{} is not used for files", ts->name)};
  return ts;
}

Status write_meta(OutputStream& out, const DataSet& meta) {
  MemoryOutputStream body;
  Encoder enc(WriteOptions{}, false);
  DataSet rest = meta;
  rest.erase(tags::FileMetaInformationGroupLength);
  DISCUS_CHECK(enc.dataset(body, rest, Enc{true}));
  DataSet gl;
  gl.set_uint32(tags::FileMetaInformationGroupLength, static_cast<std::uint32_t>(body.bytes().size()));
  DISCUS_CHECK(enc.dataset(out, gl, Enc{true}));
  return out.write(body.bytes());
}

Status write_whole(OutputStream& out, const DataSet& dataset, const DataSet* source_meta, const WriteOptions& opt) {
  DISCUS_TRY(const dict::TransferSyntax* ts, writable_syntax(opt));
  DISCUS_TRY(DataSet meta, build_file_meta(dataset, *ts, source_meta, opt));
  Bytes preamble(128, 0);  // PS3.10 7.1: unused preamble is all 00H
  preamble.insert(preamble.end(), {'D', 'I', 'C', 'M'});
  DISCUS_CHECK(out.write(preamble));
  DISCUS_CHECK(write_meta(out, meta));
  return write_dataset(out, dataset, *ts, opt);
}

}  // namespace

Result<DataSet> build_file_meta(const DataSet& dataset, const dict::TransferSyntax& ts, const DataSet* source_meta,
                                const WriteOptions& options) {
  auto uid_of = [&](Tag in_dataset, Tag in_meta) -> std::optional<std::string_view> {
    if (auto v = dataset.get_string(in_dataset); v && !v->empty()) return v;
    if (source_meta != nullptr)
      if (auto v = source_meta->get_string(in_meta); v && !v->empty()) return v;
    return std::nullopt;
  };
  const auto sop_class = uid_of(tags::SOPClassUID, tags::MediaStorageSOPClassUID);
  const auto sop_instance = uid_of(tags::SOPInstanceUID, tags::MediaStorageSOPInstanceUID);
  if ((!sop_class || !sop_instance) && options.require_sop_uids)
    return Error{ErrorCode::kInvalidArgument,
                 "SOP Class UID (0008,0016) or SOP Instance UID (0008,0018) missing: no File Meta Information can be written"};
  DataSet meta;
  meta.set_bytes(tags::FileMetaInformationVersion, VR::OB, Bytes{0x00, 0x01});
  meta.set_string(tags::MediaStorageSOPClassUID, VR::UI, sop_class.value_or(""));
  meta.set_string(tags::MediaStorageSOPInstanceUID, VR::UI, sop_instance.value_or(""));
  meta.set_string(tags::TransferSyntaxUID, VR::UI, ts.uid);
  meta.set_string(tags::ImplementationClassUID, VR::UI, kImplementationClassUID);
  meta.set_string(tags::ImplementationVersionName, VR::SH, kImplementationVersionName);
  if (source_meta != nullptr) {
    for (const Tag t : {tags::SourceApplicationEntityTitle, tags::SendingApplicationEntityTitle,
                        tags::ReceivingApplicationEntityTitle, tags::SourcePresentationAddress,
                        tags::SendingPresentationAddress, tags::ReceivingPresentationAddress,
                        tags::PrivateInformationCreatorUID, tags::PrivateInformation})
      if (const Element* e = source_meta->find(t)) meta.insert(*e);
  }
  if (!options.source_ae_title.empty()) meta.set_string(tags::SourceApplicationEntityTitle, VR::AE, options.source_ae_title);
  return meta;
}

Status write_dataset(OutputStream& out, const DataSet& dataset, const dict::TransferSyntax& ts, const WriteOptions& options) {
  Encoder encoder(options, ts.encapsulated());
  if (!ts.deflated) return encoder.dataset(out, dataset, Enc{ts.explicit_vr});
  DISCUS_TRY(auto deflater, DeflateOutputStream::create(out, options.deflate_level));
  DISCUS_CHECK(encoder.dataset(*deflater, dataset, Enc{true}));
  DISCUS_TRY(const std::uint64_t compressed, deflater->finish());
  if (compressed % 2 != 0) {  // PS3.5 A.5: pad an odd deflated stream with one 00H
    const std::uint8_t zero = 0;
    DISCUS_CHECK(out.write(base::ByteView(&zero, 1)));
  }
  return {};
}

Result<std::uint64_t> encoded_size(const DataSet& dataset, const dict::TransferSyntax& ts, const WriteOptions& options) {
  CountingOutputStream counter;
  Encoder encoder(options, ts.encapsulated());
  DISCUS_CHECK(encoder.dataset(counter, dataset, Enc{ts.explicit_vr}));
  return counter.bytes_written();
}

Status write_file(const std::string& path, const DataSet& dataset, const DataSet* source_meta, const WriteOptions& options) {
  DISCUS_TRY(auto file, base::AtomicOutputFile::create(path));
  FileOutputStream out(std::move(file), options.sync);
  if (auto st = write_whole(out, dataset, source_meta, options); !st) {
    Error e = std::move(st).error();
    if (e.file.empty()) e.file = path;
    return e;
  }
  return out.commit();
}

Result<Bytes> write_memory(const DataSet& dataset, const DataSet* source_meta, const WriteOptions& options) {
  MemoryOutputStream out;
  DISCUS_CHECK(write_whole(out, dataset, source_meta, options));
  return std::move(out.bytes());
}

}  // namespace discus::dicom::part10
