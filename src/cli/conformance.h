// discus CLI — the DICOM Conformance Statement (PS3.2 layout) and the IHE Integration Statement
// (IHE ITI TF-1 Appendix F layout: PDI, IRWF, ATNA), written from the tables the code itself uses:
// the association negotiation (net/dimse negotiate(), run on proposals of every SOP class and
// transfer syntax the dictionary knows, so the statement says what the code accepts), the
// registered services' transfer syntaxes (net/services/server.h), the Media Creation Management
// SCP's statuses and Execution Status Info (net/services/mcm_scp.h), the profiles of profiles/
// (media/profile loader) and the Specific Character Set table (dicom/charset). Hidden commands:
//   discus __conformance --out DIR     writes DIR/DICOM_Conformance_Statement.md and
//                                      DIR/IHE_Integration_Statement.md
//   discus __conformance --check DIR   exit 1 when DIR's files differ from what would be written
// packaging/conformance/ holds the generated files; tests/CMakeLists.txt's conformance_test
// runs --check on it, so the statements cannot drift from the code.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "cli/command.h"
#include "media/profile/profile.h"

namespace discus::cli {

void add_conformance(CLI::App& root, Context& ctx);

std::string dicom_conformance_statement(const media::profile::ProfileRegistry& profiles);
std::string ihe_integration_statement(const media::profile::ProfileRegistry& profiles);

}  // namespace discus::cli
