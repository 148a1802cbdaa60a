// discus::media::label — printed disc labels: study data -> merge fields -> SVG template -> PDF
// for people, PNG/JPEG/BMP at a printer's resolution for robots (issue 18 item 4).
//
// A template is an SVG file with `{{field}}` merge fields and a version attribute
// (profiles/labels/README.md documents the format, version 1). Values are XML-escaped when merged,
// so a crafted patient name is text on the label, never markup. Text comes from the DICOM files
// through their Specific Character Set (PS3.3 C.12.1.1.2) as UTF-8; person names (PS3.5 6.2 PN)
// are formatted for people. Rendering is librsvg + cairo in a module loaded on first use
// (renderer_module.cc, the one adapter; render.cc loads it), fonts through fontconfig, so
// Japanese, Greek and Arabic names are drawn with real glyphs.
//   DISCUS_TRY(LabelData d, label_data_from_study("study/"));  d.disc_number = 1; d.disc_count = 2;
//   DISCUS_TRY(std::string svg, merge(load_template(default_template_path(Medium::kCd)), d));
//   DISCUS_TRY(base::Bytes pdf, render(svg, Format::kPdf));   // or render(svg, Format::kJpeg, 300)
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"

namespace discus::media::label {

// The template format version this code reads (the `discus:label-version` attribute of the root
// <svg>). A template of another version is refused rather than half understood.
inline constexpr int kTemplateVersion = 1;

// One study of the label's data, in study date order.
struct StudyLabel {
  std::string uid;          // Study Instance UID
  std::string date;         // "2024-03-01" (ISO 8601 from the DA value), or empty
  std::string time;         // "14:03" from the TM value, or empty
  std::string description;  // Study Description, UTF-8
  std::string accession_number;
  std::vector<std::string> modalities;  // sorted, each once
  std::uint32_t instances = 0;
};

// Everything a label can show, as UTF-8 text ready to be read by a person (not yet escaped).
struct LabelData {
  // The patient's name in its own script: the ideographic PN group when there is one (山田 太郎),
  // else the alphabetic group formatted "Family, Given Middle" (PS3.5 6.2.1.1), else phonetic.
  std::string patient_name;
  std::string patient_name_alphabetic, patient_name_ideographic, patient_name_phonetic;
  std::string patient_id;
  std::string patient_birth_date;  // "1970-01-31"
  std::string patient_sex;         // M, F, O as stored
  std::uint32_t other_patients = 0;  // patients on the disc beyond the one named
  std::string institution;
  std::vector<StudyLabel> studies;
  std::uint32_t disc_number = 1, disc_count = 1;
  std::string confidential_notice = "Contains confidential medical data";
  // What the QR code holds: the verification URL when one is configured (its `{{study_uid}}` is
  // replaced by the first study's UID), else the first study's UID.
  std::string verification_url;
  std::string label_date;  // the day the label was made, "2026-12-07"; empty: not shown
  // Caller-supplied fields (a site's own text), merged as {{name}}; they never replace the above.
  std::map<std::string, std::string> extra;
};

// Reads the headers of every DICOM file under `path` (a folder, a file-set, or one file; pixel data
// is not read) and gathers the label's data. Files that are not DICOM are skipped; no DICOM file
// at all is kNotFound. The first patient in file order is the one named.
base::Result<LabelData> label_data_from_study(const std::string& path);

// The merge fields as name -> value (UTF-8, not escaped): what templates see, and what a vendor's
// own label design can be given as merge data (Epson REPLACE_FIELD, PTBurn MergeField).
// Names: patient_name, patient_name_alphabetic, patient_name_ideographic, patient_name_phonetic,
// patient_name_other, patient_id, patient_birth_date, patient_sex, institution, study_uid,
// study_date, study_time, study_description, accession_number, study_dates, study_descriptions,
// study_count, modality, disc_number, disc_count, confidential_notice, qr_text, label_date,
// and each `extra` entry.
std::map<std::string, std::string> merge_fields(const LabelData& data);

// XML-escapes `text` for element content and attribute values (& < > " '), drops the characters
// XML 1.0 forbids (C0 controls other than tab and newline, U+FFFE/U+FFFF) and repairs invalid UTF-8.
std::string xml_escape(std::string_view text);

// A template as read from a file, checked: an <svg> root with discus:label-version="1".
struct Template {
  std::string path;  // for messages
  std::string svg;
};
base::Result<Template> load_template(const std::string& path);
base::Result<Template> parse_template(std::string svg, std::string path = "<template>");

enum class Medium { kCd, kDvd };
// profiles/labels/{cd,dvd}.svg under the profile directory ($DISCUS_PROFILE_DIR or the installed one).
std::string default_template_path(Medium medium);

// Replaces each {{name}} (or {{name:N}}, at most N characters, "…" when cut) with its escaped
// value and each <discus:qr .../> element with the QR code (ISO/IEC 18004) of qr_text drawn in
// its x/y/width/height box. An unknown field name is kInvalidArgument naming it, so a typo in a
// template fails loudly instead of printing an empty line.
base::Result<std::string> merge(const Template& tmpl, const LabelData& data);
base::Result<std::string> merge(const Template& tmpl, const std::map<std::string, std::string>& fields);

enum class Format { kPdf, kPng, kJpeg, kBmp };
// "pdf", "png", "jpg"/"jpeg", "bmp" (any case); nullopt-like kInvalidArgument otherwise.
base::Result<Format> parse_format(std::string_view name);
std::string_view extension(Format format);  // "pdf", "png", "jpg", "bmp"

// Renders a merged SVG (kUnsupported when the renderer module cannot be loaded). PDF: vector, text as text (searchable, pdftotext extracts it), page the
// size of the template. PNG/JPEG/BMP: `dpi` pixels per inch (a robot's printer: 300 or 600),
// 24-bit RGB on white (no alpha: label printers print white as no ink).
base::Result<base::Bytes> render(std::string_view svg, Format format, double dpi = 300);

// merge() then render(): one disc's finished label, what a robot driver makes per disc.
base::Result<base::Bytes> make_label(const Template& tmpl, const LabelData& data, Format format, double dpi = 300);

}  // namespace discus::media::label
