#include "net/services/get_scu.h"

#include <algorithm>

#include <fmt/format.h>

#include "dicom/dict/uids.h"
#include "net/dimse/message.h"
#include "net/dimse/query_retrieve.h"
#include "net/dimse/status.h"
#include "net/services/find_scu.h"
#include "net/services/query_retrieve_common.h"

namespace discus::net::services {
namespace {

using base::Error;
using base::ErrorCode;
namespace uids = dicom::uids;

constexpr std::size_t kMaxStorageContexts = 127;  // 128 PC-IDs (odd 1-255), one is the GET's

// PS3.4 B.5: the storage SOP classes a study fetched to be burned commonly holds (images,
// presentation states, SR, key objects, encapsulated documents, RT, waveforms).
constexpr std::string_view kCommonStorageClasses[] = {
    uids::CTImageStorage, uids::EnhancedCTImageStorage, uids::LegacyConvertedEnhancedCTImageStorage,
    uids::MRImageStorage, uids::EnhancedMRImageStorage, uids::EnhancedMRColorImageStorage, uids::MRSpectroscopyStorage,
    uids::LegacyConvertedEnhancedMRImageStorage, uids::ComputedRadiographyImageStorage,
    uids::DigitalXRayImageStorageForPresentation, uids::DigitalXRayImageStorageForProcessing,
    uids::DigitalMammographyXRayImageStorageForPresentation, uids::DigitalMammographyXRayImageStorageForProcessing,
    uids::DigitalIntraOralXRayImageStorageForPresentation, uids::BreastTomosynthesisImageStorage,
    uids::BreastProjectionXRayImageStorageForPresentation, uids::XRayAngiographicImageStorage, uids::EnhancedXAImageStorage,
    uids::XRayRadiofluoroscopicImageStorage, uids::EnhancedXRFImageStorage, uids::XRay3DAngiographicImageStorage,
    uids::XRay3DCraniofacialImageStorage, uids::NuclearMedicineImageStorage, uids::PositronEmissionTomographyImageStorage,
    uids::EnhancedPETImageStorage, uids::LegacyConvertedEnhancedPETImageStorage, uids::UltrasoundImageStorage,
    uids::UltrasoundMultiFrameImageStorage, uids::EnhancedUSVolumeStorage, uids::UltrasoundImageStorageRetired,
    uids::UltrasoundMultiFrameImageStorageRetired, uids::SecondaryCaptureImageStorage,
    uids::MultiFrameSingleBitSecondaryCaptureImageStorage, uids::MultiFrameGrayscaleByteSecondaryCaptureImageStorage,
    uids::MultiFrameGrayscaleWordSecondaryCaptureImageStorage, uids::MultiFrameTrueColorSecondaryCaptureImageStorage,
    uids::VLEndoscopicImageStorage, uids::VideoEndoscopicImageStorage, uids::VLMicroscopicImageStorage,
    uids::VLPhotographicImageStorage, uids::VideoPhotographicImageStorage, uids::VLWholeSlideMicroscopyImageStorage,
    uids::OphthalmicPhotography8BitImageStorage, uids::OphthalmicPhotography16BitImageStorage,
    uids::OphthalmicTomographyImageStorage, uids::GrayscaleSoftcopyPresentationStateStorage,
    uids::ColorSoftcopyPresentationStateStorage, uids::PseudoColorSoftcopyPresentationStateStorage,
    uids::BlendingSoftcopyPresentationStateStorage, uids::XAXRFGrayscaleSoftcopyPresentationStateStorage,
    uids::BasicTextSRStorage, uids::EnhancedSRStorage, uids::ComprehensiveSRStorage, uids::Comprehensive3DSRStorage,
    uids::ExtensibleSRStorage, uids::KeyObjectSelectionDocumentStorage, uids::MammographyCADSRStorage, uids::ChestCADSRStorage,
    uids::XRayRadiationDoseSRStorage, uids::RadiopharmaceuticalRadiationDoseSRStorage, uids::PatientRadiationDoseSRStorage,
    uids::EnhancedXRayRadiationDoseSRStorage, uids::AcquisitionContextSRStorage, uids::ProcedureLogStorage,
    uids::EncapsulatedPDFStorage, uids::EncapsulatedCDAStorage, uids::EncapsulatedSTLStorage, uids::RawDataStorage,
    uids::SpatialRegistrationStorage, uids::DeformableSpatialRegistrationStorage, uids::SpatialFiducialsStorage,
    uids::SegmentationStorage, uids::SurfaceSegmentationStorage, uids::RealWorldValueMappingStorage, uids::ParametricMapStorage,
    uids::RTImageStorage, uids::RTDoseStorage, uids::RTStructureSetStorage, uids::RTPlanStorage, uids::RTIonPlanStorage,
    uids::RTBeamsTreatmentRecordStorage, uids::RTTreatmentSummaryRecordStorage, uids::TwelveLeadECGWaveformStorage,
    uids::GeneralECGWaveformStorage, uids::AmbulatoryECGWaveformStorage, uids::HemodynamicWaveformStorage,
    uids::CardiacElectrophysiologyWaveformStorage, uids::BasicVoiceAudioWaveformStorage, uids::GeneralAudioWaveformStorage,
    uids::ArterialPulseWaveformStorage, uids::RespiratoryWaveformStorage, uids::BasicStructuredDisplayStorage,
};

// Answers the SCP's C-STORE sub-operations and collects the C-GET responses.
class GetHandler final : public dimse::MessageReceiver::Handler {
 public:
  GetHandler(Established& e, const GetOptions& o, GetResult& r, std::uint16_t message_id)
      : e_(e), o_(o), r_(r), message_id_(message_id), receiver_(o.storage, e.rq.called_ae_title) {}

