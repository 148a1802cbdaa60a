#include "net/services/server.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include <fmt/format.h>

#include "dicom/part10/writer.h"
#include "net/dimse/message.h"
#include "net/dimse/status.h"

namespace discus::net::services {
namespace {

using base::Status;
using namespace std::chrono_literals;

std::string_view reject_text(const ul::AssociateRj& rj) {
  if (rj.source == ul::RejectSource::kServiceProviderPresentation) return "local limit exceeded";
  switch (rj.reason) {
    case ul::reject_reason::kCalledAeNotRecognized: return "called AE title not recognized";
    case ul::reject_reason::kCallingAeNotRecognized: return "calling AE title not recognized";
    case ul::reject_reason::kApplicationContextNotSupported: return "application context not supported";
    default: return "not allowed";
  }
}

const ServiceRegistration* registered(const ScpOptions& o, std::string_view sop_class) {
  for (const ServiceRegistration& r : o.services)
    if (r.handler && r.sop_class_uid == sop_class) return &r;
  return nullptr;
}

// Contexts of registered SOP classes the default negotiation refused are accepted in the peer's
// first little endian syntax (PS3.7 D.3.3: N- and C-FIND/MOVE/GET messages use no compression).
void accept_registered(const ul::AssociateRq& rq, const ScpOptions& o, ul::AssociateAc& ac) {
  for (ul::PresentationContextAc& a : ac.presentation_contexts) {
    if (a.result == ul::ContextResult::kAcceptance) continue;
    for (const ul::PresentationContextRq& p : rq.presentation_contexts) {
      if (p.id != a.id || registered(o, p.abstract_syntax) == nullptr) continue;
      for (const std::string& ts : p.transfer_syntaxes) {
        if (std::find(kServiceTransferSyntaxes.begin(), kServiceTransferSyntaxes.end(), ts) != kServiceTransferSyntaxes.end()) {
          a.result = ul::ContextResult::kAcceptance;
          a.transfer_syntax = ts;
          break;
        }
      }
      if (a.result != ul::ContextResult::kAcceptance) a.result = ul::ContextResult::kTransferSyntaxesNotSupported;
    }
  }
}

// One association's DIMSE side: the handler MessageReceiver calls.
class Session final : public dimse::MessageReceiver::Handler {
 public:
  Session(ul::Association& assoc, const ScpOptions& o, std::vector<dimse::AcceptedContext> pcs, std::uint32_t peer_max,
          const AssociationInfo& info)
      : assoc_(assoc), o_(o), pcs_(std::move(pcs)), peer_max_(peer_max), info_(info), receiver_(o.storage, info.calling_ae_title) {}

  Status on_command(std::uint8_t pc, const dimse::Command& c) override {
    ++messages;
    const dimse::AcceptedContext* ctx = context(pc);
    if (ctx == nullptr) return base::Error{base::ErrorCode::kBadStructure, fmt::format("message on presentation context {} not accepted", pc)};
    service_ = nullptr;
    if (c.command_field == dimse::kCStoreRq) {
      storing_ = true;
      if (o_.storage.out_dir.empty() || c.affected_sop_class_uid != ctx->abstract_syntax) {
        pending_status_ = dimse::status::kSopClassNotSupported;
      } else {
        pending_status_ = 0;
        receiver_.begin(c, ctx->transfer_syntax);
      }
    } else if (!c.is_response() && c.command_field != dimse::kCEchoRq) {
      service_ = registered(o_, ctx->abstract_syntax);
      service_data_.clear();
    }
    return {};
  }
  Status on_data(base::ByteView fragment) override {
    if (storing_ && pending_status_ == 0) receiver_.write(fragment);
    if (service_ != nullptr) {
      if (service_data_.size() + fragment.size() > service_->max_data_set_bytes)
        return base::Error{base::ErrorCode::kLimitExceeded,
                           fmt::format("a data set over {} bytes for SOP class {}", service_->max_data_set_bytes, service_->sop_class_uid)};
      service_data_.insert(service_data_.end(), fragment.begin(), fragment.end());
    }
    return {};
  }
  Status on_message(std::uint8_t pc, const dimse::Command& c) override {
    if (service_ != nullptr) return serve_registered(pc, c);
    switch (c.command_field) {
      case dimse::kCEchoRq:
        return dimse::send_message(assoc_, pc, peer_max_, dimse::c_echo_rsp(c, dimse::status::kSuccess));
      case dimse::kCStoreRq: {
        storing_ = false;
        StoreOutcome out;
        if (pending_status_ != 0) {
          out.status = pending_status_;
          out.comment = "SOP class not accepted on this presentation context";
        } else {
          out = receiver_.finish();
        }
        bytes += out.bytes;
        if (dimse::classify(out.status) == dimse::StatusClass::kFailure) {
          ++failed;
        } else {
          ++stored;
          if (o_.on_stored && !out.path.empty())
            o_.on_stored(StoredInstance{info_, c.affected_sop_class_uid, c.affected_sop_instance_uid, out.path, out.bytes});
        }
        return dimse::send_message(assoc_, pc, peer_max_, dimse::c_store_rsp(c, out.status, out.comment));
      }
      default:
        if (c.is_response()) return {};  // nothing of ours to answer
        dimse::Command rsp;
        rsp.command_field = static_cast<std::uint16_t>(c.command_field | 0x8000);
        rsp.affected_sop_class_uid = c.affected_sop_class_uid;
        rsp.message_id_being_responded_to = c.message_id.value_or(0);
        rsp.status = dimse::status::kUnrecognizedOperation;
        return dimse::send_message(assoc_, pc, peer_max_, rsp);
    }
  }
  void discard() { receiver_.discard(); }

