#include "net/ul/pdu.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/endian.h"

namespace discus::net::ul {
namespace {

using base::Bytes;
using base::ByteView;
using base::Error;
using base::ErrorCode;
using base::Result;
using base::Status;

Error bad(ErrorCode code, std::string what, std::uint64_t offset) {
  return std::move(Error{code, std::move(what)}.in_file("<pdu>").at_offset(offset));
}

// A cursor over one PDU body; every read checks what is left first.
class Reader {
 public:
  Reader(ByteView b, std::uint64_t base) : b_(b), base_(base) {}
  std::size_t left() const { return b_.size() - pos_; }
  std::uint64_t offset() const { return base_ + pos_; }
  bool done() const { return pos_ == b_.size(); }
  Result<std::uint8_t> u8() {
    if (left() < 1) return bad(ErrorCode::kTruncated, "PDU ends inside a field", offset());
    return b_[pos_++];
  }
  Result<std::uint16_t> u16() {
    if (left() < 2) return bad(ErrorCode::kTruncated, "PDU ends inside a field", offset());
    auto v = base::load_be<std::uint16_t>(b_.data() + pos_);
    pos_ += 2;
    return v;
  }
  Result<std::uint32_t> u32() {
    if (left() < 4) return bad(ErrorCode::kTruncated, "PDU ends inside a field", offset());
    auto v = base::load_be<std::uint32_t>(b_.data() + pos_);
    pos_ += 4;
    return v;
  }
  Result<ByteView> take(std::size_t n, std::string_view what) {
    if (left() < n)
      return bad(ErrorCode::kBadLength, fmt::format("{} of {} bytes runs past its container ({} left)", what, n, left()),
                 offset());
    ByteView v = b_.subspan(pos_, n);
    pos_ += n;
    return v;
  }

