// Fakes for src/import tests: a demographics table, an in-memory ledger, a folder medium built
// from data sets. Only fakes of interfaces (the Part 10 reader/writer used are the real ones).
#pragma once

#include <unistd.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "dicom/part10/writer.h"
#include "import/importer.h"
#include "import/ledger.h"
#include "import/reconcile.h"

namespace discus::import::testing {

class TableSource : public DemographicsSource {
 public:
  std::vector<LocalIdentity> table;
  base::Result<std::vector<LocalIdentity>> find(const PatientKey& foreign) override {
    std::vector<LocalIdentity> out;
    for (const LocalIdentity& l : table)
      if (l.birth_date == foreign.birth_date) out.push_back(l);
    return out;
  }
  base::Result<std::vector<LocalIdentity>> find_by_id(const std::string& id, const std::string&) override {
    std::vector<LocalIdentity> out;
    for (const LocalIdentity& l : table)
      if (l.patient_id == id) out.push_back(l);
    return out;
  }
  std::string describe() const override { return "table"; }
};

class MapLedger : public Ledger {
 public:
  std::map<std::pair<std::string, std::string>, LedgerEntry> rows;
  std::map<std::string, Hold> hold_rows;
  base::Result<std::optional<LedgerEntry>> find(const std::string& d, const std::string& u) override {
    auto it = rows.find({d, u});
    if (it == rows.end()) return std::optional<LedgerEntry>();
    return std::optional<LedgerEntry>(it->second);
  }
  base::Status begin_send(const LedgerEntry& e) override {
    rows[{e.destination, e.sop_instance_uid}] = e;
    return {};
  }
  base::Status end_send(const std::string& d, const std::string& u, bool ok, const std::string& sha) override {
    if (!ok) rows.erase({d, u});
    else rows[{d, u}].state = "sent", rows[{d, u}].sent_sha256 = sha;
    return {};
  }
  base::Result<std::optional<Hold>> find_hold(const std::string& id) override {
    auto it = hold_rows.find(id);
    if (it == hold_rows.end()) return std::optional<Hold>();
    return std::optional<Hold>(it->second);
  }
  base::Status save_hold(const Hold& h) override {
    if (!hold_rows.contains(h.id)) hold_rows[h.id] = h;
    return {};
  }
  base::Status decide(const std::string& id, const std::string& d, const std::string& p, const std::string& i) override {
    hold_rows[id].decision = d, hold_rows[id].patient_id = p, hold_rows[id].issuer = i;
    return {};
  }
  base::Result<std::vector<Hold>> holds() override {
    std::vector<Hold> out;
    for (auto& [k, h] : hold_rows) out.push_back(h);
    return out;
  }
};

// A temporary folder for one test: root()/medium is the medium.
class TempRoot {
 public:
  explicit TempRoot(const std::string& name)
      : root_(std::filesystem::temp_directory_path() / ("discus-import-" + name + "-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_ / "medium");
  }
  ~TempRoot() { std::filesystem::remove_all(root_); }
  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path medium() const { return root_ / "medium"; }
  bool write(const std::string& name, const dicom::DataSet& ds, const std::string& ts = "1.2.840.10008.1.2.1") const {
    dicom::part10::WriteOptions wo;
    wo.sync = false;
    wo.transfer_syntax_uid = ts;
    std::filesystem::create_directories((root_ / "medium" / name).parent_path());
    return static_cast<bool>(dicom::part10::write_file((root_ / "medium" / name).string(), ds, nullptr, wo));
  }

 private:
  std::filesystem::path root_;
};

}  // namespace discus::import::testing
