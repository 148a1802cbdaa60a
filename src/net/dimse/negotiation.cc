#include "net/dimse/negotiation.h"

#include <algorithm>

#include "dicom/dict/transfer_syntax.h"
#include "dicom/dict/uid_registry.h"

namespace discus::net::dimse {

bool is_storage_sop_class(std::string_view uid) {
  const dicom::dict::UidEntry* e = dicom::dict::find_uid(uid);
  if (e == nullptr || e->type != "SOP Class") return false;
  return e->name.find("Storage") != std::string_view::npos && e->name.find("Commitment") == std::string_view::npos &&
         e->name.find("Storage Management") == std::string_view::npos;
}

bool supported_transfer_syntax(std::string_view uid) { return dicom::dict::find_transfer_syntax(uid) != nullptr; }

ul::AssociateAc negotiate(const ul::AssociateRq& rq, const AcceptPolicy& policy, std::uint32_t our_max_pdu) {
  ul::AssociateAc ac;
  ac.called_ae_title = rq.called_ae_title;
  ac.calling_ae_title = rq.calling_ae_title;
  ac.application_context = std::string(ul::kDicomApplicationContext);
  ac.user_information.max_pdu_length = our_max_pdu;
  ac.user_information.implementation_class_uid = policy.implementation_class_uid;
  ac.user_information.implementation_version_name = policy.implementation_version_name;
  // PS3.7 D.3.3.3: we perform one operation at a time; say so when asked.
  if (rq.user_information.async_operations) ac.user_information.async_operations = ul::AsyncOperationsWindow{1, 1};
  for (const ul::PresentationContextRq& pc : rq.presentation_contexts) {
    ul::PresentationContextAc r;
    r.id = pc.id;
    const bool verification = pc.abstract_syntax == kVerificationSopClass;
    const bool storage = is_storage_sop_class(pc.abstract_syntax) || (policy.any_sop_class && !verification);
    if ((verification && !policy.verification) || (!verification && !(storage && policy.storage))) {
      r.result = ul::ContextResult::kAbstractSyntaxNotSupported;
      r.transfer_syntax = pc.transfer_syntaxes.front();
    } else {
      // The peer's order is its preference (DCMTK proposes a file's own syntax first).
      auto it = std::find_if(pc.transfer_syntaxes.begin(), pc.transfer_syntaxes.end(),
                             [&](const std::string& ts) { return verification ? ts == "1.2.840.10008.1.2" || ts == "1.2.840.10008.1.2.1" || ts == "1.2.840.10008.1.2.2" : supported_transfer_syntax(ts); });
      if (it == pc.transfer_syntaxes.end()) {
        r.result = ul::ContextResult::kTransferSyntaxesNotSupported;
        r.transfer_syntax = pc.transfer_syntaxes.front();
      } else {
        r.result = ul::ContextResult::kAcceptance;
        r.transfer_syntax = *it;
      }
    }
    ac.presentation_contexts.push_back(std::move(r));
  }
  // PS3.7 D.3.3.4: answer each role proposal for a class we accept; a Storage SCP takes the SCP
  // role, the peer keeps the SCU role it asked for.
  for (const ul::RoleSelection& s : rq.user_information.role_selections) {
    ul::RoleSelection a;
    a.sop_class_uid = s.sop_class_uid;
    a.scu_role = s.scu_role;
    a.scp_role = false;
    ac.user_information.role_selections.push_back(a);
  }
  return ac;
}

std::vector<AcceptedContext> accepted_contexts(const ul::AssociateRq& rq, const ul::AssociateAc& ac) {
  std::vector<AcceptedContext> out;
  for (const ul::PresentationContextAc& a : ac.presentation_contexts) {
    if (a.result != ul::ContextResult::kAcceptance) continue;
    auto it = std::find_if(rq.presentation_contexts.begin(), rq.presentation_contexts.end(),
                           [&](const ul::PresentationContextRq& p) { return p.id == a.id; });
    if (it == rq.presentation_contexts.end()) continue;  // an answer to nothing we proposed
    // The accepted syntax must be one proposed for that context (PS3.8 9.3.3.2).
    if (std::find(it->transfer_syntaxes.begin(), it->transfer_syntaxes.end(), a.transfer_syntax) == it->transfer_syntaxes.end())
      continue;
    out.push_back(AcceptedContext{a.id, it->abstract_syntax, a.transfer_syntax});
  }
  return out;
}

const AcceptedContext* find_context(const std::vector<AcceptedContext>& pcs, std::string_view sop_class,
                                    std::string_view transfer_syntax) {
  for (const AcceptedContext& pc : pcs)
    if (pc.abstract_syntax == sop_class && (transfer_syntax.empty() || pc.transfer_syntax == transfer_syntax)) return &pc;
  return nullptr;
}

}  // namespace discus::net::dimse