 private:
  ByteView b_;
  std::size_t pos_ = 0;
  std::uint64_t base_;
};

// UIDs in items: no padding required, a trailing NUL or space tolerated (DCMTK sends none).
std::string uid_text(ByteView v) {
  std::string s(base::as_chars(v));
  while (!s.empty() && (s.back() == '\0' || s.back() == ' ')) s.pop_back();
  return s;
}

Result<std::string> uid_with_length(Reader& r, std::string_view what) {
  DISCUS_TRY(std::uint16_t n, r.u16());
  DISCUS_TRY(ByteView v, r.take(n, what));
  return uid_text(v);
}

// --- user information sub-items (PS3.7 Annex D, PS3.8 9.3.2.3 / 9.3.3.3) ---------------------
Status decode_sub_item(std::uint8_t type, ByteView v, std::uint64_t at, bool is_rq, UserInformation& ui) {
  Reader r(v, at);
  switch (type) {
    case 0x51: {
      if (v.size() != 4) return bad(ErrorCode::kBadLength, "Maximum Length sub-item is not 4 bytes", at);
      DISCUS_TRY(ui.max_pdu_length, r.u32());
      return {};
    }
    case 0x52:
      ui.implementation_class_uid = uid_text(v);
      return {};
    case 0x55:
      ui.implementation_version_name = uid_text(v);
      return {};
    case 0x53: {
      if (v.size() != 4) return bad(ErrorCode::kBadLength, "Asynchronous Operations Window sub-item is not 4 bytes", at);
      AsyncOperationsWindow w;
      DISCUS_TRY(w.max_operations_invoked, r.u16());
      DISCUS_TRY(w.max_operations_performed, r.u16());
      ui.async_operations = w;
      return {};
    }
    case 0x54: {
      RoleSelection s;
      DISCUS_TRY(s.sop_class_uid, uid_with_length(r, "SCP/SCU Role Selection UID"));
      DISCUS_TRY(std::uint8_t scu, r.u8());
      DISCUS_TRY(std::uint8_t scp, r.u8());
      s.scu_role = scu != 0;
      s.scp_role = scp != 0;
      ui.role_selections.push_back(std::move(s));
      break;
    }
    case 0x56: {
      ExtendedNegotiation e;
      DISCUS_TRY(e.sop_class_uid, uid_with_length(r, "SOP Class Extended Negotiation UID"));
      DISCUS_TRY(ByteView info, r.take(r.left(), "service class application information"));
      e.service_class_application_information.assign(info.begin(), info.end());
      ui.extended_negotiations.push_back(std::move(e));
      return {};
    }
    case 0x57: {
      CommonExtendedNegotiation c;
      DISCUS_TRY(c.sop_class_uid, uid_with_length(r, "SOP Class UID"));
      DISCUS_TRY(c.service_class_uid, uid_with_length(r, "Service Class UID"));
      DISCUS_TRY(std::uint16_t list_length, r.u16());
      DISCUS_TRY(ByteView list, r.take(list_length, "related general SOP class list"));
      Reader lr(list, at);
      while (!lr.done()) {
        DISCUS_TRY(std::string uid, uid_with_length(lr, "related general SOP Class UID"));
        c.related_general_sop_classes.push_back(std::move(uid));
      }
      ui.common_extended_negotiations.push_back(std::move(c));
      break;
    }
    case 0x58: {
      if (!is_rq) return bad(ErrorCode::kBadStructure, "User Identity RQ sub-item in an A-ASSOCIATE-AC", at);
      UserIdentityRq u;
      DISCUS_TRY(u.type, r.u8());
      DISCUS_TRY(std::uint8_t positive, r.u8());
      u.positive_response_requested = positive != 0;
      DISCUS_TRY(std::uint16_t n1, r.u16());
      DISCUS_TRY(ByteView p, r.take(n1, "user identity primary field"));
      DISCUS_TRY(std::uint16_t n2, r.u16());
      DISCUS_TRY(ByteView s, r.take(n2, "user identity secondary field"));
      u.primary_field.assign(p.begin(), p.end());
      u.secondary_field.assign(s.begin(), s.end());
      ui.user_identity_rq = std::move(u);
      break;
    }
    case 0x59: {
      DISCUS_TRY(std::uint16_t n, r.u16());
      DISCUS_TRY(ByteView s, r.take(n, "user identity server response"));
      ui.user_identity_ac = Bytes(s.begin(), s.end());
      break;
    }
    default:
      ui.unknown.push_back(UnknownSubItem{type, Bytes(v.begin(), v.end())});
      return {};
  }
  if (!r.done()) return bad(ErrorCode::kBadLength, fmt::format("sub-item {:02X}H has {} trailing bytes", type, r.left()), r.offset());
  return {};
}

Result<UserInformation> decode_user_information(ByteView v, std::uint64_t at, bool is_rq) {
  UserInformation ui;
  Reader r(v, at);
  bool has_max = false;
  while (!r.done()) {
    const std::uint64_t item_at = r.offset();
    DISCUS_TRY(std::uint8_t type, r.u8());
    DISCUS_TRY(std::uint8_t reserved, r.u8());
    (void)reserved;
    DISCUS_TRY(std::uint16_t n, r.u16());
    DISCUS_TRY(ByteView body, r.take(n, fmt::format("user information sub-item {:02X}H", type)));
    if (type == 0x51) has_max = true;
    DISCUS_CHECK(decode_sub_item(type, body, item_at + 4, is_rq, ui));
  }
  // PS3.7 D.3.3.1: Maximum Length is mandatory. Tolerated when absent (unlimited), as DCMTK does.
  (void)has_max;
  return ui;
}

template <class Assoc>
Result<Assoc> decode_associate(ByteView body, bool is_rq) {
  Assoc a;
  Reader r(body, kPduHeaderLength);
  DISCUS_TRY(a.protocol_version, r.u16());
  // PS3.8 9.3.2: a receiver implementing version 1 only tests bit 0.
  if ((a.protocol_version & 1u) == 0)
    return bad(ErrorCode::kUnsupported, fmt::format("protocol version {:04X}H lacks bit 0", a.protocol_version), 6);
  DISCUS_TRY(ByteView reserved, r.take(2, "reserved"));
  DISCUS_TRY(ByteView called, r.take(16, "Called-AE-title"));
  DISCUS_TRY(ByteView calling, r.take(16, "Calling-AE-title"));
  DISCUS_TRY(ByteView reserved32, r.take(32, "reserved"));
  (void)reserved;
  (void)reserved32;
  a.called_ae_title = trim_ae_title(base::as_chars(called));
  a.calling_ae_title = trim_ae_title(base::as_chars(calling));
  int app_contexts = 0, user_infos = 0;
  while (!r.done()) {
    const std::uint64_t item_at = r.offset();
    DISCUS_TRY(std::uint8_t type, r.u8());
    DISCUS_TRY(std::uint8_t rsv, r.u8());
    (void)rsv;
    DISCUS_TRY(std::uint16_t n, r.u16());
    DISCUS_TRY(ByteView item, r.take(n, fmt::format("item {:02X}H", type)));
    Reader ir(item, item_at + 4);
    if (type == 0x10) {
      a.application_context = uid_text(item);
      ++app_contexts;
    } else if (type == 0x50) {
      DISCUS_TRY(a.user_information, decode_user_information(item, item_at + 4, is_rq));
      ++user_infos;
    } else if (type == 0x20 && is_rq) {
      if constexpr (std::is_same_v<Assoc, AssociateRq>) {
        PresentationContextRq pc;
        DISCUS_TRY(pc.id, ir.u8());
        DISCUS_TRY(ByteView rsv3, ir.take(3, "reserved"));
        (void)rsv3;
        while (!ir.done()) {
          const std::uint64_t sub_at = ir.offset();
          DISCUS_TRY(std::uint8_t st, ir.u8());
          DISCUS_TRY(std::uint8_t sr, ir.u8());
          (void)sr;
          DISCUS_TRY(std::uint16_t sn, ir.u16());
          DISCUS_TRY(ByteView sv, ir.take(sn, fmt::format("sub-item {:02X}H", st)));
          if (st == 0x30) {
            if (!pc.abstract_syntax.empty())
              return bad(ErrorCode::kBadStructure, "presentation context with two abstract syntaxes", sub_at);
            pc.abstract_syntax = uid_text(sv);
          } else if (st == 0x40) {
            pc.transfer_syntaxes.push_back(uid_text(sv));
          } else {
            return bad(ErrorCode::kBadStructure, fmt::format("unexpected sub-item {:02X}H in a presentation context", st), sub_at);
          }
        }
        if (pc.abstract_syntax.empty() || pc.transfer_syntaxes.empty())
          return bad(ErrorCode::kBadStructure, "presentation context without abstract or transfer syntax", item_at);
        a.presentation_contexts.push_back(std::move(pc));
      }
    } else if (type == 0x21 && !is_rq) {
      if constexpr (std::is_same_v<Assoc, AssociateAc>) {
        PresentationContextAc pc;
        DISCUS_TRY(pc.id, ir.u8());
        DISCUS_TRY(std::uint8_t rsv1, ir.u8());
        (void)rsv1;
        DISCUS_TRY(std::uint8_t result, ir.u8());
        DISCUS_TRY(std::uint8_t rsv2, ir.u8());
        (void)rsv2;
        if (result > 4) return bad(ErrorCode::kBadStructure, fmt::format("presentation context result {}", result), item_at);
        pc.result = static_cast<ContextResult>(result);
        while (!ir.done()) {
          DISCUS_TRY(std::uint8_t st, ir.u8());
          DISCUS_TRY(std::uint8_t sr, ir.u8());
          (void)sr;
          DISCUS_TRY(std::uint16_t sn, ir.u16());
          DISCUS_TRY(ByteView sv, ir.take(sn, "transfer syntax sub-item"));
          if (st == 0x40) pc.transfer_syntax = uid_text(sv);
        }
        a.presentation_contexts.push_back(std::move(pc));
      }
    } else {
      return bad(ErrorCode::kBadStructure, fmt::format("unexpected item {:02X}H", type), item_at);
    }
  }
  if (app_contexts != 1 || user_infos != 1)
    return bad(ErrorCode::kBadStructure,
               fmt::format("{} application context and {} user information items (one of each expected)", app_contexts,
                           user_infos),
               kPduHeaderLength);
  if constexpr (std::is_same_v<Assoc, AssociateRq>) {
    if (a.presentation_contexts.empty())
      return bad(ErrorCode::kBadStructure, "A-ASSOCIATE-RQ without a presentation context", kPduHeaderLength);
  }
  return a;
}

Result<PDataTf> decode_p_data(ByteView body) {
  PDataTf p;
  Reader r(body, kPduHeaderLength);
  while (!r.done()) {
    const std::uint64_t at = r.offset();
    DISCUS_TRY(std::uint32_t n, r.u32());
    if (n < 2) return bad(ErrorCode::kBadLength, fmt::format("PDV item length {} (at least 2)", n), at);
    DISCUS_TRY(ByteView item, r.take(n, "PDV item"));
    Pdv v{item[0], item[1], item.subspan(2)};
    if ((v.control & 0xFC) != 0) return bad(ErrorCode::kBadStructure, fmt::format("PDV control header {:02X}H", v.control), at + 5);
    p.pdvs.push_back(v);
  }
  if (p.pdvs.empty()) return bad(ErrorCode::kBadStructure, "P-DATA-TF without a PDV item", kPduHeaderLength);
  return p;
}

// --- encoding ------------------------------------------------------------------------------
void put8(Bytes& o, std::uint8_t v) { o.push_back(v); }
void put16(Bytes& o, std::uint16_t v) {
  o.push_back(static_cast<std::uint8_t>(v >> 8));
  o.push_back(static_cast<std::uint8_t>(v));
}
void put32(Bytes& o, std::uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) o.push_back(static_cast<std::uint8_t>(v >> s));
}
void put_bytes(Bytes& o, ByteView v) { o.insert(o.end(), v.begin(), v.end()); }
void put_text(Bytes& o, std::string_view s) { put_bytes(o, base::as_bytes(s)); }
// Item with a 1-byte type, reserved byte and uint16 length; the body is written by `body`.
template <class F>
void item(Bytes& o, std::uint8_t type, F&& body) {
  put8(o, type);
  put8(o, 0);
  const std::size_t len_at = o.size();
  put16(o, 0);
  body();
  const std::size_t n = o.size() - len_at - 2;
  o[len_at] = static_cast<std::uint8_t>(n >> 8);
  o[len_at + 1] = static_cast<std::uint8_t>(n);
}
void text_item(Bytes& o, std::uint8_t type, std::string_view s) {
  item(o, type, [&] { put_text(o, s); });
}
void uid16(Bytes& o, std::string_view s) {
  put16(o, static_cast<std::uint16_t>(s.size()));
  put_text(o, s);
}
void ae16(Bytes& o, std::string_view title) {
  std::string t(title.substr(0, 16));
  t.resize(16, ' ');
  put_text(o, t);
}

void encode_user_information(Bytes& o, const UserInformation& ui) {
  item(o, 0x50, [&] {
    item(o, 0x51, [&] { put32(o, ui.max_pdu_length); });
    text_item(o, 0x52, ui.implementation_class_uid);
    if (ui.async_operations)
      item(o, 0x53, [&] {
        put16(o, ui.async_operations->max_operations_invoked);
        put16(o, ui.async_operations->max_operations_performed);
      });
    for (const RoleSelection& s : ui.role_selections)
      item(o, 0x54, [&] {
        uid16(o, s.sop_class_uid);
        put8(o, s.scu_role ? 1 : 0);
        put8(o, s.scp_role ? 1 : 0);
      });
    if (!ui.implementation_version_name.empty()) text_item(o, 0x55, ui.implementation_version_name);
    for (const ExtendedNegotiation& e : ui.extended_negotiations)
      item(o, 0x56, [&] {
        uid16(o, e.sop_class_uid);
        put_bytes(o, e.service_class_application_information);
      });
    for (const CommonExtendedNegotiation& c : ui.common_extended_negotiations)
      item(o, 0x57, [&] {
        uid16(o, c.sop_class_uid);
        uid16(o, c.service_class_uid);
        std::size_t n = 0;
        for (const auto& u : c.related_general_sop_classes) n += 2 + u.size();
        put16(o, static_cast<std::uint16_t>(n));
        for (const auto& u : c.related_general_sop_classes) uid16(o, u);
      });
    if (ui.user_identity_rq)
      item(o, 0x58, [&] {
        put8(o, ui.user_identity_rq->type);
        put8(o, ui.user_identity_rq->positive_response_requested ? 1 : 0);
        put16(o, static_cast<std::uint16_t>(ui.user_identity_rq->primary_field.size()));
        put_bytes(o, ui.user_identity_rq->primary_field);
        put16(o, static_cast<std::uint16_t>(ui.user_identity_rq->secondary_field.size()));
        put_bytes(o, ui.user_identity_rq->secondary_field);
      });
    if (ui.user_identity_ac)
      item(o, 0x59, [&] {
        put16(o, static_cast<std::uint16_t>(ui.user_identity_ac->size()));
        put_bytes(o, *ui.user_identity_ac);
      });
    for (const UnknownSubItem& u : ui.unknown) item(o, u.type, [&] { put_bytes(o, u.value); });
  });
}

template <class Assoc>
void encode_associate_frame(Bytes& o, const Assoc& a) {
  put16(o, a.protocol_version);
  put16(o, 0);
  ae16(o, a.called_ae_title);
  ae16(o, a.calling_ae_title);
  o.insert(o.end(), 32, 0);
  text_item(o, 0x10, a.application_context);
}

void begin(Bytes& o, PduType t) {
  put8(o, static_cast<std::uint8_t>(t));
  put8(o, 0);
  put32(o, 0);
}
void finish(Bytes& o) {
  const auto n = static_cast<std::uint32_t>(o.size() - kPduHeaderLength);
  o[2] = static_cast<std::uint8_t>(n >> 24);
  o[3] = static_cast<std::uint8_t>(n >> 16);
  o[4] = static_cast<std::uint8_t>(n >> 8);
  o[5] = static_cast<std::uint8_t>(n);
}

}  // namespace

