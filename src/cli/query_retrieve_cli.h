// discus CLI — what `discus move` and `discus get` share (issue 16): the peer, level, model and
// key options (dcmtk's movescu/getscu spellings where they exist), and the one report of a
// retrieve (progress lines, the final status and sub-operation counts, or --json).
//   RetrieveCliOptions o;  add_retrieve_options(*c, o);  ... return report_retrieve("get", o, r, ctx, "into DIR");
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "base/result.h"
#include "cli/command.h"
#include "cli/net_options.h"
#include "net/services/move_scu.h"

namespace discus::cli {

struct RetrieveCliOptions {
  std::string to, level = "STUDY", calling_aet = "DISCUS";
  std::vector<std::string> keys;
  bool patient_root = false, study_root = false, json = false;
  NetOptions net;
};

void add_retrieve_options(CLI::App& command, RetrieveCliOptions& o);
// Checks the options and fills the SCU side; kExitOk or the usage error's status (printed).
int prepare_retrieve(std::string_view command, const RetrieveCliOptions& o, net::services::ScuOptions& scu,
                     net::services::QueryModel& model, net::services::QueryLevel& level);
void print_progress(std::uint16_t status, const net::services::SubOperations& counts);
int report_retrieve(std::string_view command, const RetrieveCliOptions& o, const base::Result<net::services::RetrieveResult>& r,
                    Context& ctx, const std::string& where, const std::vector<std::string>* files = nullptr);

}  // namespace discus::cli
