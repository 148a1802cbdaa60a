// `discus label [--template FILE] --study DIR [--format pdf|png|jpg|bmp] [--dpi N] [--disc N --of M]
// OUT`: a disc label for the study under DIR (issue 18 item 4), as a PDF for people or a raster at
// the printer's resolution for a robot (PTBurn takes JPG/BMP). src/media/label does the work.
#include <fmt/format.h>

#include <ctime>
#include <memory>

#include "base/file.h"
#include "base/text.h"
#include "cli/command.h"
#include "media/label/label.h"

namespace discus::cli {
namespace {

namespace label = media::label;

struct LabelCommandOptions {
  std::string template_path, study, out, format, medium = "cd", verify_url, notice;
  double dpi = 300;
  std::uint32_t disc = 1, of = 1;
  bool json = false;
};

std::string today() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

int fail(const std::string& what) {
  fmt::print(stderr, "discus label: {}\n", base::for_terminal(what));
  return kExitFailed;
}

int run_label(const LabelCommandOptions& o, Context& ctx) {
  if (o.disc == 0 || o.of == 0 || o.disc > o.of) return usage_error("label", "--disc N --of M needs 1 <= N <= M");
  if (o.medium != "cd" && o.medium != "dvd") return usage_error("label", "--medium is cd or dvd");
  std::string format_name = o.format;
  if (format_name.empty()) {
    const auto dot = o.out.rfind('.');
    format_name = dot == std::string::npos ? std::string("pdf") : o.out.substr(dot + 1);
  }
  auto format = label::parse_format(format_name);
  if (!format) return usage_error("label", format.error().message);

  const std::string template_path =
      o.template_path.empty() ? label::default_template_path(o.medium == "dvd" ? label::Medium::kDvd : label::Medium::kCd)
                              : o.template_path;
  auto tmpl = label::load_template(template_path);
  if (!tmpl) return fail(tmpl.error().describe());
  auto data = label::label_data_from_study(o.study);
  if (!data) return fail(data.error().describe());
  data->disc_number = o.disc;
  data->disc_count = o.of;
  data->verification_url = o.verify_url;
  data->label_date = today();
  if (!o.notice.empty()) data->confidential_notice = o.notice;
  if (data->institution.empty()) data->institution = ctx.settings.institution;

  if (o.json) {
    nlohmann::ordered_json fields = nlohmann::ordered_json::object();
    for (const auto& [name, value] : label::merge_fields(*data)) fields[name] = base::to_valid_utf8(value);
    fmt::print("{}\n", json_text(fields));
  }
  auto svg = label::merge(*tmpl, *data);
  if (!svg) return fail(svg.error().describe());
  auto bytes = label::render(*svg, *format, o.dpi);
  if (!bytes) return fail(fmt::format("{}: {}", template_path, bytes.error().describe()));
  auto out = base::AtomicOutputFile::create(o.out);
  if (!out) return fail(out.error().describe());
  if (auto st = out->write(*bytes); !st) return fail(st.error().describe());
  if (auto st = out->commit(false); !st) return fail(st.error().describe());
  if (!ctx.quiet && !o.json)
    fmt::print("{}: {} label, {} bytes\n", base::for_terminal(o.out), label::extension(*format), bytes->size());
  return kExitOk;
}

}  // namespace

void add_label(CLI::App& root, Context& ctx) {
  auto o = std::make_shared<LabelCommandOptions>();
  CLI::App* c = root.add_subcommand("label", "make a disc label for a study: PDF for people, PNG/JPG/BMP for a robot's printer");
  c->add_option("--template", o->template_path,
                "an SVG label template with {{field}} merge fields (default: the installed one for --medium)")
      ->type_name("FILE");
  c->add_option("--study", o->study, "the study: a folder of DICOM files, a file-set or one file")->type_name("DIR")->required();
  c->add_option("--format", o->format, "pdf, png, jpg or bmp (default: from OUT's extension, else pdf)")->type_name("FMT");
  c->add_option("--dpi", o->dpi, "raster resolution in dots per inch, the robot printer's (default 300)")
      ->type_name("N")
      ->check(CLI::Range(10.0, 2400.0));
  c->add_option("--disc", o->disc, "this disc's number in the set (default 1)")->type_name("N");
  c->add_option("--of", o->of, "how many discs the set has (default 1)")->type_name("M");
  c->add_option("--medium", o->medium, "cd or dvd: which default template (default cd)")->type_name("KIND");
  c->add_option("--verify-url", o->verify_url,
                "put this URL in the QR code instead of the Study Instance UID ({{study_uid}} in it is replaced)")
      ->type_name("URL");
  c->add_option("--notice", o->notice, "the confidentiality notice (default \"Contains confidential medical data\")")
      ->type_name("TEXT");
  c->add_flag("--json", o->json, "also print the merge fields as JSON (what a vendor's own label design can be given)");
  c->add_option("OUT", o->out, "the label file to write (.pdf, .png, .jpg or .bmp)")->required();
  on_run(*c, ctx, [o](Context& context) { return run_label(*o, context); });
}

}  // namespace discus::cli