std::string_view pdu_name(PduType type) {
  switch (type) {
    case PduType::kAssociateRq: return "A-ASSOCIATE-RQ";
    case PduType::kAssociateAc: return "A-ASSOCIATE-AC";
    case PduType::kAssociateRj: return "A-ASSOCIATE-RJ";
    case PduType::kPDataTf: return "P-DATA-TF";
    case PduType::kReleaseRq: return "A-RELEASE-RQ";
    case PduType::kReleaseRp: return "A-RELEASE-RP";
    case PduType::kAbort: return "A-ABORT";
  }
  return "unknown PDU";
}

std::string trim_ae_title(std::string_view padded) {
  std::size_t b = 0, e = padded.size();
  while (b < e && (padded[b] == ' ' || padded[b] == '\0')) ++b;
  while (e > b && (padded[e - 1] == ' ' || padded[e - 1] == '\0')) --e;
  return std::string(padded.substr(b, e - b));
}

bool valid_ae_title(std::string_view title) {
  if (title.empty() || title.size() > 16) return false;
  bool non_space = false;
  for (char c : title) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7E || c == '\\') return false;
    if (c != ' ') non_space = true;
  }
  return non_space;
}

Result<PduHeader> decode_header(ByteView six, std::uint32_t max_length) {
  if (six.size() < kPduHeaderLength) return bad(ErrorCode::kTruncated, "PDU header shorter than 6 bytes", 0);
  const std::uint8_t type = six[0];
  if (type < 0x01 || type > 0x07) return bad(ErrorCode::kBadStructure, fmt::format("unknown PDU type {:02X}H", type), 0);
  PduHeader h{static_cast<PduType>(type), base::load_be<std::uint32_t>(six.data() + 2)};
  const std::uint32_t limit = h.type == PduType::kPDataTf ? max_length : kMaxAssociatePduLength;
  if (h.length > limit)
    return bad(ErrorCode::kLimitExceeded, fmt::format("{} of {} bytes exceeds the maximum of {}", pdu_name(h.type), h.length, limit), 2);
  switch (h.type) {
    case PduType::kAssociateRj: case PduType::kReleaseRq: case PduType::kReleaseRp: case PduType::kAbort:
      if (h.length != 4) return bad(ErrorCode::kBadLength, fmt::format("{} of length {} (4 expected)", pdu_name(h.type), h.length), 2);
      break;
    case PduType::kAssociateRq: case PduType::kAssociateAc:
      if (h.length < 68) return bad(ErrorCode::kBadLength, fmt::format("{} of length {} (at least 68)", pdu_name(h.type), h.length), 2);
      break;
    case PduType::kPDataTf:
      if (h.length < kPdvHeaderLength) return bad(ErrorCode::kBadLength, "P-DATA-TF shorter than one PDV header", 2);
      break;
  }
  return h;
}

