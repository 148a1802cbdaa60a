// The IHE PDI Web Content option: static XHTML pages and JPEG renderings (see pdi_web.h).
#include "media/web/pdi_web.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "base/parallel.h"
#include "codec/render/jpeg_file.h"
#include "codec/render/render.h"
#include "codec/render/resize.h"
#include "dicom/part10/reader.h"
#include "media/dicomdir/resolver.h"
#include "media/web/medium_index.h"

namespace discus::media::web {
namespace {

using base::Error;
using base::ErrorCode;
using nlohmann::ordered_json;

// One rendering to make: a File ID's instance, frame 1, to `name` (relative to the root).
struct Rendering {
  std::string path, name;
  double number = 0;
  base::Bytes jpeg;
  std::uint32_t width = 0, height = 0;
};

std::string esc(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string str(const ordered_json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// PN (PS3.5 6.2.1) "Family^Given^Middle^Prefix^Suffix", alphabetic group, as "Family, Given Middle".
std::string person(const std::string& pn) {
  const std::string alpha = pn.substr(0, pn.find('='));
  std::vector<std::string> p;
  std::size_t start = 0;
  for (;;) {
    const std::size_t caret = alpha.find('^', start);
    p.push_back(alpha.substr(start, caret == std::string::npos ? std::string::npos : caret - start));
    if (caret == std::string::npos) break;
    start = caret + 1;
  }
  p.resize(5);
  std::string rest;
  for (const std::string* x : {&p[3], &p[1], &p[2]})
    if (!x->empty()) rest += (rest.empty() ? "" : " ") + *x;
  std::string out = p[0].empty() ? rest : (rest.empty() ? p[0] : p[0] + ", " + rest);
  if (!p[4].empty()) out += " " + p[4];
  return out.empty() ? "(no name)" : out;
}

std::string date(const std::string& da) {
  if (da.size() == 8 && std::all_of(da.begin(), da.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return da.substr(0, 4) + "-" + da.substr(4, 2) + "-" + da.substr(6, 2);
  return da;
}

constexpr const char* kStyle =
    "body{font-family:sans-serif;margin:1em 2em;color:#111;background:#fff}h1{font-size:1.4em}"
    "p.note{background:#fff4d0;padding:.5em;border:1px solid #e0c060}ul{line-height:1.6}"
    "div.grid{overflow:hidden}div.fig{float:left;margin:0 12px 12px 0;text-align:center;font-size:.85em}"
    "img{background:#000;border:1px solid #888}p.crumbs{font-size:.9em}";

// XHTML 1.0 Strict: well-formed XML, no script (the Web Content option's "no active content").
std::string page(const std::string& title, const std::string& body, const std::string& up) {
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">\n"
      "<html xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"en\" lang=\"en\">\n<head>\n"
      "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\" />\n<title>{}</title>\n"
      "<style type=\"text/css\">{}</style>\n</head>\n<body>\n{}"
      "<p class=\"note\">These pages and pictures are a simple preview of the DICOM images on this medium, not for diagnosis. "
      "See <a href=\"{}README.TXT\">README.TXT</a>.</p>\n</body>\n</html>\n",
      esc(title), kStyle, body, up);
}

std::string leaf_label(const ordered_json& inst) {
  const std::string type = str(inst, "type");
  if (type == "SR DOCUMENT") return "Structured report";
  if (type == "ENCAP DOC") return "Encapsulated document (e.g. PDF)";
  if (type == "KEY OBJECT DOC") return "Key object selection";
  return type.empty() ? "Object" : type;
}

// Up to `k` of `n` positions, spread evenly, the first and last included.
std::vector<std::size_t> spread(std::size_t n, std::size_t k) {
  std::vector<std::size_t> out;
  if (n == 0 || k == 0) return out;
  if (n <= k) {
    for (std::size_t i = 0; i < n; ++i) out.push_back(i);
    return out;
  }
  for (std::size_t i = 0; i < k; ++i) out.push_back(k == 1 ? n / 2 : i * (n - 1) / (k - 1));
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::string> file_id_components(const std::string& joined) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t slash = joined.find('/', start);
    out.push_back(joined.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (slash == std::string::npos) return out;
    start = slash + 1;
  }
}

void render_one(Rendering& r, const WebContentOptions& o) {
  auto file = dicom::part10::read_file(r.path);
  if (!file || file->transfer_syntax == nullptr) return;
  codec::render::RenderOptions ro;
  ro.overlays = true;
  auto img = codec::render::render_instance(file->dataset, *file->transfer_syntax, ro, *o.codecs);
  if (!img) return;  // the series page names the image without a picture
  const codec::render::Image small = codec::render::fit_within(*img, o.image_size);
  auto jpeg = codec::render::encode_jpeg_file(small, *o.codecs);
  if (!jpeg) return;
  r.jpeg = std::move(*jpeg);
  r.width = small.width;
  r.height = small.height;
}

}  // namespace

std::vector<std::string> web_readme_lines(bool viewer) {
  std::vector<std::string> l = {
      "This medium has web pages (IHE PDI Web Content, \"DICOM PLUS WEB\"): open",
      "INDEX.HTM in its top folder with any web browser. They show the patients,",
      "studies and series with JPEG pictures of the images (folder IHE_PDI), need",
      "no scripting and nothing installed, and are a preview, not for diagnosis.",
  };
  if (viewer) l.push_back("INDEX.HTM also links to the viewer (VIEWER\\INDEX.HTM).");
  return l;
}

namespace {

using SeriesJobs = std::map<std::string, std::vector<std::size_t>>;  // SE name -> its renderings

// Names pages (ST0001, SE0001 in index order, kept in the index as "page") and plans the
// renderings: up to images_per_series IMAGE instances of each series, spread evenly.
base::Result<std::size_t> plan(const std::string& root, ordered_json& index, const WebContentOptions& o, std::vector<Rendering>& jobs,
                               SeriesJobs& series_jobs) {
  std::size_t st_no = 0, se_no = 0, images = 0;
  for (auto& p : index["patients"])
    for (auto& s : p["studies"]) {
      s["page"] = fmt::format("ST{:04d}", ++st_no);
      for (auto& se : s["series"]) {
        const std::string name = fmt::format("SE{:04d}", ++se_no);
        se["page"] = name;
        std::vector<const ordered_json*> imgs;
        for (const auto& inst : se["instances"])
          if (str(inst, "type") == "IMAGE") imgs.push_back(&inst);
        images += imgs.size();
        for (std::size_t k : spread(imgs.size(), o.images_per_series)) {
          auto path = dicomdir::resolve_file_id(root, file_id_components(str(*imgs[k], "fileId")));
          if (!path) continue;
          series_jobs[name].push_back(jobs.size());
          jobs.push_back({*path, fmt::format("IHE_PDI/{}/I{:04d}.JPG", name, series_jobs[name].size()),
                          (*imgs[k])["number"].is_number() ? (*imgs[k])["number"].get<double>() : 0.0, {}, 0, 0});
        }
      }
    }
  if (st_no > 9999 || se_no > 9999) return Error{ErrorCode::kLimitExceeded, "more than 9,999 studies or series for the web content's 8.3 names"};
  return images;
}

// The budget: 10% of the medium; one picture per series (its middle one), then none.
void fit_budget(std::vector<Rendering>& jobs, const SeriesJobs& series_jobs, std::uint64_t capacity) {
  const std::uint64_t budget = capacity == 0 ? UINT64_MAX : capacity / 10;
  auto total = [&] {
    std::uint64_t t = 0;
    for (const Rendering& r : jobs) t += r.jpeg.size();
    return t;
  };
  if (total() > budget)
    for (const auto& [name, list] : series_jobs)
      for (std::size_t i = 0; i < list.size(); ++i)
        if (i != list.size() / 2) jobs[list[i]].jpeg.clear();
  if (total() > budget)
    for (Rendering& r : jobs) r.jpeg.clear();
}

struct Crumbs {
  std::string patient_page, who, study_page, what;
};

// A series page: its pictures at full size and its reports by title. `first_pic` gets the first
// picture, small, for the study page.
std::string series_page(const ordered_json& se, const std::string& title, const Crumbs& c, const std::vector<Rendering>& jobs,
                        const std::vector<std::size_t>& mine, std::string& first_pic) {
  std::string body = fmt::format("<p class=\"crumbs\"><a href=\"../INDEX.HTM\">All patients</a> &gt; <a href=\"{}.HTM\">{}</a> &gt; "
                                 "<a href=\"{}.HTM\">{}</a></p>\n<h1>{}</h1>\n",
                                 c.patient_page, esc(c.who), c.study_page, esc(c.what), esc(title));
  std::size_t shown = 0, series_images = 0;
  std::string grid = "<div class=\"grid\">\n";
  for (std::size_t j : mine) {
    const Rendering& r = jobs[j];
    if (r.jpeg.empty()) continue;
    const std::string local = r.name.substr(std::string("IHE_PDI/").size());
    const std::uint32_t side = std::max(r.width, r.height);
    if (first_pic.empty())
      first_pic = fmt::format("<img src=\"{}\" width=\"{}\" height=\"{}\" alt=\"{}\" />", local, std::max<std::uint32_t>(1, r.width * 128 / side),
                              std::max<std::uint32_t>(1, r.height * 128 / side), esc(title));
    grid += fmt::format("<div class=\"fig\"><img src=\"{}\" width=\"{}\" height=\"{}\" alt=\"Image {:g}\" /><br />Image {:g}</div>\n", local,
                        r.width, r.height, r.number, r.number);
    ++shown;
  }
  grid += "</div>\n";
  std::string docs;
  for (const auto& inst : se["instances"]) {
    if (str(inst, "type") == "IMAGE") {
      ++series_images;
      continue;
    }
    docs += fmt::format("<li>{} (open it with the viewer or a DICOM program)</li>\n", esc(leaf_label(inst)));
  }
  if (series_images > 0)
    body += fmt::format("<p>{} of {} image(s) shown here{}.</p>\n", shown, series_images,
                        shown < series_images ? " (the DICOM files hold them all)" : "");
  body += grid;
  if (!docs.empty()) body += "<ul>\n" + docs + "</ul>\n";
  return body;
}

std::string modalities_of(const ordered_json& study) {
  std::set<std::string> mods;
  for (const auto& se : study["series"]) mods.insert(str(se, "modality"));
  std::string out;
  for (const std::string& m : mods) out += (out.empty() ? "" : " ") + m;
  return out;
}

}  // namespace

base::Result<WebContent> pdi_web_content(const std::string& root, const WebContentOptions& o) {
  if (o.codecs == nullptr) return Error{ErrorCode::kInvalidArgument, "the web content needs the codec registry (JPEG encoder)"};
  std::vector<detail::SeriesWork> unused;
  DISCUS_TRY(ordered_json index, detail::medium_index(root, unused));
  std::vector<Rendering> jobs;
  SeriesJobs series_jobs;
  WebContent out;
  DISCUS_TRY(out.images, plan(root, index, o, jobs, series_jobs));
  base::parallel_for(jobs.size(), std::max(1u, o.threads), [&](std::size_t i) { render_one(jobs[i], o); });
  fit_budget(jobs, series_jobs, o.capacity_bytes);

  auto add = [&](std::string name, const std::string& text) {
    out.bytes += text.size();
    ++out.pages;
    out.files.push_back({std::move(name), base::Bytes(text.begin(), text.end())});
  };
  std::string home = "<h1>Images on this medium</h1>\n";
  if (o.viewer)
    home += "<p><a href=\"VIEWER/INDEX.HTM\">Open the viewer</a> (all images at full quality with window/level, measurements and "
            "reports; needs a browser with JavaScript).</p>\n";
  home += "<h2>Patients and studies</h2>\n<ul>\n";
  std::size_t p_no = 0;
  for (const auto& p : index["patients"]) {
    Crumbs c;
    c.patient_page = fmt::format("P{:04d}", ++p_no);
    c.who = person(str(p, "name"));
    const std::string born = date(str(p, "birthDate"));
    std::string ppage = fmt::format("<p class=\"crumbs\"><a href=\"../INDEX.HTM\">All patients</a></p>\n<h1>{}</h1>\n<p>ID {}{}{}</p>\n<ul>\n",
                                    esc(c.who), esc(str(p, "id")), born.empty() ? "" : ", born " + esc(born),
                                    str(p, "sex").empty() ? "" : ", " + esc(str(p, "sex")));
    home += fmt::format("<li><a href=\"IHE_PDI/{}.HTM\">{}</a> (ID {})\n<ul>\n", c.patient_page, esc(c.who), esc(str(p, "id")));
    for (const auto& s : p["studies"]) {
      c.study_page = str(s, "page");
      c.what = fmt::format("{} {}", date(str(s, "date")), str(s, "description"));
      const std::string line = fmt::format("{} ({}, {} series)", esc(c.what), esc(modalities_of(s)), s["series"].size());
      home += fmt::format("<li><a href=\"IHE_PDI/{}.HTM\">{}</a></li>\n", c.study_page, line);
      ppage += fmt::format("<li><a href=\"{}.HTM\">{}</a></li>\n", c.study_page, line);
      std::string spage = fmt::format("<p class=\"crumbs\"><a href=\"../INDEX.HTM\">All patients</a> &gt; <a href=\"{}.HTM\">{}</a></p>\n"
                                      "<h1>{}</h1>\n<p>Study {} accession {}</p>\n<div class=\"grid\">\n",
                                      c.patient_page, esc(c.who), esc(c.what), esc(str(s, "id")), esc(str(s, "accession")));
      for (const auto& se : s["series"]) {
        const std::string sename = str(se, "page");
        const std::string title = fmt::format("Series {} {} {}", se["number"].is_number() ? fmt::format("{:g}", se["number"].get<double>()) : "",
                                              str(se, "modality"), str(se, "description"));
        std::string first_pic;
        add("IHE_PDI/" + sename + ".HTM", page(title, series_page(se, title, c, jobs, series_jobs[sename], first_pic), "../"));
        spage += fmt::format("<div class=\"fig\"><a href=\"{}.HTM\">{}<br />{}</a><br />{} object(s)</div>\n", sename, first_pic, esc(title),
                             se["instances"].size());
      }
      spage += "</div>\n";
      add("IHE_PDI/" + c.study_page + ".HTM", page(c.what, spage, "../"));
    }
    home += "</ul></li>\n";
    ppage += "</ul>\n";
    add("IHE_PDI/" + c.patient_page + ".HTM", page(c.who, ppage, "../"));
  }
  home += "</ul>\n";
  add("INDEX.HTM", page("Images on this medium", home, ""));
  for (Rendering& r : jobs) {
    if (r.jpeg.empty()) continue;
    out.bytes += r.jpeg.size();
    ++out.renderings;
    out.files.push_back({r.name, std::move(r.jpeg)});
  }
  return out;
}

}  // namespace discus::media::web
