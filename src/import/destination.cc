#include "import/destination.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <set>
#include <system_error>
#include <thread>

#include <fmt/format.h>

#include "base/file.h"
#include "codec/frames/transcode_pixels.h"
#include "dicom/dict/tags.h"
#include "dicom/dict/transfer_syntax.h"
#include "dicom/encoding/output_stream.h"
#include "dicom/part10/reader.h"
#include "dicom/part10/writer.h"
#include "net/dimse/message.h"
#include "net/dimse/status.h"

namespace discus::import {
namespace fs = std::filesystem;
using base::Error;
using base::ErrorCode;

namespace {

constexpr std::string_view kExplicitLE = "1.2.840.10008.1.2.1";
constexpr std::string_view kImplicitLE = "1.2.840.10008.1.2";
constexpr std::size_t kMaxContexts = 128;  // PC-IDs are odd numbers 1-255 (PS3.8 9.3.2.2)

// The data set of an Outgoing: head from its data set offset, then the verbatim tail.
class OutgoingSource final : public net::dimse::DataSource {
 public:
  explicit OutgoingSource(const Outgoing& o)
      : parts_{base::ByteView(o.head).subspan(std::min(o.dataset_offset, o.head.size())), o.tail} {}
  base::Result<std::size_t> read(std::span<std::uint8_t> buf) override {
    std::size_t n = 0;
    while (n < buf.size() && part_ < 2) {
      const base::ByteView p = parts_[part_];
      const std::size_t take = std::min(buf.size() - n, p.size() - pos_);
      std::copy_n(p.begin() + static_cast<std::ptrdiff_t>(pos_), take, buf.begin() + static_cast<std::ptrdiff_t>(n));
      n += take;
      pos_ += take;
      if (pos_ == p.size()) ++part_, pos_ = 0;
    }
    return n;
  }

 private:
  base::ByteView parts_[2];
  std::size_t part_ = 0, pos_ = 0;
};

// The whole Part 10 file of an Outgoing, in one buffer (the rare paths: transcoding, staging).
base::Bytes whole_file(const Outgoing& o) {
  base::Bytes b;
  b.reserve(o.head.size() + o.tail.size());
  b.insert(b.end(), o.head.begin(), o.head.end());
  b.insert(b.end(), o.tail.begin(), o.tail.end());
  return b;
}

// The data set re-encoded in `to`, pixel data transcoded by the registry (the peer refused the
// instance's own syntax: PS3.4 B.2.1 lets the SCU offer the instance in another).
base::Result<base::Bytes> transcoded(const Outgoing& o, const dicom::dict::TransferSyntax& to, const codec::CodecRegistry* codecs) {
  const base::Bytes whole = whole_file(o);
  DISCUS_TRY(dicom::part10::DicomFile f, dicom::part10::read_memory(whole, {}, o.sop_instance_uid));
  if (f.transfer_syntax != nullptr && f.transfer_syntax->uid != to.uid) {
    const bool pixels_change = f.transfer_syntax->encapsulated() || to.encapsulated();
    if (pixels_change && codecs == nullptr) return Error{ErrorCode::kUnsupported, "no codecs to transcode with"};
    const codec::CodecRegistry none;
    if (f.dataset.find(dicom::tags::PixelData) != nullptr)
      DISCUS_CHECK(codec::transcode_pixel_data(f.dataset, *f.transfer_syntax, to, codecs != nullptr ? *codecs : none));
  }
  dicom::MemoryOutputStream out;
  dicom::part10::WriteOptions wo;
  wo.transfer_syntax_uid = std::string(to.uid);
  DISCUS_CHECK(dicom::part10::write_dataset(out, f.dataset, to, wo));
  return std::move(out.bytes());
}

// One association for the whole import. Every (class, syntax) the import needs is proposed up
// front: the class in its own syntax, and once per class Explicit then Implicit VR Little Endian
// as the fallback a transcoded instance goes out in. More than 128 contexts (never seen on a
// real medium) open a further association from the first need the current one lacks.
class PacsSession final : public DestinationSession {
 public:
  PacsSession(const net::services::SendOptions& o, std::vector<ContextNeed> needs) : o_(o), needs_(std::move(needs)) {}
  ~PacsSession() override { finish(); }