Result<Pdu> decode_pdu(const PduHeader& h, ByteView body) {
  if (body.size() != h.length) return bad(ErrorCode::kTruncated, "PDU body shorter than its length", kPduHeaderLength);
  switch (h.type) {
    case PduType::kAssociateRq: {
      DISCUS_TRY(AssociateRq rq, decode_associate<AssociateRq>(body, true));
      return Pdu{std::move(rq)};
    }
    case PduType::kAssociateAc: {
      DISCUS_TRY(AssociateAc ac, decode_associate<AssociateAc>(body, false));
      return Pdu{std::move(ac)};
    }
    case PduType::kAssociateRj: {
      AssociateRj rj;
      if (body[1] < 1 || body[1] > 2 || body[2] < 1 || body[2] > 3)
        return bad(ErrorCode::kBadStructure, fmt::format("A-ASSOCIATE-RJ result {} source {}", body[1], body[2]), 7);
      rj.result = static_cast<RejectResult>(body[1]);
      rj.source = static_cast<RejectSource>(body[2]);
      rj.reason = body[3];
      return Pdu{rj};
    }
    case PduType::kPDataTf: {
      DISCUS_TRY(PDataTf p, decode_p_data(body));
      return Pdu{std::move(p)};
    }
    case PduType::kReleaseRq: return Pdu{ReleaseRq{}};
    case PduType::kReleaseRp: return Pdu{ReleaseRp{}};
    case PduType::kAbort: {
      Abort a;
      a.source = body[2] == 2 ? AbortSource::kServiceProvider : AbortSource::kServiceUser;
      a.reason = body[3];
      return Pdu{a};
    }
  }
  return bad(ErrorCode::kBadStructure, "unknown PDU type", 0);
}

