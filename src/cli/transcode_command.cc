// `discus transcode --ts UID IN OUT` and `discus transcode --ts UID --out-dir DIR IN...`: rewrite
// files in another transfer syntax, every element kept. Compressed pixel data is decoded and
// encoded one frame at a time by the registered codecs (codec::all_codecs()); many files are done
// in one process, on every core (a series is hundreds of files; one process each would spend
// more time starting than decoding).
//
// Lossy encoding makes a new image (PS3.3 C.7.6.1.1.5): it gets a new SOP Instance UID, Lossy
// Image Compression "01" with its Ratio and Method, Image Type DERIVED and a Source Image Sequence
// naming the original. Outputs are written to a temporary name and renamed into place; they are
// fsync'ed first unless --no-sync (for benchmarks and scratch work: the peers do not sync).
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "base/parallel.h"
#include "base/uid.h"
#include "app/transcode.h"
#include "base/text.h"
#include "cli/command.h"
#include "cli/read_back.h"
#include "cli/progress_bar.h"
#include "cli/suggest.h"
#include "codec/codec.h"
#include "codec/frames/transcode_pixels.h"
#include "dicom/dict/tags.h"
#include "dicom/dict/transfer_syntax.h"
#include "dicom/dict/uids.h"
#include "dicom/part10/reader.h"
#include "dicom/part10/writer.h"
#include "media/author/lossy_derivative.h"

namespace discus::cli {
namespace {

namespace fs = std::filesystem;

struct TranscodeOptions {
  std::string ts_uid;
  std::string out_dir;  // empty: exactly one IN and one OUT
  std::vector<std::string> paths;
  unsigned jobs = 0;  // 0: every core
  bool no_sync = false;
  bool json = false;
  std::string uid_root;  // new SOP Instance UIDs of lossy outputs
};

int run_transcode(const TranscodeOptions& t, Context& ctx) {
  if (t.out_dir.empty() && t.paths.size() != 2)
    return usage_error("transcode", "needs IN and OUT, or --out-dir DIR and one or more IN");
  if (dicom::dict::find_transfer_syntax(t.ts_uid) == nullptr) {
    std::vector<std::string> known;
    for (const auto& ts : dicom::dict::all_transfer_syntaxes()) known.emplace_back(ts.uid);
    return usage_error("transcode", fmt::format("unknown transfer syntax '{}'{}", t.ts_uid, did_you_mean(t.ts_uid, known)));
  }
  app::TranscodeOptions o;
  o.transfer_syntax = t.ts_uid;
  o.out_dir = t.out_dir;
  if (t.out_dir.empty()) {
    o.inputs = {t.paths[0]};
    o.out = t.paths[1];
  } else {
    o.inputs = t.paths;
  }
  o.jobs = t.jobs;
  o.sync = !t.no_sync;
  // New UIDs (lossy outputs) below the organisation's root: --uid-root, else [site] uid_root.
  const std::string uid_root = !t.uid_root.empty() ? t.uid_root : ctx.settings.uid_root;
  auto uids = uid_root.empty() ? base::Result<base::RandomUidSource>(base::RandomUidSource{}) : base::RandomUidSource::with_root(uid_root);
  if (!uids) return usage_error("transcode", uids.error().describe());
  const codec::CodecRegistry codecs = codec::all_codecs();
  const app::Context actx{nullptr, &codecs, &*uids, base::worker_count()};
  app::CancelToken cancel;
  InterruptCancels interrupt(cancel);
  ProgressBar bar(ctx);
  auto r = app::transcode(o, actx, bar, cancel);
  bar.finish();
  if (!r) {
    // What stops the run before any file (an output over an input, two inputs to one output) is
    // a usage error; a cancelled run is a failure.
    // So is a disk without room for the outputs (kIo: not the caller's arguments).
    if (r.error().code == base::ErrorCode::kCancelled || r.error().code == base::ErrorCode::kIo)
      return fmt::print(stderr, "discus transcode: {}\n", r.error().describe()), kExitFailed;
    return usage_error("transcode", r.error().describe());
  }
  // Per file, in input order: failures and warnings always, the lossy steps with --verbose.
  std::size_t lossy = 0;
  for (const app::TranscodedFile& f : r->files) {
    for (const base::Finding& n : f.notes) {
      if (n.rule == "transcode.lossy") {
        ++lossy;
        if (ctx.verbose) fmt::print(stderr, "discus transcode: {}: {}\n", n.file, n.message);
      } else {
        fmt::print(stderr, "discus transcode: warning: {}: {}\n", n.file, n.message);
      }
    }
    if (!f.ok) fmt::print(stderr, "discus transcode: {}\n", f.error);
  }
  const std::size_t n = r->files.size();
  if (n > 1 && !ctx.quiet)
    fmt::print(stderr, "discus transcode: {} of {} files written to {}{}{}\n", n - r->failed, n, o.out_dir,
               lossy ? fmt::format(", {} lossy (new derived images{})", lossy, ctx.verbose ? "" : "; --verbose names them") : "",
               r->failed ? fmt::format(", {} failed (above)", r->failed) : "");
  if (t.json) {
    const nlohmann::ordered_json j = {{"transfer_syntax", t.ts_uid}, {"files", n}, {"written", n - r->failed},
                                      {"failed", r->failed}, {"lossy", lossy}};
    fmt::print("{}\n", json_text(j));
  }
  return r->ok() ? kExitOk : kExitFailed;
}

}  // namespace

void add_transcode(CLI::App& root, Context& ctx) {
  auto o = std::make_shared<TranscodeOptions>();
  CLI::App* c = root.add_subcommand(
      "transcode", "rewrite files in another transfer syntax (every core; lossy output becomes a new derived image)");
  c->add_option("--ts", o->ts_uid, "the target transfer syntax UID, e.g. 1.2.840.10008.1.2.1 (Explicit VR Little Endian)")
      ->type_name("UID")
      ->required();
  c->add_option("--out-dir", o->out_dir,
                "write every IN under DIR (a file keeps its name, a folder its tree); without it: exactly IN OUT")
      ->type_name("DIR");
  c->add_option("--jobs", o->jobs, "files transcoded at once (default: one per core)")->type_name("N");
  c->add_flag("--no-sync", o->no_sync, "do not fsync outputs before renaming them into place (benchmarks, scratch work)");
  c->add_option("--uid-root", o->uid_root, "organisation UID root for the new UIDs of lossy outputs (default: [site] uid_root)")
      ->type_name("UID");
  c->add_flag("--json", o->json, "print a JSON summary (files, written, failed, lossy) on stdout");
  c->add_option("IN", o->paths, "input files or (with --out-dir) folders; without --out-dir: IN then OUT")->required();
  on_run(*c, ctx, [o](Context& context) { return run_transcode(*o, context); });
}

}  // namespace discus::cli