  std::uint64_t messages = 0, stored = 0, failed = 0, bytes = 0;

 private:
  Status serve_registered(std::uint8_t pc, const dimse::Command& c) {
    const ServiceRegistration* r = service_;
    service_ = nullptr;
    const dimse::AcceptedContext* ctx = context(pc);
    const ServiceRequest rq{info_, pc, ctx->abstract_syntax, ctx->transfer_syntax, c, service_data_};
    for (ServiceReply& reply : r->handler->handle(rq)) {
      if (reply.command.has_data_set()) {
        dimse::MemorySource ds(reply.data_set);
        DISCUS_CHECK(dimse::send_message(assoc_, pc, peer_max_, reply.command, &ds));
      } else {
        DISCUS_CHECK(dimse::send_message(assoc_, pc, peer_max_, reply.command));
      }
    }
    service_data_.clear();
    return {};
  }
  const dimse::AcceptedContext* context(std::uint8_t pc) const {
    for (const auto& c : pcs_)
      if (c.id == pc) return &c;
    return nullptr;
  }
  ul::Association& assoc_;
  const ScpOptions& o_;
  std::vector<dimse::AcceptedContext> pcs_;
  std::uint32_t peer_max_;
  const AssociationInfo& info_;
  StorageReceiver receiver_;
  bool storing_ = false;
  std::uint16_t pending_status_ = 0;
  const ServiceRegistration* service_ = nullptr;  // the registered service of the message in progress
  base::Bytes service_data_;
};

}  // namespace

base::Result<std::unique_ptr<Server>> Server::start(ScpOptions options, base::Logger& log) {
  DISCUS_TRY(ul::Listener l, ul::Listener::open(options.port, options.bind_address));
  if (options.accept.implementation_class_uid.empty())
    options.accept.implementation_class_uid = std::string(dicom::part10::kImplementationClassUID);
  if (options.accept.implementation_version_name.empty())
    options.accept.implementation_version_name = std::string(dicom::part10::kImplementationVersionName);
  if (!options.storage.out_dir.empty()) sweep_incoming(options.storage.out_dir);
  return std::unique_ptr<Server>(new Server(std::move(options), std::move(l), log));
}

void Server::run(const std::atomic<bool>& stop) {
  // A few threads beyond the limit only to answer "local limit exceeded"; past those, close.
  const int hard_cap = static_cast<int>(options_.max_associations) + 16;
  while (!stop.load()) {
    auto got = listener_.accept(ul::deadline_in(200ms));
    if (!got) {
      std::lock_guard lock(log_mutex_);
      log_.error("accept: {}", got.error().message);
      std::this_thread::sleep_for(100ms);
      continue;
    }
    if (!*got) continue;
    std::unique_ptr<ul::TcpTransport> tcp = std::move(**got);
    if (threads_.load() >= hard_cap) {
      ++stats_.rejected;
      continue;  // closed by the destructor
    }
    const bool over = stats_.active.load() >= static_cast<int>(options_.max_associations);
    ++threads_;
    if (!over) ++stats_.active;
    try {
      std::thread([this, t = std::move(tcp), over]() mutable {
        serve(std::move(t), over);
        if (!over) --stats_.active;
        --threads_;
      }).detach();
    } catch (const std::system_error&) {
      --threads_;
      if (!over) --stats_.active;
    }
  }
  while (threads_.load() > 0) std::this_thread::sleep_for(20ms);
}

void Server::serve(std::unique_ptr<ul::TcpTransport> tcp, bool over_limit) noexcept {
  const auto started = std::chrono::steady_clock::now();
  const std::string peer = tcp->peer_address(), host = tcp->peer_host();
  std::unique_ptr<ul::Transport> transport;
  if (options_.tls) {
    auto t = options_.tls->wrap(std::move(tcp), ul::deadline_in(options_.timeouts.artim));
    if (!t) {
      ++stats_.rejected;
      std::lock_guard lock(log_mutex_);
      log_.warn("association from {}: TLS refused: {}", peer, t.error().message);
      return;
    }
    transport = std::move(*t);
  } else {
    transport = std::move(tcp);
  }
  ul::Association assoc(std::move(transport), ul::Role::kAcceptor, options_.timeouts);
  assoc.set_receive_limit(options_.max_pdu_length);
  auto rq = assoc.receive_request();
  if (!rq) {
    ++stats_.aborted;
    std::lock_guard lock(log_mutex_);
    log_.warn("association from {}: no valid A-ASSOCIATE-RQ: {}", peer, rq.error().describe());
    return;
  }
  const std::string who = fmt::format("{}@{} -> {}", rq->calling_ae_title, peer, rq->called_ae_title);
  std::optional<ul::AssociateRj> rj = check_access(options_.access, *rq, host);
  if (!rj && over_limit)
    rj = ul::AssociateRj{ul::RejectResult::kTransient, ul::RejectSource::kServiceProviderPresentation,
                         ul::reject_reason::kLocalLimitExceeded};
  if (rj) {
    assoc.reject(*rj);
    ++stats_.rejected;
    std::lock_guard lock(log_mutex_);
    log_.warn("association {}: rejected ({})", who, reject_text(*rj));
    return;
  }
  ul::AssociateAc ac = dimse::negotiate(*rq, options_.accept, options_.max_pdu_length);
  if (!options_.services.empty()) accept_registered(*rq, options_, ac);
  auto pcs = dimse::accepted_contexts(*rq, ac);
  if (auto st = assoc.accept(ac); !st) {
    ++stats_.aborted;
    return;
  }
  ++stats_.associations;
  const AssociationInfo info{++next_id_, rq->calling_ae_title, rq->called_ae_title, host};
  Session session(assoc, options_, pcs, rq->user_information.max_pdu_length, info);
  dimse::MessageReceiver receiver;
  std::string ended;
  for (;;) {
    auto in = assoc.receive();
    if (!in) {
      ended = fmt::format("aborted: {}", in.error().message);
      session.discard();
      break;
    }
    if (auto* p = std::get_if<ul::PDataTf>(&*in)) {
      if (auto st = receiver.feed(*p, session); !st) {
        ended = fmt::format("aborted by us: {}", st.error().message);
        session.discard();
        assoc.abort(ul::AbortSource::kServiceProvider, ul::abort_reason::kInvalidPduParameterValue);
        break;
      }
      if (options_.max_messages_per_association != 0 && session.messages > options_.max_messages_per_association &&
          receiver.idle()) {
        ended = "aborted by us: message limit reached";
        assoc.abort();
        break;
      }
      continue;
    }
    if (std::holds_alternative<ul::ReleaseRequested>(*in)) {
      session.discard();
      assoc.answer_release();
      ended = "released";
      break;
    }
    session.discard();
    ended = "aborted by the peer";
    break;
  }
  if (ended != "released") ++stats_.aborted;
  for (const ServiceRegistration& r : options_.services)
    if (r.handler) r.handler->association_ended(info);
  if (options_.on_association_end)
    options_.on_association_end(AssociationEnded{info, session.stored, session.failed, session.bytes, ended == "released"});
  stats_.instances += session.stored;
  stats_.failures += session.failed;
  stats_.bytes += session.bytes;
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  std::lock_guard lock(log_mutex_);
  log_.info("association {}: {} of {} contexts accepted, {} instances stored, {} failed, {} bytes, {} ms, {}", who, pcs.size(),
            rq->presentation_contexts.size(), session.stored, session.failed, session.bytes, ms, ended);
}

}  // namespace discus::net::services
