#include "app/transcode.h"
#include "app/free_space.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>

#include "base/file.h"
#include "base/parallel.h"
#include "codec/frames/transcode_pixels.h"
#include "dicom/dict/tags.h"
#include "dicom/dict/transfer_syntax.h"
#include "dicom/dict/uids.h"
#include "dicom/part10/reader.h"
#include "dicom/part10/writer.h"
#include "media/author/lossy_derivative.h"

namespace discus::app {

namespace fs = std::filesystem;
using base::Error;
using base::ErrorCode;

namespace {

// --out-dir: each file keeps its name; a folder's files keep their path below the folder.
base::Result<std::vector<TranscodedFile>> plan_jobs(const TranscodeOptions& o) {
  std::vector<TranscodedFile> jobs;
  auto add = [&](std::string in, std::string out) {
    TranscodedFile f;
    f.in = std::move(in);
    f.out = std::move(out);
    jobs.push_back(std::move(f));
  };
  if (o.out_dir.empty()) {
    if (o.inputs.size() != 1 || o.out.empty())
      return Error{ErrorCode::kInvalidArgument, "transcode takes one input and one output, or an output folder"};
    DISCUS_CHECK(base::check_apart(o.inputs[0], o.out));
    add(o.inputs[0], o.out);
  } else {
    for (const std::string& in : o.inputs) {
      // An output folder inside an input folder would be walked while it fills (and again on a rerun).
      DISCUS_CHECK(base::check_apart(in, o.out_dir));
      std::error_code ec;
      if (fs::is_directory(in, ec)) {
        for (fs::recursive_directory_iterator it(in, ec), end; !ec && it != end; it.increment(ec))
          if (it->is_regular_file(ec))
            add(it->path().string(), (fs::path(o.out_dir) / fs::path(in).filename() / it->path().lexically_relative(in)).string());
        if (ec) return Error{ErrorCode::kIo, fmt::format("cannot list '{}': {}", in, ec.message())};
      } else {
        add(in, (fs::path(o.out_dir) / fs::path(in).filename()).string());
      }
    }
  }
  // Nothing is overwritten that we also read, and no two inputs share an output name.
  std::map<std::string, std::string> by_out;
  for (const TranscodedFile& j : jobs) {
    std::error_code ec;
    const std::string out = fs::weakly_canonical(j.out, ec).string();
    if (fs::exists(j.in, ec) && fs::exists(j.out, ec) && fs::equivalent(j.in, j.out, ec))
      return Error{ErrorCode::kInvalidArgument, fmt::format("output would overwrite the input '{}'; sources are never modified", j.in)};
    if (auto [it, fresh] = by_out.emplace(out, j.in); !fresh)
      return Error{ErrorCode::kInvalidArgument, fmt::format("'{}' and '{}' would both be written to '{}'", it->second, j.in, j.out)};
  }
  return jobs;
}

class Transcoder {
 public:
  Transcoder(const TranscodeOptions& o, const dicom::dict::TransferSyntax& target, const codec::CodecRegistry& codecs,
             base::UidSource& uids)
      : o_(o), target_(target), codecs_(codecs), uids_(uids) {}