  std::optional<std::string> store(const Outgoing& out, const StoreHooks& hooks) override {
    if (!dead_.empty()) return fmt::format("not sent: {}", dead_);
    bool flown = false;
    for (int attempt = 0;; ++attempt) {
      std::string lost;
      std::optional<std::string> answer = try_store(out, hooks, flown, lost);
      if (answer) return answer;
      // The association broke (connect failed, or lost before the answer): drop it and retry on a
      // new one, as the Storage SCU does; the ledger row is simply written again by before().
      e_.reset();
      if (attempt >= o_.retries) {
        dead_ = lost;
        return fmt::format("association lost: {}", lost);
      }
      std::this_thread::sleep_for(o_.retry_delay);
    }
  }

  void finish() override {
    if (e_ && e_->association) (void)e_->association->release();
    e_.reset();
  }

 private:
  // The contexts of needs_[from...] that fit in one association.
  std::vector<net::ul::PresentationContextRq> window(std::size_t from) {
    std::vector<net::ul::PresentationContextRq> pcs;
    std::set<std::string> classes;
    proposed_.clear();
    std::uint8_t id = 1;
    for (std::size_t k = from; k < needs_.size(); ++k) {
      const auto& [cls, ts] = needs_[k];
      const std::size_t more = (ts == kExplicitLE ? 0 : 1) + (classes.contains(cls) ? 0 : 1);
      if (pcs.size() + more > kMaxContexts) break;
      if (ts != kExplicitLE) {
        pcs.push_back({id, cls, {ts}});
        id = static_cast<std::uint8_t>(id + 2);
      }
      if (classes.insert(cls).second) {
        pcs.push_back({id, cls, {std::string(kExplicitLE), std::string(kImplicitLE)}});
        id = static_cast<std::uint8_t>(id + 2);
      }
      proposed_.insert(cls);
    }
    return pcs;
  }

  // nullopt with `lost` set: the association is gone and the instance may be retried.
  std::optional<std::string> try_store(const Outgoing& out, const StoreHooks& hooks, bool& flown, std::string& lost) {
    if (e_ && !proposed_.contains(out.sop_class_uid)) finish();
    if (!e_) {
      std::size_t from = 0;
      while (from < needs_.size() && needs_[from].first != out.sop_class_uid) ++from;
      if (from == needs_.size()) {  // not announced: propose it alone
        needs_.push_back({out.sop_class_uid, out.transfer_syntax_uid});
      }
      auto e = net::services::open_association(o_.scu, window(from));
      if (!e) {
        lost = e.error().message;
        return std::nullopt;
      }
      if (e->rejected) {
        dead_ = net::services::describe_reject(*e->rejected);
        return dead_;
      }
      e_ = std::move(*e);
      message_id_ = 0;
    }
    const net::dimse::AcceptedContext* pc = net::dimse::find_context(e_->contexts, out.sop_class_uid, out.transfer_syntax_uid);
    base::Bytes memory;
    std::optional<OutgoingSource> direct;
    std::optional<net::dimse::MemorySource> converted;
    net::dimse::DataSource* source = nullptr;
    if (pc != nullptr) {
      direct.emplace(out);
      source = &*direct;
    } else {
      pc = net::dimse::find_context(e_->contexts, out.sop_class_uid);
      if (pc == nullptr) return fmt::format("the peer accepted no presentation context for {}", out.sop_class_uid);
      const dicom::dict::TransferSyntax* to = dicom::dict::find_transfer_syntax(pc->transfer_syntax);
      auto bytes = to == nullptr ? base::Result<base::Bytes>(Error{ErrorCode::kUnsupported, "unknown syntax"}) : transcoded(out, *to, o_.codecs);
      if (!bytes)
        return fmt::format("the peer refused {} and transcoding to {} failed: {}", out.transfer_syntax_uid, pc->transfer_syntax,
                           bytes.error().describe());
      memory = std::move(*bytes);
      converted.emplace(memory);
      source = &*converted;
    }
    ++message_id_;
    if (hooks.before) hooks.before();
    auto st = net::dimse::send_message(*e_->association, pc->id, e_->ac.user_information.max_pdu_length,
                                       net::dimse::c_store_rq(message_id_, out.sop_class_uid, out.sop_instance_uid), source);
    // While the peer stores it: our spare time (the sent hash), once per instance.
    if (st && !flown && hooks.in_flight) hooks.in_flight(), flown = true;
    auto rsp = st ? net::dimse::receive_command(*e_->association)
                  : base::Result<std::pair<std::uint8_t, net::dimse::Command>>(std::move(st).error());
    if (!rsp) {
      lost = rsp.error().message;
      return std::nullopt;
    }
    const net::dimse::Command& c = rsp->second;
    if (c.command_field != net::dimse::kCStoreRsp || c.message_id_being_responded_to.value_or(0) != message_id_)
      return fmt::format("unexpected {} in answer to C-STORE-RQ", net::dimse::command_name(c.command_field));
    const std::uint16_t status = c.status.value_or(0xFFFF);
    const auto cls = net::dimse::classify(status);
    if (cls == net::dimse::StatusClass::kSuccess || cls == net::dimse::StatusClass::kWarning) return std::string();
    std::string why = net::dimse::describe_status(status) + (c.error_comment.empty() ? "" : ": " + c.error_comment);
    return why.empty() ? std::string("refused") : why;
  }

