#include "import/coerce.h"

#include <utility>
#include <vector>

#include "dicom/dict/tags.h"
#include "import/text_encoding.h"

namespace discus::import {
namespace tags = dicom::tags;
using dicom::DataSet;
using dicom::Element;
using dicom::Tag;
using dicom::VR;

namespace {

Element sequence(Tag t, std::vector<DataSet> items) {
  Element e;
  e.tag = t;
  e.vr = VR::SQ;
  e.kind = Element::Kind::kSequence;
  e.items = std::move(items);
  return e;
}

// Records the previous value of `t` (a copy, or an empty element of `vr` when it was absent:
// C.12.1.1.9.1 lets an added attribute appear with zero length).
void remember(const DataSet& ds, Tag t, VR vr, DataSet& modified) {
  if (modified.contains(t)) return;
  if (const Element* e = ds.find(t)) {
    modified.insert(*e);
  } else {
    Element empty;
    empty.tag = t;
    empty.vr = vr;
    if (vr == VR::SQ) empty.kind = Element::Kind::kSequence;
    modified.insert(std::move(empty));
  }
}

std::string current(const DataSet& ds, Tag t) { return std::string(ds.get_string(t).value_or("")); }

// Sets `t` to `v` when it differs, remembering the old value first.
void change(DataSet& ds, Tag t, VR vr, const std::string& v, DataSet& modified) {
  if (ds.contains(t) && current(ds, t) == v) return;
  remember(ds, t, vr, modified);
  ds.set_string(t, vr, v);
}

}  // namespace

void coerce(DataSet& ds, const LocalIdentity& local, const CoercionContext& context) {
  // First the repertoire: the data set may have to declare another one (and be re-encoded into
  // it) to hold the local values; the previous values below are then taken in it too, so the
  // Original Attributes item, which declares nothing of its own, reads right.
  const TextEncoder enc = prepare_text(ds, {local.patient_id, local.issuer, local.name, local.accession, local.requested_procedure_id,
                                            local.scheduled_step_id, context.modifying_system, context.source});
  DataSet modified;
  const std::string foreign_id = current(ds, tags::PatientID), foreign_issuer = current(ds, tags::IssuerOfPatientID);
  const bool id_changes = foreign_id != enc(local.patient_id) || foreign_issuer != enc(local.issuer);
  if (id_changes) {
    // C.12.1.1.9: a Patient ID in the Modified Attributes Sequence takes its issuer along, so the
    // old ID stays qualified, even when the issuer itself was absent.
    remember(ds, tags::PatientID, VR::LO, modified);
    remember(ds, tags::IssuerOfPatientID, VR::LO, modified);
    // The foreign identifier, kept as another ID of this patient (ihe-irwf-import.md §4).
    if (!foreign_id.empty()) {
      remember(ds, tags::OtherPatientIDsSequence, VR::SQ, modified);
      DataSet item;
      item.set_string(tags::PatientID, VR::LO, foreign_id);
      item.set_string(tags::IssuerOfPatientID, VR::LO, foreign_issuer);
      item.set_string(tags::TypeOfPatientID, VR::CS, "TEXT");
      Element* others = ds.find(tags::OtherPatientIDsSequence);
      if (others != nullptr && others->is_sequence()) {
        others->items.push_back(std::move(item));
      } else {
        std::vector<DataSet> items;
        items.push_back(std::move(item));
        ds.erase(tags::OtherPatientIDsSequence);
        ds.insert(sequence(tags::OtherPatientIDsSequence, std::move(items)));
      }
    }
  }
  change(ds, tags::PatientID, VR::LO, enc(local.patient_id), modified);
  change(ds, tags::IssuerOfPatientID, VR::LO, enc(local.issuer), modified);
  change(ds, tags::PatientName, VR::PN, enc(local.name), modified);
  change(ds, tags::PatientBirthDate, VR::DA, local.birth_date, modified);
  change(ds, tags::PatientSex, VR::CS, local.sex, modified);
  // The order's accession, or none: a foreign accession must not pass for a local one.
  change(ds, tags::AccessionNumber, VR::SH, enc(local.accession), modified);
  if (ds.contains(tags::IssuerOfAccessionNumberSequence)) {
    remember(ds, tags::IssuerOfAccessionNumberSequence, VR::SQ, modified);
    ds.erase(tags::IssuerOfAccessionNumberSequence);
  }
  if (!local.requested_procedure_id.empty() || !local.scheduled_step_id.empty()) {
    remember(ds, tags::RequestAttributesSequence, VR::SQ, modified);
    DataSet item;
    item.set_string(tags::AccessionNumber, VR::SH, enc(local.accession));
    item.set_string(tags::RequestedProcedureID, VR::SH, enc(local.requested_procedure_id));
    item.set_string(tags::ScheduledProcedureStepID, VR::SH, enc(local.scheduled_step_id));
    std::vector<DataSet> items;
    items.push_back(std::move(item));
    ds.erase(tags::RequestAttributesSequence);
    ds.insert(sequence(tags::RequestAttributesSequence, std::move(items)));
  }
  change(ds, tags::InstanceOriginStatus, VR::CS, "IMPORTED", modified);
  change(ds, tags::InstanceCoercionDateTime, VR::DT, context.now, modified);

  DataSet entry;
  entry.set_string(tags::AttributeModificationDateTime, VR::DT, context.now);
  entry.set_string(tags::ModifyingSystem, VR::LO, enc(context.modifying_system));
  entry.set_string(tags::SourceOfPreviousValues, VR::LO, enc(context.source));
  entry.set_string(tags::ReasonForTheAttributeModification, VR::CS, "COERCE");
  std::vector<DataSet> one;
  one.push_back(std::move(modified));
  entry.insert(sequence(tags::ModifiedAttributesSequence, std::move(one)));
  // C.12.1.1.9: items already there are preserved; each coercion appends one.
  if (Element* existing = ds.find(tags::OriginalAttributesSequence); existing != nullptr && existing->is_sequence()) {
    existing->items.push_back(std::move(entry));
  } else {
    std::vector<DataSet> items;
    items.push_back(std::move(entry));
    ds.erase(tags::OriginalAttributesSequence);
    ds.insert(sequence(tags::OriginalAttributesSequence, std::move(items)));
  }
}

}  // namespace discus::import
