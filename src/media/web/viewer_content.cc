// discus::media::web — the disc viewer and its data for a medium (see viewer_content.h).
#include "media/web/viewer_content.h"
#include "media/web/medium_index.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "base/base64.h"
#include "base/parallel.h"
#include "base/text.h"
#include "codec/render/png.h"
#include "codec/render/render.h"
#include "codec/render/resize.h"
#include "dicom/charset/specific_character_set.h"
#include "dicom/dict/tags.h"
#include "dicom/dict/transfer_syntax.h"
#include "dicom/part10/reader.h"
#include "media/dicomdir/reader.h"
#include "media/dicomdir/resolver.h"

#ifndef DISCUS_VIEWER_DIR
#define DISCUS_VIEWER_DIR "/usr/share/discus/viewer"
#endif

namespace discus::media::web {
namespace {

namespace fs = std::filesystem;
namespace tags = dicom::tags;
using base::Error;
using base::ErrorCode;
using nlohmann::ordered_json;

// The viewer's own files, as build.mjs names them (8.3, upper case).
constexpr const char* kViewerFiles[] = {"INDEX.HTM", "APP.JS", "APP.CSS"};

bool holds_viewer(const std::string& dir) {
  std::error_code ec;
  return !dir.empty() && fs::is_regular_file(fs::path(dir) / "INDEX.HTM", ec) && fs::is_regular_file(fs::path(dir) / "APP.JS", ec);
}

base::Result<base::Bytes> read_whole(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return Error{ErrorCode::kIo, fmt::format("cannot read the viewer file '{}'", p.string())};
  return base::Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

namespace detail {

Text::Text(const dicom::DataSet& dicomdir) {
  auto v = dicomdir.get_string(tags::SpecificCharacterSet);
  if (v) {
    auto parsed = dicom::charset::SpecificCharacterSet::parse_lenient(*v, nullptr);
    if (parsed) charset_ = std::move(*parsed);
  }
}

std::string Text::operator()(const dicom::DataSet& ds, dicom::Tag tag) const {
  const dicom::Element* e = ds.find(tag);
  auto v = ds.get_string(tag);
  if (!e || !v) return {};
  std::string s = charset_.decode_lossy(base::as_bytes(*v), e->vr, nullptr);
  return base::to_valid_utf8(std::string(dicom::trim_padding(s)));
}

double number_or(const std::string& s, double fallback) {
  if (s.empty()) return fallback;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  return end == s.c_str() ? fallback : v;
}

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t bs = s.find('\\', start);
    out.push_back(s.substr(start, bs == std::string::npos ? std::string::npos : bs - start));
    if (bs == std::string::npos) return out;
    start = bs + 1;
  }
}

}  // namespace detail

namespace {

using detail::number_or;
using detail::SeriesWork;
using detail::split;
using detail::Text;

// Presets from the file and a thumbnail of a representative instance (the middle one).
void look_at(SeriesWork& w, const ViewerOptions& o) {
  auto file = dicom::part10::read_file(w.path);
  if (!file || file->transfer_syntax == nullptr) return;
  const dicom::DataSet& ds = file->dataset;
  auto centers = ds.get_string(tags::WindowCenter), widths = ds.get_string(tags::WindowWidth);
  if (centers && widths) {
    const auto c = split(std::string(*centers)), wd = split(std::string(*widths));
    for (std::size_t i = 0; i < std::min(c.size(), wd.size()); ++i) {
      const double cv = number_or(std::string(dicom::trim_padding(c[i])), NAN), wv = number_or(std::string(dicom::trim_padding(wd[i])), NAN);
      if (std::isfinite(cv) && std::isfinite(wv)) w.presets.push_back({{"center", cv}, {"width", wv}});
    }
  }
  if (o.codecs == nullptr || o.thumbnail_size == 0) return;
  auto img = codec::render::render_instance(ds, *file->transfer_syntax, {}, *o.codecs);
  if (!img) return;  // a series the renderer cannot show gets no thumbnail; the viewer says why later
  auto png = codec::render::encode_png(codec::render::fit_within(*img, o.thumbnail_size));
  if (png) w.thumbnail = "data:image/png;base64," + base::base64_encode(*png);
}

std::string as_script(std::string_view global, const ordered_json& j) {
  // ASCII only (\u escapes), so the script reads the same whatever charset the browser assumes.
  return fmt::format("window.{}={};\n", global, j.dump(-1, ' ', true));
}

}  // namespace

namespace detail {

base::Result<ordered_json> medium_index(const std::string& root, std::vector<SeriesWork>& work) {
  DISCUS_TRY(dicomdir::Dicomdir dir, dicomdir::read_dicomdir((fs::path(root) / "DICOMDIR").string()));
  const Text text(dir.file.dataset);
  ordered_json patients = ordered_json::array();
  // Two passes: the tree first, so that the addresses of series in `patients` are stable.
  for (const dicomdir::DirectoryRecord& pr : dir.roots) {
    if (pr.type != "PATIENT") continue;
    DISCUS_TRY(dicomdir::RecordItem p, dir.load(pr));
    ordered_json patient = {{"name", text(p.keys, tags::PatientName)}, {"id", text(p.keys, tags::PatientID)},
                            {"birthDate", text(p.keys, tags::PatientBirthDate)}, {"sex", text(p.keys, tags::PatientSex)},
                            {"studies", ordered_json::array()}};
    for (const dicomdir::DirectoryRecord& sr : pr.children) {
      if (sr.type != "STUDY") continue;
      DISCUS_TRY(dicomdir::RecordItem s, dir.load(sr));
      ordered_json study = {{"uid", text(s.keys, tags::StudyInstanceUID)}, {"date", text(s.keys, tags::StudyDate)},
                            {"time", text(s.keys, tags::StudyTime)}, {"description", text(s.keys, tags::StudyDescription)},
                            {"id", text(s.keys, tags::StudyID)}, {"accession", text(s.keys, tags::AccessionNumber)},
                            {"series", ordered_json::array()}};
      for (const dicomdir::DirectoryRecord& ser : sr.children) {
        if (ser.type != "SERIES") continue;
        DISCUS_TRY(dicomdir::RecordItem se, dir.load(ser));
        ordered_json series = {{"uid", text(se.keys, tags::SeriesInstanceUID)},
                               {"number", number_or(text(se.keys, tags::SeriesNumber), 0)},
                               {"modality", text(se.keys, tags::Modality)},
                               {"description", text(se.keys, tags::SeriesDescription)},
                               {"presets", ordered_json::array()}, {"instances", ordered_json::array()}};
        std::vector<std::pair<double, std::vector<std::string>>> ids;
        for (const dicomdir::DirectoryRecord& leaf : ser.children) {
          if (!leaf.has_file_id) continue;
          DISCUS_TRY(dicomdir::RecordItem li, dir.load(leaf));
          std::string file_id;
          for (const std::string& c : li.file_id) file_id += (file_id.empty() ? "" : "/") + c;
          const double number = number_or(text(li.keys, tags::InstanceNumber), 0);
          series["instances"].push_back({{"type", std::string(leaf.type)}, {"fileId", file_id},
                                         {"uid", text(li.keys, tags::ReferencedSOPInstanceUIDInFile)},
                                         {"sopClass", text(li.keys, tags::ReferencedSOPClassUIDInFile)},
                                         {"number", number},
                                         {"frames", number_or(text(li.keys, tags::NumberOfFrames), 1)}});
          if (leaf.type == "IMAGE") ids.emplace_back(number, li.file_id);
        }
        std::sort(ids.begin(), ids.end());
        auto& list = series["instances"];
        std::stable_sort(list.begin(), list.end(), [](const ordered_json& a, const ordered_json& b) {
          return a["number"].get<double>() < b["number"].get<double>();
        });
        if (!ids.empty()) {
          auto resolved = dicomdir::resolve_file_id(root, ids[ids.size() / 2].second);
          if (resolved) work.push_back({nullptr, series["uid"], *resolved, {}, {}});
        }
        study["series"].push_back(std::move(series));
      }
      patient["studies"].push_back(std::move(study));
    }
    patients.push_back(std::move(patient));
  }
  return ordered_json{{"version", 1}, {"patients", std::move(patients)}};
}

}  // namespace detail

std::string find_viewer_dir() {
  if (const char* env = std::getenv("DISCUS_VIEWER_DIR"); env != nullptr && *env != '\0') return holds_viewer(env) ? env : "";
  if (holds_viewer(DISCUS_VIEWER_DIR)) return DISCUS_VIEWER_DIR;
  if (holds_viewer("/usr/share/discus/viewer")) return "/usr/share/discus/viewer";
  return {};
}

std::vector<std::string> readme_lines(bool autorun, bool secure) {
  // At most 76 characters a line (pdi_readme.h).
  std::vector<std::string> l = {
      "A viewer is included for convenience. It does not start by itself (IHE",
      "PDI) and needs nothing installed: open the file VIEWER\\INDEX.HTM on this",
      "medium in a web browser (double-click it, or drag it onto a browser",
      "window; any current Chrome, Edge, Firefox or Safari). It runs offline and",
      "stores and sends nothing. To see the full images, click \"Open disc",
      "folder\" in the viewer and choose the top folder of this medium (where",
      "DICOMDIR is), or drag that folder onto the page.",
  };
  if (secure) {
    l.push_back("The viewer asks for the password you were given, and opens the files");
    l.push_back("in the browser's memory only.");
  }
  if (autorun) l.push_back("On Windows, AutoPlay may offer to open it (AUTORUN.INF).");
  l.push_back("Any other DICOM viewer can read this medium as well.");
  return l;
}

base::Result<ViewerContent> viewer_content(const std::string& fileset_dir, const ViewerOptions& o) {
  if (!holds_viewer(o.viewer_dir))
    return Error{ErrorCode::kNotFound, fmt::format("no built viewer (INDEX.HTM, APP.JS) in '{}'", o.viewer_dir)};
  ViewerContent out;
  for (const char* name : kViewerFiles) {
    const fs::path p = fs::path(o.viewer_dir) / name;
    std::error_code ec;
    if (!fs::exists(p, ec)) continue;
    DISCUS_TRY(base::Bytes bytes, read_whole(p));
    out.viewer_bytes += bytes.size();
    out.files.push_back({std::string("VIEWER/") + name, std::move(bytes)});
  }
  if (o.autorun) {
    // Windows AutoPlay (optical discs only since Windows 7): shellexecute opens a document with
    // its default program; label is at most 32 characters.
    const std::string inf = "[autorun]\r\nshellexecute=VIEWER\\INDEX.HTM\r\naction=Open the images with the viewer on this disc\r\nlabel=DICOM images\r\n";
    out.files.push_back({"AUTORUN.INF", base::Bytes(inf.begin(), inf.end())});
  }
  if (!o.data) {
    // Only that the medium is secure, so the page asks for the folder and then the password.
    const std::string marker = "window.DISCUS_MEDIUM={\"version\":1,\"secure\":true};\n";
    out.data_bytes = marker.size();
    out.files.push_back({"VIEWER/DATA/INDEX.JS", base::Bytes(marker.begin(), marker.end())});
    return out;
  }

  std::vector<SeriesWork> work;
  DISCUS_TRY(ordered_json index, detail::medium_index(fileset_dir, work));
  base::parallel_for(work.size(), std::max(1u, o.threads), [&](std::size_t k) { look_at(work[k], o); });
  ordered_json thumbs = ordered_json::object();
  for (auto& p : index["patients"])
    for (auto& s : p["studies"])
      for (auto& se : s["series"])
        for (const SeriesWork& w : work)
          if (w.uid == se["uid"].get<std::string>()) {
            if (!w.presets.empty()) se["presets"] = w.presets;
            if (!w.thumbnail.empty()) thumbs[w.uid] = w.thumbnail;
          }
  std::string index_js = as_script("DISCUS_MEDIUM", index);
  std::string thumbs_js = as_script("DISCUS_THUMBS", thumbs);
  // The data's budget: 10% of the medium. Thumbnails go first, then the index.
  const std::uint64_t budget = o.capacity_bytes == 0 ? UINT64_MAX : o.capacity_bytes / 10;
  if (index_js.size() + thumbs_js.size() > budget) thumbs_js.clear();
  if (index_js.size() > budget) return out;
  out.data_bytes = index_js.size() + thumbs_js.size();
  out.files.push_back({"VIEWER/DATA/INDEX.JS", base::Bytes(index_js.begin(), index_js.end())});
  if (!thumbs_js.empty()) {
    out.thumbnails = true;
    out.files.push_back({"VIEWER/DATA/THUMBS.JS", base::Bytes(thumbs_js.begin(), thumbs_js.end())});
  }
  return out;
}

}  // namespace discus::media::web