  net::services::SendOptions o_;
  std::vector<ContextNeed> needs_;
  std::set<std::string> proposed_;  // classes the open association proposed
  std::optional<net::services::Established> e_;
  std::uint16_t message_id_ = 0;
  std::string dead_;  // set once retries are spent (or the peer rejected us): nothing more goes out
};

class FolderSession final : public DestinationSession {
 public:
  explicit FolderSession(std::string dir) : dir_(std::move(dir)) {
    std::error_code ec;
    fs::create_directories(dir_, ec);
  }
  std::optional<std::string> store(const Outgoing& o, const StoreHooks& hooks) override {
    if (hooks.before) hooks.before();
    if (hooks.in_flight) hooks.in_flight();
    // The SOP Instance UID is a safe file name (digits and dots, checked valid before staging).
    auto out = base::AtomicOutputFile::create((fs::path(dir_) / (o.sop_instance_uid + ".dcm")).string());
    if (!out) return out.error().message;
    if (auto w = out->write(o.head); !w) return w.error().message;
    if (auto w = out->write(o.tail); !w) return w.error().message;
    if (auto c = out->commit(true); !c) return c.error().message;
    return std::string();
  }

 private:
  std::string dir_;
};

}  // namespace

std::unique_ptr<DestinationSession> PacsDestination::open_session(const std::vector<ContextNeed>& needs, const std::string&) {
  return std::make_unique<PacsSession>(options_, needs);
}

std::unique_ptr<DestinationSession> FolderDestination::open_session(const std::vector<ContextNeed>&, const std::string&) {
  return std::make_unique<FolderSession>(dir_);
}

void PacsDestination::send(const std::vector<Staged>& files, const std::function<void(std::size_t)>& before,
                           const std::function<void(std::size_t, const std::string&)>& after) {
  std::map<std::string, std::size_t> index;
  std::vector<std::string> paths;
  for (std::size_t k = 0; k < files.size(); ++k) {
    index[files[k].path] = k;
    paths.push_back(files[k].path);
  }
  net::services::SendOptions o = options_;
  o.before_send = [&](const net::services::FileOutcome& f) {
    if (auto it = index.find(f.path); it != index.end()) before(it->second);
  };
  // A file reopened after a lost association is announced again by before_send: the ledger row
  // is simply rewritten (still "sending").
  (void)net::services::send_files(paths, o, [&](const net::services::FileOutcome& f) {
    auto it = index.find(f.path);
    if (it == index.end()) return;
    after(it->second, f.ok() ? std::string() : (f.error.empty() ? std::string("refused") : f.error));
  });
}

FolderDestination::FolderDestination(std::string dir) {
  std::error_code ec;
  const fs::path abs = fs::absolute(dir, ec);
  dir_ = ec ? dir : abs.lexically_normal().string();
  while (dir_.size() > 1 && dir_.back() == '/') dir_.pop_back();
}

void FolderDestination::send(const std::vector<Staged>& files, const std::function<void(std::size_t)>& before,
                             const std::function<void(std::size_t, const std::string&)>& after) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  for (std::size_t k = 0; k < files.size(); ++k) {
    before(k);
    // The SOP Instance UID is a safe file name (digits and dots, checked valid before staging).
    const std::string target = (fs::path(dir_) / (files[k].sop_instance_uid + ".dcm")).string();
    std::string error;
    auto copied = base::read_whole_file(files[k].path, 1ull << 34);
    if (!copied) {
      error = copied.error().message;
    } else {
      auto out = base::AtomicOutputFile::create(target);
      if (!out) error = out.error().message;
      else if (auto w = out->write(*copied); !w) error = w.error().message;
      else if (auto c = out->commit(true); !c) error = c.error().message;
    }
    after(k, error);
  }
}

}  // namespace discus::import
