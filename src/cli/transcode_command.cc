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
#include "cli/command.h"
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

struct Options {
  const dicom::dict::TransferSyntax* target = nullptr;
  std::string out_dir;
  std::vector<std::string> paths;
  unsigned jobs = 0;
  bool sync = true;
  bool verbose = false;
};

struct Job {
  std::string in, out;
};

// --out-dir: each file keeps its name; a folder's files keep their path below the folder.
base::Result<std::vector<Job>> plan_jobs(const Options& o) {
  std::vector<Job> jobs;
  if (o.out_dir.empty()) {
    jobs.push_back({o.paths[0], o.paths[1]});
  } else {
    for (const std::string& in : o.paths) {
      std::error_code ec;
      if (fs::is_directory(in, ec)) {
        for (fs::recursive_directory_iterator it(in, ec), end; !ec && it != end; it.increment(ec))
          if (it->is_regular_file(ec))
            jobs.push_back({it->path().string(), (fs::path(o.out_dir) / fs::path(in).filename() / it->path().lexically_relative(in)).string()});
        if (ec) return base::Error{base::ErrorCode::kIo, fmt::format("cannot list '{}': {}", in, ec.message())};
      } else {
        jobs.push_back({in, (fs::path(o.out_dir) / fs::path(in).filename()).string()});
      }
    }
  }
  // Nothing is overwritten that we also read, and no two inputs share an output name.
  std::map<std::string, std::string> by_out;
  for (const Job& j : jobs) {
    std::error_code ec;
    const std::string out = fs::weakly_canonical(j.out, ec).string();
    if (fs::exists(j.in) && fs::exists(j.out) && fs::equivalent(j.in, j.out, ec))
      return base::Error{base::ErrorCode::kInvalidArgument, fmt::format("output would overwrite the input '{}'; sources are never modified", j.in)};
    if (auto [it, fresh] = by_out.emplace(out, j.in); !fresh)
      return base::Error{base::ErrorCode::kInvalidArgument, fmt::format("'{}' and '{}' would both be written to '{}'", it->second, j.in, j.out)};
  }
  return jobs;
}

class Transcoder {
 public:
  Transcoder(const Options& o, base::RandomUidSource uids) : o_(o), codecs_(codec::all_codecs()), uids_(std::move(uids)) {}

  // Prints what went wrong (file, offset) and returns false; the other files go on.
  bool run(const Job& job) {
    const dicom::dict::TransferSyntax& target = *o_.target;
    auto file = dicom::part10::read_file(job.in);
    if (!file) return fail(file.error().describe());
    for (const auto& w : file->warnings) say(fmt::format("warning: {}: offset {}: {}", job.in, w.offset, w.message));
    // A DICOMDIR's records point at each other by byte offsets counted from the start of the file
    // (PS3.3 F.3.2.1), so any change to the meta or the encoding moves them: a DICOMDIR is only
    // ever rebuilt by the DICOMDIR writer, which recomputes them.
    if (file->meta.get_string(dicom::tags::MediaStorageSOPClassUID) == dicom::uids::MediaStorageDirectoryStorage)
      return fail(fmt::format("{} is a DICOMDIR; its record offsets would not survive re-encoding", job.in));
    const bool was_encapsulated = file->transfer_syntax->encapsulated();
    if (auto st = codec::transcode_pixel_data(file->dataset, *file->transfer_syntax, target, codecs_); !st)
      return fail(fmt::format("{}: converting {} to {}: {}", job.in, file->transfer_syntax->name, target.name, st.error().describe()));
    // Lossy encoding of an image makes a new image; re-wrapping already lossy fragments does not.
    if (target.may_be_lossy() && target.encapsulated() && file->dataset.find(dicom::tags::PixelData) &&
        !(was_encapsulated && file->transfer_syntax == &target)) {
      auto step = media::author::measure_lossy_step(file->dataset, target, next_uid());
      if (!step) return fail(fmt::format("{}: {}", job.in, step.error().describe()));
      media::author::mark_lossy_derivative(file->dataset, file->meta, *step);
      // A routine notice: counted in the summary, named only with --verbose.
      ++lossy_;
      if (o_.verbose)
        say(fmt::format("{}: lossy {} at {:.1f}:1, new SOP Instance UID {}", job.out, step->method, step->ratio,
                        step->new_sop_instance_uid));
    }
    dicom::part10::WriteOptions options;
    options.transfer_syntax_uid = std::string(target.uid);
    options.sync = o_.sync;
    // Transcoding preserves; it does not repair. A source without SOP UIDs keeps its elements and
    // gets empty Media Storage UIDs, with a warning (PS3.10 7.1 makes them type 1).
    options.require_sop_uids = false;
    if (!file->dataset.get_string(dicom::tags::SOPInstanceUID) || !file->dataset.get_string(dicom::tags::SOPClassUID))
      say(fmt::format("warning: {}: SOP Class or Instance UID missing; written with empty (0002,0002)/(0002,0003)", job.in));
    if (!o_.out_dir.empty()) {
      std::error_code ec;
      fs::create_directories(fs::path(job.out).parent_path(), ec);
    }
    if (auto st = dicom::part10::write_file(job.out, file->dataset, &file->meta, options); !st) return fail(st.error().describe());
    return true;
  }