  base::Status on_command(std::uint8_t pc, const dimse::Command& c) override {
    storing_ = c.command_field == dimse::kCStoreRq;
    data_.reset();
    if (storing_) {
      const auto it = std::find_if(e_.contexts.begin(), e_.contexts.end(), [&](const dimse::AcceptedContext& a) { return a.id == pc; });
      current_ts_ = it != e_.contexts.end() && it->abstract_syntax == c.affected_sop_class_uid ? it->transfer_syntax : std::string();
      receiver_.begin(c, current_ts_);
    } else if (c.has_data_set()) {
      data_.emplace();
    }
    return {};
  }

  base::Status on_data(base::ByteView f) override {
    if (storing_) {
      receiver_.write(f);
      return {};
    }
    if (f.size() > (16u << 20) - data_->size()) return Error{ErrorCode::kLimitExceeded, "a C-GET-RSP identifier longer than 16 MiB"};
    data_->insert(data_->end(), f.begin(), f.end());
    return {};
  }

  base::Status on_message(std::uint8_t pc, const dimse::Command& c) override {
    if (storing_) {
      ReceivedInstance got{c.affected_sop_class_uid, c.affected_sop_instance_uid, current_ts_, receiver_.finish()};
      DISCUS_CHECK(dimse::send_message(*e_.association, pc, e_.ac.user_information.max_pdu_length,
                                       dimse::c_store_rsp(c, got.outcome.status, got.outcome.comment)));
      if (o_.on_instance) o_.on_instance(got);
      r_.instances.push_back(std::move(got));
      return {};
    }
    DISCUS_CHECK(detail::check_response(c, dimse::kCGetRsp, message_id_, "C-GET-RQ"));
    if (dimse::classify(*c.status) == dimse::StatusClass::kPending) {
      ++r_.pending_responses;
      if (o_.on_progress) o_.on_progress(*c.status, detail::counts_of(c));
      pending_cancel_ = o_.cancel != nullptr && o_.cancel->load() && !r_.cancelled;
      return {};
    }
    const std::string ts = context_ts(pc);
    DISCUS_CHECK(detail::final_response(dimse::Response{pc, c, std::move(data_)}, ts.empty() ? "1.2.840.10008.1.2" : ts, r_));
    done = true;
    return {};
  }

  void discard() { receiver_.discard(); }
  bool done = false;
  bool pending_cancel_ = false;

 private:
  std::string context_ts(std::uint8_t pc) const {
    for (const auto& a : e_.contexts)
      if (a.id == pc) return a.transfer_syntax;
    return {};
  }

