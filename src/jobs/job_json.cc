#include "jobs/job_json.h"

#include <algorithm>

#include <fmt/format.h>

namespace discus::jobs {
namespace {

using nlohmann::json;

base::Error bad(std::string_view path, std::string_view what) {
  return base::Error{base::ErrorCode::kInvalidArgument, fmt::format("{}: {}", path, what)};
}

// Reads an optional member of the expected JSON type; a wrong type is an error, not a default.
template <typename T>
base::Status read(const json& obj, std::string_view key, std::string_view path, T& out) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return {};
  try {
    out = it->get<T>();
  } catch (const json::exception&) {
    return bad(fmt::format("{}/{}", path, key), fmt::format("wrong type ({})", it->type_name()));
  }
  return {};
}

// A member this version does not know is refused, not ignored: a misspelt "copise" must not
// quietly make one copy instead of three.
base::Status known_keys(const json& obj, std::string_view path, std::initializer_list<std::string_view> keys) {
  for (auto it = obj.begin(); it != obj.end(); ++it)
    if (std::find(keys.begin(), keys.end(), it.key()) == keys.end())
      return bad(fmt::format("{}/{}", path, it.key()), "unknown member");
  return {};
}

json label_json(const LabelFields& l) {
  return {{"label_using_information_extracted_from_instances", l.label_using_information_extracted_from_instances},
          {"label_text", l.label_text},
          {"label_style_selection", l.label_style_selection},
          {"barcode_value", l.barcode_value},
          {"barcode_symbology", l.barcode_symbology},
          {"media_disposition", l.media_disposition}};
}

base::Status read_label(const json& j, LabelFields& l) {
  if (!j.is_object()) return bad("/author/label", "not an object");
  DISCUS_CHECK(known_keys(j, "/author/label",
                          {"label_using_information_extracted_from_instances", "label_text", "label_style_selection",
                           "barcode_value", "barcode_symbology", "media_disposition"}));
  DISCUS_CHECK(read(j, "label_using_information_extracted_from_instances", "/author/label",
                    l.label_using_information_extracted_from_instances));
  DISCUS_CHECK(read(j, "label_text", "/author/label", l.label_text));
  DISCUS_CHECK(read(j, "label_style_selection", "/author/label", l.label_style_selection));
  DISCUS_CHECK(read(j, "barcode_value", "/author/label", l.barcode_value));
  DISCUS_CHECK(read(j, "barcode_symbology", "/author/label", l.barcode_symbology));
  return read(j, "media_disposition", "/author/label", l.media_disposition);
}

base::Status read_author(const json& j, AuthorMedium& a) {
  if (!j.is_object()) return bad("/author", "not an object");
  DISCUS_CHECK(known_keys(j, "/author", {"profile", "inputs", "copies", "label", "target", "preserve_composite_instances",
                                         "include_display_application", "fileset_id", "encryption"}));
  DISCUS_CHECK(read(j, "profile", "/author", a.profile));
  DISCUS_CHECK(read(j, "inputs", "/author", a.inputs));
  DISCUS_CHECK(read(j, "copies", "/author", a.copies));
  DISCUS_CHECK(read(j, "preserve_composite_instances", "/author", a.preserve_composite_instances));
  DISCUS_CHECK(read(j, "include_display_application", "/author", a.include_display_application));
  DISCUS_CHECK(read(j, "fileset_id", "/author", a.fileset_id));
  if (auto it = j.find("label"); it != j.end()) DISCUS_CHECK(read_label(*it, a.label));
  if (auto it = j.find("encryption"); it != j.end() && !it->is_null()) {
    if (!it->is_object()) return bad("/author/encryption", "not an object");
    // The password is taken out by the API before this parse (it never reaches the queue).
    if (it->contains("password"))
      return bad("/author/encryption/password", "a password is taken by the service's submit only, never stored in a spec");
    DISCUS_CHECK(known_keys(*it, "/author/encryption", {"password_from"}));
    a.encryption_password_from = "service";
    DISCUS_CHECK(read(*it, "password_from", "/author/encryption", a.encryption_password_from));
    if (a.encryption_password_from != "service" && a.encryption_password_from != "client")
      return bad("/author/encryption/password_from", "must be \"service\" or \"client\"");
  }
  if (auto it = j.find("target"); it != j.end()) {
    if (!it->is_object()) return bad("/author/target", "not an object");
    DISCUS_CHECK(known_keys(*it, "/author/target", {"kind", "where"}));
    std::string kind = "image-dir";
    DISCUS_CHECK(read(*it, "kind", "/author/target", kind));
    auto k = target_kind_from_string(kind);
    if (!k) return bad("/author/target/kind", fmt::format("unknown target \"{}\"", kind));
    a.target.kind = *k;
    DISCUS_CHECK(read(*it, "where", "/author/target", a.target.where));
  }
  return {};
}

}  // namespace

