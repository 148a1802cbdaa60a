// discus::media::profile — check_instance (see instance_check.h).
#include "media/profile/instance_check.h"

#include <algorithm>

#include "dicom/core/tag.h"
#include "dicom/dict/tags.h"
#include "dicom/dict/transfer_syntax.h"
#include "dicom/dict/uid_registry.h"

namespace discus::media::profile {
namespace {

namespace tags = dicom::tags;

using dicom::dict::describe_uid;  // "CT Image Storage [1.2.840.10008.5.1.4.1.1.2]"

std::string describe_list(const std::vector<std::string>& uids, std::size_t max = 8) {
  std::string out;
  for (std::size_t i = 0; i < uids.size() && i < max; ++i) out += (i == 0 ? "" : ", ") + describe_uid(uids[i]);
  if (uids.size() > max) out += ", and " + std::to_string(uids.size() - max) + " more";
  return out;
}

struct Context {
  const ApplicationProfile& p;
  const std::string& file;
  std::vector<base::Finding>& out;
  void add(std::string rule, base::Severity s, dicom::Tag tag, std::string message, std::string reference) const {
    out.push_back(base::Finding{std::move(rule), s, file, tag.value == 0 ? "" : dicom::to_string(tag),
                                std::move(message), std::move(reference), false});
  }
};

std::vector<std::string> allowed_sop_classes(const ApplicationProfile& p) {
  std::vector<std::string> out;
  for (const SopClassRule& r : p.sop_classes) out.push_back(r.sop_class_uid);
  return out;
}

void check_sop_class(const Context& c, const std::string& sop) {
  const ApplicationProfile& p = c.p;
  std::string why;
  if (p.any_storage_sop_class) {
    if (is_storage_sop_class_any_status(sop))
      why = describe_uid(sop) + " is retired in PS3.6; " + p.id + " allows only current Media Storage SOP Classes";
    else
      why = describe_uid(sop) + " is not a Media Storage SOP Class; " + p.id + " allows any Media Storage SOP Class";
  } else {
    why = describe_uid(sop) + " is not allowed on " + p.id + "; allowed: " + describe_list(allowed_sop_classes(p));
  }
  c.add("profile.sop-class", base::Severity::kError, tags::SOPClassUID, why, p.sop_class_reference);
}

void check_transfer_syntax(const Context& c, const std::string& sop, std::string_view ts,
                           const std::vector<std::string>& allowed, const dicom::DataSet& ds) {
  const ApplicationProfile& p = c.p;
  const bool listed = std::find(allowed.begin(), allowed.end(), ts) != allowed.end();
  if (!listed) {
    const std::string what = ts.empty() ? std::string("no transfer syntax given") : "transfer syntax " + describe_uid(ts);
    c.add("profile.transfer-syntax", base::Severity::kError, tags::TransferSyntaxUID,
          what + " is not allowed for " + describe_uid(sop) + " on " + p.id + "; allowed: " + describe_list(allowed),
          p.sop_class_reference);
    return;
  }
  const auto& mf = p.multi_frame_transfer_syntaxes;
  if (std::find(mf.begin(), mf.end(), ts) != mf.end() && !ds.contains(tags::NumberOfFrames)) {
    c.add("profile.transfer-syntax", base::Severity::kError, tags::TransferSyntaxUID,
          "transfer syntax " + describe_uid(ts) + " is allowed on " + p.id +
              " only for multi-frame instances, and this one has no Number of Frames (0028,0008)",
          p.sop_class_reference);
  }
}

void check_pixel_limit(const Context& c, const dicom::DataSet& ds, dicom::Tag tag, const char* name,
                       const std::optional<unsigned>& limit) {
  if (!limit) return;
  const std::optional<std::uint16_t> v = ds.get_uint16(tag);
  if (!v || *v <= *limit) return;
  c.add("profile.pixel-limit", base::Severity::kError, tag,
        std::string(name) + " " + std::to_string(*v) + " exceeds " + std::to_string(*limit) + " allowed on " + c.p.id,
        c.p.pixel_limits_reference);
}

void note_security(const Context& c) {
  const ApplicationProfile& p = c.p;
  if (p.security == "secure-dicom-files") {
    c.add("profile.secure", base::Severity::kInfo, dicom::Tag{},
          p.id + " is a secure profile: this file and the DICOMDIR are written as Secure DICOM Files "
                 "(CMS envelope, PS3.15 Basic DICOM Media Security Profile)",
          p.security_reference);
  } else if (p.security == "secure-email") {
    c.add("profile.secure", base::Severity::kInfo, dicom::Tag{},
          p.id + " is carried by secure e-mail (PS3.15 Secure Use of Email Transport): the ZIP travels in an "
                 "S/MIME protected message",
          p.security_reference);
  }
}

}  // namespace

std::vector<base::Finding> check_instance(const ApplicationProfile& p, const dicom::DataSet& ds,
                                          std::string_view transfer_syntax_uid, const std::string& file) {
  std::vector<base::Finding> out;
  const Context c{p, file, out};
  if (p.retired) {
    c.add("profile.retired", base::Severity::kWarning, dicom::Tag{},
          p.id + " is retired from PS3.11: media may be read, not created", p.reference);
  }
  std::optional<std::string_view> sop = ds.get_string(tags::SOPClassUID);
  if (!sop || sop->empty()) sop = ds.get_string(tags::MediaStorageSOPClassUID);
  if (!sop || sop->empty()) {
    c.add("profile.sop-class", base::Severity::kError, tags::SOPClassUID,
          "SOP Class UID (0008,0016) is absent: the instance cannot be matched to " + p.id, p.sop_class_reference);
  } else {
    const std::string sop_uid(*sop);
    const std::vector<std::string> allowed = p.transfer_syntaxes_for(sop_uid);
    if (allowed.empty())
      check_sop_class(c, sop_uid);
    else
      check_transfer_syntax(c, sop_uid, transfer_syntax_uid, allowed, ds);
  }
  check_pixel_limit(c, ds, tags::Rows, "Rows (0028,0010)", p.max_rows);
  check_pixel_limit(c, ds, tags::Columns, "Columns (0028,0011)", p.max_columns);
  note_security(c);
  return out;
}

}  // namespace discus::media::profile