  // Fills job.ok / job.error / job.notes.
  void run(TranscodedFile& job) {
    auto file = dicom::part10::read_file(job.in);
    if (!file) return fail(job, file.error().describe());
    for (const auto& w : file->warnings)
      note(job, "transcode.read-warning", fmt::format("offset {}: {}", w.offset, w.message));
    // A DICOMDIR's records point at each other by byte offsets counted from the start of the file
    // (PS3.3 F.3.2.1), so any change to the meta or the encoding moves them: a DICOMDIR is only
    // ever rebuilt by the DICOMDIR writer, which recomputes them.
    if (file->meta.get_string(dicom::tags::MediaStorageSOPClassUID) == dicom::uids::MediaStorageDirectoryStorage)
      return fail(job, fmt::format("{} is a DICOMDIR; its record offsets would not survive re-encoding", job.in));
    const bool was_encapsulated = file->transfer_syntax->encapsulated();
    if (auto st = codec::transcode_pixel_data(file->dataset, *file->transfer_syntax, target_, codecs_); !st)
      return fail(job, fmt::format("{}: converting {} to {}: {}", job.in, file->transfer_syntax->name, target_.name,
                                   st.error().describe()));
    // Lossy encoding of an image makes a new image; re-wrapping already lossy fragments does not.
    if (target_.may_be_lossy() && target_.encapsulated() && file->dataset.find(dicom::tags::PixelData) &&
        !(was_encapsulated && file->transfer_syntax == &target_)) {
      auto step = media::author::measure_lossy_step(file->dataset, target_, next_uid());
      if (!step) return fail(job, fmt::format("{}: {}", job.in, step.error().describe()));
      media::author::mark_lossy_derivative(file->dataset, file->meta, *step);
      base::Finding f;
      f.rule = "transcode.lossy";
      f.severity = base::Severity::kInfo;
      f.file = job.out;
      f.message = fmt::format("lossy {} at {:.1f}:1, new SOP Instance UID {}", step->method, step->ratio, step->new_sop_instance_uid);
      f.reference = "PS3.3 C.7.6.1.1.5";
      job.notes.push_back(std::move(f));
    }
    dicom::part10::WriteOptions options;
    options.transfer_syntax_uid = std::string(target_.uid);
    options.sync = o_.sync;
    // Transcoding preserves; it does not repair. A source without SOP UIDs keeps its elements and
    // gets empty Media Storage UIDs, with a warning (PS3.10 7.1 makes them type 1).
    options.require_sop_uids = false;
    if (!file->dataset.get_string(dicom::tags::SOPInstanceUID) || !file->dataset.get_string(dicom::tags::SOPClassUID))
      note(job, "transcode.no-sop-uids", "SOP Class or Instance UID missing; written with empty (0002,0002)/(0002,0003)");
    if (!o_.out_dir.empty()) {
      std::error_code ec;
      fs::create_directories(fs::path(job.out).parent_path(), ec);
    }
    if (auto st = dicom::part10::write_file(job.out, file->dataset, &file->meta, options); !st) return fail(job, st.error().describe());
    job.ok = true;
  }

 private:
  std::string next_uid() {
    std::lock_guard lock(mutex_);  // a UidSource is not thread-safe
    return uids_.next();
  }
  static void note(TranscodedFile& job, std::string rule, std::string message) {
    base::Finding f;
    f.rule = std::move(rule);
    f.severity = base::Severity::kWarning;
    f.file = job.in;
    f.message = std::move(message);
    job.notes.push_back(std::move(f));
  }
  static void fail(TranscodedFile& job, std::string why) {
    job.ok = false;
    job.error = std::move(why);
  }

  const TranscodeOptions& o_;
  const dicom::dict::TransferSyntax& target_;
  const codec::CodecRegistry& codecs_;
  base::UidSource& uids_;
  std::mutex mutex_;
};

}  // namespace

base::Result<TranscodeResult> transcode(const TranscodeOptions& options, const Context& context, Progress& progress,
                                        CancelToken& cancel) {
  const dicom::dict::TransferSyntax* target = dicom::dict::find_transfer_syntax(options.transfer_syntax);
  if (target == nullptr)
    return Error{ErrorCode::kInvalidArgument, fmt::format("unknown transfer syntax '{}'", options.transfer_syntax)};
  if (context.uids == nullptr) return Error{ErrorCode::kInvalidArgument, "transcode needs a UID source"};
  static const codec::CodecRegistry no_codecs;
  const codec::CodecRegistry& codecs = context.codecs != nullptr ? *context.codecs : no_codecs;
  DISCUS_TRY(std::vector<TranscodedFile> jobs, plan_jobs(options));
  if (cancel.requested()) return cancelled("before transcoding");
  DISCUS_CHECK(check_free_space(options.out_dir.empty() ? options.out : options.out_dir, estimate_output(bytes_under(options.inputs)),
                                "transcode"));

  TranscodeResult result;
  result.transfer_syntax = std::string(target->name);
  progress.on_stage(Stage::kTranscode, result.transfer_syntax);
  Transcoder transcoder(options, *target, codecs, *context.uids);
  std::atomic<std::size_t> done{0};
  const unsigned threads = options.jobs ? options.jobs : std::max(1u, context.threads);
  base::parallel_for(jobs.size(), threads, [&](std::size_t k) {
    if (cancel.requested()) return;  // between files; every output so far is whole
    transcoder.run(jobs[k]);
    for (const base::Finding& f : jobs[k].notes) progress.on_finding(f);
    if (!jobs[k].ok) {
      base::Finding f;
      f.rule = "transcode.failed";
      f.severity = base::Severity::kError;
      f.file = jobs[k].in;
      f.message = jobs[k].error;
      progress.on_finding(f);
    }
    progress.on_progress({Stage::kTranscode, Unit::kFiles, ++done, jobs.size(), jobs[k].in});
  });
  if (cancel.requested()) return cancelled("while transcoding");
  for (const TranscodedFile& j : jobs) result.failed += !j.ok;
  result.files = std::move(jobs);
  return result;
}

}  // namespace discus::app