json to_json(const JobSpec& s) {
  json j = {{"kind", to_string(s.kind)}, {"priority", s.priority}, {"submitted_by", s.submitted_by}};
  switch (s.kind) {
    case JobKind::kAuthor:
      j["author"] = {{"profile", s.author.profile},
                     {"inputs", s.author.inputs},
                     {"copies", s.author.copies},
                     {"label", label_json(s.author.label)},
                     {"target", {{"kind", to_string(s.author.target.kind)}, {"where", s.author.target.where}}},
                     {"preserve_composite_instances", s.author.preserve_composite_instances},
                     {"include_display_application", s.author.include_display_application},
                     {"fileset_id", s.author.fileset_id}};
      if (!s.author.encryption_password_from.empty())
        j["author"]["encryption"] = {{"password_from", s.author.encryption_password_from}};
      break;
    case JobKind::kImport: j["import"] = {{"source", s.import.source}, {"destination", s.import.destination}}; break;
    case JobKind::kSend: j["send"] = {{"inputs", s.send.inputs}, {"node", s.send.node}}; break;
    case JobKind::kNoop: break;
  }
  if (!s.release.recipient.empty() || !s.release.purpose.empty())
    j["release"] = {{"recipient", s.release.recipient}, {"purpose", s.release.purpose}};
  if (!s.stop_after_copy.empty()) j["stop_after_copy"] = s.stop_after_copy;
  return j;
}

json to_json(const Copy& c) {
  return {{"n", c.n},           {"attempt", c.attempt}, {"state", to_string(c.state)},
          {"verified", c.verified}, {"output", c.output}, {"reason", c.reason}};
}

json to_json(const Event& e) {
  return {{"type", e.n == 0 ? "job-state" : "copy-state"},
          {"seq", e.seq},
          {"time_ms", e.time_ms},
          {"job", e.job},
          {"n", e.n},
          {"attempt", e.attempt},
          {"from", e.from},
          {"to", e.to},
          {"station", e.station},
          {"detail", e.detail}};
}

json to_summary_json(const Job& job) {
  json copies = json::array();
  for (const Copy& c : job.current_copies()) copies.push_back(to_json(c));
  json j = {{"id", job.id},
            {"kind", to_string(job.spec.kind)},
            {"state", to_string(job.state)},
            {"priority", job.spec.priority},
            {"submitted_by", job.spec.submitted_by},
            {"created_ms", job.created_ms},
            {"updated_ms", job.updated_ms},
            {"copies", std::move(copies)}};
  if (!job.hold_reason.empty()) j["hold_reason"] = job.hold_reason;
  if (!job.error.empty()) j["error"] = job.error;
  if (!job.lease_owner.empty()) j["station"] = job.lease_owner;
  return j;
}

json to_json(const Job& job) {
  json j = to_summary_json(job);
  json attempts = json::array();
  for (const Copy& c : job.copies) attempts.push_back(to_json(c));
  j["attempts"] = std::move(attempts);
  j["spec"] = to_json(job.spec);
  return j;
}

base::Result<JobSpec> spec_from_json(const json& j) {
  if (!j.is_object()) return bad("", "a job spec is a JSON object");
  DISCUS_CHECK(known_keys(j, "", {"kind", "priority", "submitted_by", "author", "import", "send", "release", "stop_after_copy"}));
  JobSpec s;
  std::string kind;
  DISCUS_CHECK(read(j, "kind", "", kind));
  auto k = job_kind_from_string(kind);
  if (!k) return bad("/kind", fmt::format("unknown job kind \"{}\" (author, import, send, noop)", kind));
  s.kind = *k;
  DISCUS_CHECK(read(j, "priority", "", s.priority));
  DISCUS_CHECK(read(j, "submitted_by", "", s.submitted_by));
  DISCUS_CHECK(read(j, "stop_after_copy", "", s.stop_after_copy));
  if (auto it = j.find("author"); it != j.end()) DISCUS_CHECK(read_author(*it, s.author));
  if (auto it = j.find("import"); it != j.end()) {
    if (!it->is_object()) return bad("/import", "not an object");
    DISCUS_CHECK(known_keys(*it, "/import", {"source", "destination"}));
    DISCUS_CHECK(read(*it, "source", "/import", s.import.source));
    DISCUS_CHECK(read(*it, "destination", "/import", s.import.destination));
  }
  if (auto it = j.find("send"); it != j.end()) {
    if (!it->is_object()) return bad("/send", "not an object");
    DISCUS_CHECK(known_keys(*it, "/send", {"inputs", "node"}));
    DISCUS_CHECK(read(*it, "inputs", "/send", s.send.inputs));
    DISCUS_CHECK(read(*it, "node", "/send", s.send.node));
  }
  if (auto it = j.find("release"); it != j.end()) {
    if (!it->is_object()) return bad("/release", "not an object");
    DISCUS_CHECK(known_keys(*it, "/release", {"recipient", "purpose"}));
    DISCUS_CHECK(read(*it, "recipient", "/release", s.release.recipient));
    DISCUS_CHECK(read(*it, "purpose", "/release", s.release.purpose));
  }
  DISCUS_CHECK(validate(s));
  return s;
}

base::Result<JobSpec> spec_from_text(std::string_view text) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return bad("", "not valid JSON");
  return spec_from_json(j);
}

}  // namespace discus::jobs