 std::size_t lossy() const { return lossy_.load(); }

 private:
  std::string next_uid() {
    std::lock_guard lock(mutex_);
    return uids_.next();
  }
  void say(const std::string& line) {
    std::lock_guard lock(mutex_);
    fmt::print(stderr, "discus transcode: {}\n", line);
  }
  bool fail(const std::string& line) {
    say(line);
    return false;
  }

  const Options& o_;
  const codec::CodecRegistry codecs_;
  std::mutex mutex_;
  base::RandomUidSource uids_;
  std::atomic<std::size_t> lossy_{0};
};

int run_transcode(const TranscodeOptions& t, Context& ctx) {
  if (t.out_dir.empty() && t.paths.size() != 2)
    return usage_error("transcode", "needs IN and OUT, or --out-dir DIR and one or more IN");
  std::optional<Options> options = Options{};
  options->target = dicom::dict::find_transfer_syntax(t.ts_uid);
  if (options->target == nullptr) {
    std::vector<std::string> known;
    for (const auto& ts : dicom::dict::all_transfer_syntaxes()) known.emplace_back(ts.uid);
    return usage_error("transcode", fmt::format("unknown transfer syntax '{}'{}", t.ts_uid, did_you_mean(t.ts_uid, known)));
  }
  options->out_dir = t.out_dir;
  options->paths = t.paths;
  options->jobs = t.jobs;
  options->sync = !t.no_sync;
  options->verbose = ctx.verbose;
  auto jobs = plan_jobs(*options);
  if (!jobs) return usage_error("transcode", jobs.error().describe());
  // New UIDs (lossy outputs) below the organisation's root: --uid-root, else [site] uid_root.
  const std::string uid_root = !t.uid_root.empty() ? t.uid_root : ctx.settings.uid_root;
  auto uids = uid_root.empty() ? base::Result<base::RandomUidSource>(base::RandomUidSource{}) : base::RandomUidSource::with_root(uid_root);
  if (!uids) return usage_error("transcode", uids.error().describe());
  Transcoder transcoder(*options, std::move(*uids));
  std::atomic<std::size_t> failed{0};
  const unsigned threads = options->jobs ? options->jobs : base::worker_count();
  base::parallel_for(jobs->size(), threads, [&](std::size_t k) {
    if (!transcoder.run((*jobs)[k])) ++failed;
  });
  if (jobs->size() > 1 && !ctx.quiet)
    fmt::print(stderr, "discus transcode: {} of {} files written to {}{}{}\n", jobs->size() - failed, jobs->size(), options->out_dir,
               transcoder.lossy() ? fmt::format(", {} lossy (new derived images{})", transcoder.lossy(),
                                                ctx.verbose ? "" : "; --verbose names them")
                                  : "",
               failed ? fmt::format(", {} failed (above)", failed.load()) : "");
  if (t.json) {
    const nlohmann::ordered_json j = {{"transfer_syntax", t.ts_uid},
                                      {"files", jobs->size()},
                                      {"written", jobs->size() - failed},
                                      {"failed", failed.load()},
                                      {"lossy", transcoder.lossy()}};
    fmt::print("{}\n", j.dump(2));
  }
  return failed ? kExitFailed : kExitOk;
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
