#include "net/services/mcm_service.h"

#include <fmt/format.h>

#include <mutex>

#include "dicom/dict/tags.h"
#include "net/dimse/n_messages.h"
#include "net/dimse/status.h"

namespace discus::net::services {
namespace {

ServiceReply bare(const dimse::Command& rq, std::uint16_t status, std::string comment) {
  dimse::Command c;
  c.command_field = static_cast<std::uint16_t>(rq.command_field | 0x8000);
  c.message_id_being_responded_to = rq.message_id.value_or(0);
  c.affected_sop_class_uid = rq.affected_sop_class_uid.empty() ? rq.requested_sop_class_uid : rq.affected_sop_class_uid;
  c.affected_sop_instance_uid =
      rq.affected_sop_instance_uid.empty() ? rq.requested_sop_instance_uid : rq.affected_sop_instance_uid;
  c.status = status;
  c.error_comment = comment.substr(0, 64);
  c.data_set_type = dimse::kNoDataSet;
  return {std::move(c), {}};
}

}  // namespace

void McmService::attach(MediaCreationBackend* backend) {
  std::unique_lock lock(mutex_);  // waits for the requests in progress
  scp_ = backend != nullptr ? std::make_unique<MediaCreationScp>(*backend, uids_) : nullptr;
}

std::vector<ServiceReply> McmService::handle(const ServiceRequest& request) noexcept {
  try {
    return serve(request);
  } catch (const std::exception& e) {  // no exception crosses the handler (server.h)
    if (log_) log_->error("Media Creation Management: {}", e.what());
    return {bare(request.command, dimse::status::kProcessingFailure, "processing failure")};
  }
}

std::vector<ServiceReply> McmService::serve(const ServiceRequest& request) {
  const dimse::Command& rq = request.command;
  std::shared_lock lock(mutex_);
  if (!scp_) return {bare(rq, dimse::status::kResourceLimitation, "the media service is starting or stopping")};
  auto data = dimse::decode_dataset(request.data_set, request.transfer_syntax_uid);
  if (!data) {
    // PS3.7 C.4: a data set we cannot parse is a mistyped argument, not a reason to abort.
    if (log_) log_->warn("Media Creation Management from {}: {}: {}", request.association.calling_ae_title,
                         dimse::command_name(rq.command_field), data.error().describe());
    return {bare(rq, dimse::status::kMistypedArgument, "the data set cannot be parsed")};
  }
  NReply reply = scp_->handle(rq, *data, request.association.calling_ae_title);
  ServiceReply out{std::move(reply.command), {}};
  if (reply.dataset) {
    auto bytes = dimse::encode_dataset(*reply.dataset, request.transfer_syntax_uid);
    if (!bytes) return {bare(rq, dimse::status::kProcessingFailure, "the reply cannot be encoded")};
    out.data_set = std::move(*bytes);
    out.command.data_set_type = dimse::kHasDataSet;
  } else {
    out.command.data_set_type = dimse::kNoDataSet;
  }
  if (log_) {
    std::string state;
    if (reply.dataset)
      if (auto s = reply.dataset->get_string(dicom::tags::ExecutionStatus))
        state = fmt::format(", {}/{}", *s, reply.dataset->get_string(dicom::tags::ExecutionStatusInfo).value_or(""));
    const std::string& uid = out.command.affected_sop_instance_uid;
    log_->info("Media Creation Management from {}: {} {}{} -> {}{}", request.association.calling_ae_title,
               dimse::command_name(rq.command_field),
               rq.action_type_id ? fmt::format("type {} ", *rq.action_type_id) : std::string(), uid,
               dimse::describe_status(out.command.status.value_or(0)), state);
  }
  return {std::move(out)};
}

}  // namespace discus::net::services
