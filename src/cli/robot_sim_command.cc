// `discus robot-sim`: a vendor's robot software, simulated, in the foreground (issue 18 item 3).
// The simulator itself is src/output/robot/simulator.h; this file takes the options.
#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>

#include "base/file.h"
#include "cli/command.h"
#include "media/label/label.h"
#include "output/robot/simulator.h"
#include "output/robot/spool.h"

namespace discus::cli {
namespace {

struct RobotSimOptions {
  std::string vendor, spool, out;
  std::vector<std::string> fail;
  int blanks = -1, tick_ms = 0, disc_ms = 3000, status_time_ms = 600000, restart_ms = 0;
  std::string bench_submit;  // hidden: ID=PATH
};

int run_submit_probe(const RobotSimOptions& o);

base::Status write_bytes(const std::string& path, const base::Bytes& bytes) {
  DISCUS_TRY(auto out, base::AtomicOutputFile::create(path));
  DISCUS_CHECK(out.write(bytes));
  return out.commit(false);
}

// The simulator's printer: the merge fields as a plain file, the job's own label image as the
// robot got it, and the label drawn from the fields with the default template as PDF (what a
// person and pdftotext read) through src/media/label.
base::Status print_label(const output::robot::LabelData& label, const std::filesystem::path& base) {
  std::string text;
  std::map<std::string, std::string> fields;
  for (const auto& [k, v] : label.fields) {
    text += k + "=" + v + "\n";
    fields[k] = v;
  }
  DISCUS_CHECK(output::robot::write_text_atomic(base.string() + ".label.txt", text));
  if (!label.image.empty()) {
    if (auto p = output::robot::place(label.image, base.string() + ".label" + label.image.extension().string()); !p) return p.error();
  }
  if (!fields.count("patient_name")) return {};  // not media/label's fields: nothing to draw
  DISCUS_TRY(auto tmpl, media::label::load_template(media::label::default_template_path(media::label::Medium::kCd)));
  DISCUS_TRY(std::string svg, media::label::merge(tmpl, fields));
  DISCUS_TRY(base::Bytes pdf, media::label::render(svg, media::label::Format::kPdf));
  DISCUS_CHECK(write_bytes(base.string() + ".label.pdf", pdf));
  if (label.image.empty()) {
    DISCUS_TRY(base::Bytes png, media::label::render(svg, media::label::Format::kPng, 300));
    DISCUS_CHECK(write_bytes(base.string() + ".label.png", png));
  }
  return {};
}

int run_robot_sim(const RobotSimOptions& o, Context& ctx) {
  if (!o.bench_submit.empty()) return run_submit_probe(o);
  output::robot::SimOptions s;
  s.vendor = *output::robot::vendor_from_string(o.vendor);
  s.spool = o.spool;
  s.out = o.out;
  for (const std::string& f : o.fail) {
    auto parsed = output::robot::parse_sim_failure(f);
    if (!parsed) return usage_error("robot-sim", parsed.error().message);
    s.failures.push_back(*parsed);
  }
  s.blanks = o.blanks;
  s.tick_ms = o.tick_ms;
  s.disc_ms = o.disc_ms;
  s.status_time_ms = o.status_time_ms;
  s.restart_ms = o.restart_ms;
  s.print_label = print_label;
  const bool quiet = ctx.quiet;
  s.say = [quiet](const std::string& line) {
    if (!quiet) fmt::print("robot-sim: {}\n", base::for_terminal(line));
    std::fflush(stdout);
  };
  static std::atomic<bool> stop{false};  // SIGINT/SIGTERM end the process (the CLI's handler)
  if (auto st = output::robot::run_simulator(s, stop); !st) {
    fmt::print(stderr, "discus robot-sim: {}\n", base::for_terminal(st.error().describe()));
    return kExitFailed;
  }
  return kExitOk;
}

// The bench's probe (bench/robot.sh, hidden option --bench-submit ID=PATH): the driver of
// --vendor submits one robot job of PATH (an ISO image or a file-set folder) into --spool, timed.
int run_submit_probe(const RobotSimOptions& o) {
  const auto eq = o.bench_submit.find('=');
  if (eq == std::string::npos) return usage_error("robot-sim", "--bench-submit ID=PATH");
  auto robot = output::robot::open_robot(o.vendor + ":" + o.spool, {});
  if (!robot) {
    fmt::print(stderr, "discus robot-sim: {}\n", robot.error().describe());
    return kExitFailed;
  }
  output::robot::DiscJob job;
  job.id = o.bench_submit.substr(0, eq);
  const std::string path = o.bench_submit.substr(eq + 1);
  std::error_code ec;
  (std::filesystem::is_directory(path, ec) ? job.fileset : job.image) = path;
  const auto t0 = std::chrono::steady_clock::now();
  if (auto st = (*robot)->submit(job); !st) {
    fmt::print(stderr, "discus robot-sim: {}\n", st.error().describe());
    return kExitFailed;
  }
  fmt::print("{:.3f}\n", std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  return kExitOk;
}

}  // namespace

void add_robot_sim(CLI::App& root, Context& ctx) {
  auto o = std::make_shared<RobotSimOptions>();
  CLI::App* c = root.add_subcommand("robot-sim",
                                    "simulate a disc-publishing robot's software on a spool folder (Primera PTBurn, Epson TD "
                                    "Bridge, Rimage hot folder) until interrupted");
  c->add_option("--vendor", o->vendor, "whose software: primera, epson or rimage")
      ->required()
      ->check(CLI::IsMember({"primera", "epson", "rimage"}))
      ->type_name("VENDOR");
  c->add_option("--spool", o->spool, "the job folder the vendor software watches")->required()->type_name("DIR");
  c->add_option("--out", o->out, "where each burned disc goes as an ISO image (rejects under DIR/reject), with its label; "
                                 "operator actions are files in DIR/operator: refill, close-lid, fix-printer")
      ->required()
      ->type_name("DIR");
  c->add_option("--fail", o->fail, "inject a failure after N discs; KIND: out-of-blanks, reject, printer, lid, restart (repeatable)")
      ->type_name("KIND:N");
  c->add_option("--blanks", o->blanks, "blank discs in the input bin (default: never runs out)")->check(CLI::NonNegativeNumber)->type_name("N");
  c->add_option("--tick-ms", o->tick_ms, "status files rewritten this often (default: the vendor's, PTBurn 2000, TD Bridge 5000)")
      ->check(CLI::Range(10, 600000))
      ->type_name("MS");
  c->add_option("--disc-ms", o->disc_ms, "time one disc takes (default 3000)")->check(CLI::Range(0, 3600000))->type_name("MS");
  c->add_option("--status-time-ms", o->status_time_ms, "finished job files removed after this long (PTBurn Status_Time; default 600000)")
      ->check(CLI::Range(0, 86400000))
      ->type_name("MS");
  c->add_option("--restart-ms", o->restart_ms, "how long a 'restart' failure keeps the software away (default 3 ticks)")
      ->check(CLI::Range(0, 600000))
      ->type_name("MS");
  c->add_option("--bench-submit", o->bench_submit, "bench probe: submit one job ID=PATH through the driver, print ms, exit")
      ->group("");  // hidden: bench/robot.sh only
  on_run(*c, ctx, [o](Context& context) { return run_robot_sim(*o, context); });

}

}  // namespace discus::cli