Result<Pdu> decode_pdu(ByteView whole, std::uint32_t max_length) {
  DISCUS_TRY(PduHeader h, decode_header(whole, max_length));
  if (whole.size() - kPduHeaderLength < h.length)
    return bad(ErrorCode::kTruncated, fmt::format("{} ends after {} of {} bytes", pdu_name(h.type), whole.size() - 6, h.length), whole.size());
  if (whole.size() - kPduHeaderLength > h.length)
    return bad(ErrorCode::kBadLength, "bytes after the PDU", kPduHeaderLength + h.length);
  return decode_pdu(h, whole.subspan(kPduHeaderLength));
}

Bytes encode(const Pdu& pdu) {
  Bytes o;
  o.reserve(256);
  std::visit(
      [&](const auto& p) {
        using T = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<T, AssociateRq>) {
          begin(o, PduType::kAssociateRq);
          encode_associate_frame(o, p);
          for (const auto& pc : p.presentation_contexts)
            item(o, 0x20, [&] {
              put8(o, pc.id);
              put8(o, 0);
              put8(o, 0);
              put8(o, 0);
              text_item(o, 0x30, pc.abstract_syntax);
              for (const auto& ts : pc.transfer_syntaxes) text_item(o, 0x40, ts);
            });
          encode_user_information(o, p.user_information);
        } else if constexpr (std::is_same_v<T, AssociateAc>) {
          begin(o, PduType::kAssociateAc);
          encode_associate_frame(o, p);
          for (const auto& pc : p.presentation_contexts)
            item(o, 0x21, [&] {
              put8(o, pc.id);
              put8(o, 0);
              put8(o, static_cast<std::uint8_t>(pc.result));
              put8(o, 0);
              text_item(o, 0x40, pc.transfer_syntax);
            });
          encode_user_information(o, p.user_information);
        } else if constexpr (std::is_same_v<T, AssociateRj>) {
          begin(o, PduType::kAssociateRj);
          put8(o, 0);
          put8(o, static_cast<std::uint8_t>(p.result));
          put8(o, static_cast<std::uint8_t>(p.source));
          put8(o, p.reason);
        } else if constexpr (std::is_same_v<T, PDataTf>) {
          begin(o, PduType::kPDataTf);
          for (const Pdv& v : p.pdvs) {
            put32(o, static_cast<std::uint32_t>(v.data.size() + 2));
            put8(o, v.context_id);
            put8(o, v.control);
            put_bytes(o, v.data);
          }
        } else if constexpr (std::is_same_v<T, ReleaseRq> || std::is_same_v<T, ReleaseRp>) {
          begin(o, std::is_same_v<T, ReleaseRq> ? PduType::kReleaseRq : PduType::kReleaseRp);
          put32(o, 0);
        } else if constexpr (std::is_same_v<T, Abort>) {
          begin(o, PduType::kAbort);
          put8(o, 0);
          put8(o, 0);
          put8(o, static_cast<std::uint8_t>(p.source));
          put8(o, p.reason);
        }
      },
      pdu);
  finish(o);
  return o;
}

void encode_p_data(Bytes& o, std::uint8_t context_id, std::uint8_t control, ByteView fragment) {
  o.clear();
  o.reserve(kPduHeaderLength + kPdvHeaderLength + fragment.size());
  begin(o, PduType::kPDataTf);
  put32(o, static_cast<std::uint32_t>(fragment.size() + 2));
  put8(o, context_id);
  put8(o, control);
  put_bytes(o, fragment);
  finish(o);
}

}  // namespace discus::net::ul
