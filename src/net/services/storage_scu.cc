#include "net/services/storage_scu.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "codec/frames/transcode_pixels.h"
#include "dicom/dict/tags.h"
#include "dicom/dict/transfer_syntax.h"
#include "dicom/encoding/output_stream.h"
#include "dicom/part10/reader.h"
#include "dicom/part10/writer.h"
#include "net/dimse/message.h"
#include "net/dimse/status.h"

namespace discus::net::services {
namespace {

namespace fs = std::filesystem;
using base::Error;
using base::ErrorCode;

constexpr std::string_view kExplicitLE = "1.2.840.10008.1.2.1";
constexpr std::string_view kImplicitLE = "1.2.840.10008.1.2";
constexpr std::size_t kMaxContexts = 128;  // PC-IDs are odd numbers 1-255

struct Item {
  std::size_t index;  // into the outcomes
  std::uint64_t dataset_offset = 0;
};

std::vector<std::string> expand(const std::vector<std::string>& inputs) {
  std::vector<std::string> out;
  for (const std::string& in : inputs) {
    std::error_code ec;
    if (fs::is_directory(in, ec)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(in, fs::directory_options::skip_permission_denied, ec);
           it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        if (it->is_regular_file(ec)) found.push_back(it->path().string());
      }
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
    } else {
      out.push_back(in);
    }
  }
  return out;
}

// The contexts a group of files needs: (class, file syntax) and (class, [explicit, implicit]).
std::vector<ul::PresentationContextRq> contexts_for(const std::vector<FileOutcome>& files, const std::vector<Item>& items) {
  std::set<std::pair<std::string, std::string>> pairs;
  std::set<std::string> classes;
  for (const Item& i : items) {
    pairs.emplace(files[i.index].sop_class_uid, files[i.index].transfer_syntax);
    classes.insert(files[i.index].sop_class_uid);
  }
  std::vector<ul::PresentationContextRq> pcs;
  std::uint8_t id = 1;
  for (const auto& [cls, ts] : pairs) {
    if (ts == kExplicitLE) continue;  // the fallback context covers it (explicit first)
    pcs.push_back({id, cls, {ts}});
    id = static_cast<std::uint8_t>(id + 2);
  }
  for (const std::string& cls : classes) {
    pcs.push_back({id, cls, {std::string(kExplicitLE), std::string(kImplicitLE)}});
    id = static_cast<std::uint8_t>(id + 2);
  }
  return pcs;
}

std::size_t contexts_needed(const std::vector<FileOutcome>& files, const std::vector<Item>& items) {
  return contexts_for(files, items).size();
}

// The data set of `path` re-encoded in `to`, pixel data transcoded by the registry.
base::Result<base::Bytes> transcoded(const std::string& path, const dicom::dict::TransferSyntax& to, const codec::CodecRegistry* codecs) {
  DISCUS_TRY(dicom::part10::DicomFile f, dicom::part10::read_file(path));
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

// Sends the items on one association; returns the items not attempted (association lost).
std::vector<Item> send_group(Established& e, std::vector<FileOutcome>& files, const std::vector<Item>& items,
                             const SendOptions& o, const std::function<void(const FileOutcome&)>& on_file,
                             std::string& lost) {
  std::uint16_t message_id = 0;
  const std::uint32_t peer_max = e.ac.user_information.max_pdu_length;
  for (std::size_t k = 0; k < items.size(); ++k) {
    FileOutcome& f = files[items[k].index];
    const dimse::AcceptedContext* pc = dimse::find_context(e.contexts, f.sop_class_uid, f.transfer_syntax);
    base::Bytes memory;
    std::optional<dimse::FileSource> file_source;
    std::optional<dimse::MemorySource> memory_source;
    dimse::DataSource* source = nullptr;
    if (pc != nullptr) {
      auto s = dimse::FileSource::open(f.path, items[k].dataset_offset);
      if (!s) {
        f.error = s.error().describe();
        if (on_file) on_file(f);
        continue;
      }
      file_source.emplace(std::move(*s));
      source = &*file_source;
    } else {
      pc = dimse::find_context(e.contexts, f.sop_class_uid);
      if (pc == nullptr) {
        f.error = fmt::format("the peer accepted no presentation context for {}", f.sop_class_uid);
        if (on_file) on_file(f);
        continue;
      }
      const dicom::dict::TransferSyntax* to = dicom::dict::find_transfer_syntax(pc->transfer_syntax);
      auto bytes = to == nullptr ? base::Result<base::Bytes>(Error{ErrorCode::kUnsupported, "unknown syntax"})
                                 : transcoded(f.path, *to, o.codecs);
      if (!bytes) {
        f.error = fmt::format("the peer refused {} and transcoding to {} failed: {}", f.transfer_syntax, pc->transfer_syntax,
                              bytes.error().describe());
        if (on_file) on_file(f);
        continue;
      }
      memory = std::move(*bytes);
      memory_source.emplace(memory);
      source = &*memory_source;
      f.transcoded = true;
      f.transfer_syntax = pc->transfer_syntax;
    }
    ++message_id;
    if (o.before_send) o.before_send(f);
    auto st = dimse::send_message(*e.association, pc->id, peer_max,
                                  dimse::c_store_rq(message_id, f.sop_class_uid, f.sop_instance_uid), source);
    base::Result<std::pair<std::uint8_t, dimse::Command>> rsp =
        st ? dimse::receive_command(*e.association) : base::Result<std::pair<std::uint8_t, dimse::Command>>(std::move(st).error());
    if (!rsp) {
      lost = rsp.error().message;
      return std::vector<Item>(items.begin() + static_cast<std::ptrdiff_t>(k), items.end());
    }
    const dimse::Command& c = rsp->second;
    if (c.command_field != dimse::kCStoreRsp || c.message_id_being_responded_to.value_or(0) != message_id) {
      f.error = fmt::format("unexpected {} in answer to C-STORE-RQ", dimse::command_name(c.command_field));
    } else {
      f.status = c.status.value_or(0xFFFF);
      if (!f.ok()) f.error = dimse::describe_status(*f.status) + (c.error_comment.empty() ? "" : ": " + c.error_comment);
    }
    if (on_file) on_file(f);
  }
  return {};
}

}  // namespace

bool FileOutcome::ok() const {
  if (!status) return false;
  const auto c = dimse::classify(*status);
  return c == dimse::StatusClass::kSuccess || c == dimse::StatusClass::kWarning;
}

std::size_t SendResult::failed() const {
  return static_cast<std::size_t>(std::count_if(files.begin(), files.end(), [](const FileOutcome& f) { return !f.ok(); }));
}

SendResult send_files(const std::vector<std::string>& inputs, const SendOptions& o,
                      const std::function<void(const FileOutcome&)>& on_file) {
  SendResult r;
  std::vector<Item> todo;
  for (const std::string& path : expand(inputs)) {
    FileOutcome f;
    f.path = path;
    dicom::part10::ReadOptions ro;
    ro.stop_before_pixels = true;
    auto file = dicom::part10::read_file(path, ro);
    if (!file) {
      f.error = file.error().describe();
    } else {
      f.sop_class_uid = std::string(file->dataset.get_string(dicom::tags::SOPClassUID).value_or(
          file->meta.get_string(dicom::tags::MediaStorageSOPClassUID).value_or("")));
      f.sop_instance_uid = std::string(file->dataset.get_string(dicom::tags::SOPInstanceUID).value_or(
          file->meta.get_string(dicom::tags::MediaStorageSOPInstanceUID).value_or("")));
      f.transfer_syntax = file->transfer_syntax != nullptr ? std::string(file->transfer_syntax->uid) : std::string(kImplicitLE);
      if (f.sop_class_uid.empty() || f.sop_instance_uid.empty()) f.error = "no SOP Class or SOP Instance UID";
    }
    r.files.push_back(std::move(f));
    if (r.files.back().error.empty()) todo.push_back(Item{r.files.size() - 1, file ? file->dataset_offset : 0});
    else if (on_file) on_file(r.files.back());
  }
  int retries_left = o.retries;
  while (!todo.empty()) {
    // The next group: as many files (in order) as fit in 128 presentation contexts.
    std::vector<Item> group;
    for (const Item& i : todo) {
      group.push_back(i);
      if (contexts_needed(r.files, group) > kMaxContexts) {
        group.pop_back();
        break;
      }
    }
    auto e = open_association(o.scu, contexts_for(r.files, group));
    std::string lost;
    std::vector<Item> left;
    if (!e) {
      lost = e.error().message;
      left = group;
    } else if (e->rejected) {
      r.rejected = e->rejected;
      for (const Item& i : todo) {
        r.files[i.index].error = describe_reject(*e->rejected);
        if (on_file) on_file(r.files[i.index]);
      }
      return r;
    } else {
      left = send_group(*e, r.files, group, o, on_file, lost);
      if (left.empty()) (void)e->association->release();
    }
    // Drop the group from todo, put back what was not attempted.
    std::vector<Item> rest(todo.begin() + static_cast<std::ptrdiff_t>(group.size()), todo.end());
    if (!left.empty()) {
      if (retries_left-- <= 0) {
        r.association_error = lost;
        for (const Item& i : left) {
          r.files[i.index].error = fmt::format("association lost: {}", lost);
          if (on_file) on_file(r.files[i.index]);
        }
        for (const Item& i : rest) {
          r.files[i.index].error = fmt::format("not sent: {}", lost);
          if (on_file) on_file(r.files[i.index]);
        }
        return r;
      }
      std::this_thread::sleep_for(o.retry_delay);
      left.insert(left.end(), rest.begin(), rest.end());
      todo = std::move(left);
    } else {
      todo = std::move(rest);
    }
  }
  return r;
}

}  // namespace discus::net::services