  Established& e_;
  const GetOptions& o_;
  GetResult& r_;
  std::uint16_t message_id_;
  StorageReceiver receiver_;
  bool storing_ = false;
  std::string current_ts_;
  std::optional<base::Bytes> data_;
};

}  // namespace

std::vector<std::string> default_get_storage_classes() {
  std::vector<std::string> out;
  for (std::string_view uid : kCommonStorageClasses) out.emplace_back(uid);
  return out;
}

std::size_t GetResult::stored() const {
  return static_cast<std::size_t>(std::count_if(instances.begin(), instances.end(), [](const ReceivedInstance& i) {
    const auto c = dimse::classify(i.outcome.status);
    return c == dimse::StatusClass::kSuccess || c == dimse::StatusClass::kWarning;
  }));
}

base::Result<GetResult> get(const GetOptions& o, const dicom::DataSet& identifier) {
  const std::string_view sop_class = get_sop_class(o.model);
  if (sop_class.empty()) return Error{ErrorCode::kInvalidArgument, fmt::format("the {} model has no C-GET", model_name(o.model))};
  if (o.storage.out_dir.empty()) return Error{ErrorCode::kInvalidArgument, "no folder to store the retrieved instances in"};
  std::vector<std::string> classes = o.storage_classes.empty() ? default_get_storage_classes() : o.storage_classes;
  if (classes.size() > kMaxStorageContexts)
    return Error{ErrorCode::kInvalidArgument, fmt::format("{} storage SOP classes; at most {} fit in one association", classes.size(), kMaxStorageContexts)};
  std::vector<std::string> syntaxes = o.transfer_syntaxes;
  if (syntaxes.empty()) syntaxes = {"1.2.840.10008.1.2.1", "1.2.840.10008.1.2"};

  std::vector<ul::PresentationContextRq> pcs{query_context(1, sop_class)};
  std::vector<ul::RoleSelection> roles;
  std::uint8_t id = 3;
  for (const std::string& cls : classes) {
    pcs.push_back(ul::PresentationContextRq{id, cls, syntaxes});
    // PS3.4 C.4.3.1 / PS3.7 D.3.3.4: we are the Storage SCP of these classes on this association.
    roles.push_back(ul::RoleSelection{cls, false, true});
    id = static_cast<std::uint8_t>(id + 2);
  }
  DISCUS_TRY(Established e, open_association(o.scu, std::move(pcs), std::move(roles)));
  GetResult r;
  if (e.rejected) {
    r.rejected = e.rejected;
    return r;
  }
  const dimse::AcceptedContext* pc = dimse::find_context(e.contexts, sop_class);
  if (pc == nullptr) {
    e.association->abort();
    return Error{ErrorCode::kUnsupported, fmt::format("the peer did not accept the {} GET SOP class", model_name(o.model))};
  }
  constexpr std::uint16_t kId = 1;
  const std::uint32_t peer_max = e.ac.user_information.max_pdu_length;
  GetHandler handler(e, o, r, kId);
  auto run = [&]() -> base::Status {
    DISCUS_TRY(base::Bytes bytes, dimse::encode_identifier(identifier, pc->transfer_syntax));
    dimse::MemorySource source(bytes);
    DISCUS_CHECK(dimse::send_message(*e.association, pc->id, peer_max, dimse::c_get_rq(kId, std::string(sop_class), o.priority), &source));
    dimse::MessageReceiver receiver;
    while (!handler.done) {
      DISCUS_TRY(ul::Incoming in, e.association->receive());
      if (auto* p = std::get_if<ul::PDataTf>(&in)) {
        DISCUS_CHECK(receiver.feed(*p, handler));
        if (handler.pending_cancel_ && receiver.idle()) {
          DISCUS_CHECK(dimse::send_message(*e.association, pc->id, peer_max, dimse::c_cancel_rq(kId)));
          r.cancelled = true;
          handler.pending_cancel_ = false;
        }
        continue;
      }
      if (auto* a = std::get_if<ul::Aborted>(&in))
        return Error{ErrorCode::kIo, a->by_peer ? "association aborted by the peer during the C-GET" : "association aborted (protocol error or timeout)"};
      if (std::holds_alternative<ul::ReleaseRequested>(in)) {
        e.association->answer_release();
        return Error{ErrorCode::kIo, "the peer released the association before the final C-GET response"};
      }
      return Error{ErrorCode::kIo, "association ended before the final C-GET response"};
    }
    return {};
  };
  if (auto st = run(); !st) {
    handler.discard();
    if (e.association->state() == ul::State::kSta6) e.association->abort();
    Error err = std::move(st).error();
    if (!r.instances.empty()) err.message += fmt::format(" ({} instances received before)", r.instances.size());
    return err;
  }
  (void)e.association->release();
  return r;
}

}  // namespace discus::net::services
