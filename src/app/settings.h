// discus::app — the site configuration: /etc/discus/discus.toml (or the file --config or
// $DISCUS_CONFIG names), parsed into a value the use cases are given.
//
// Precedence, the same everywhere: a command-line flag wins over the file, the file wins over the
// built-in default (an empty string here means "not set": the built-in default applies). Later the
// service adds settings written through its API, in its state directory, between the two.
// Unknown keys are an error (a typo must not silently fall back to a default); every error names
// the file, the line and the key. packaging/discus.toml is the documented example.
//   DISCUS_TRY(app::Settings s, app::load_settings("/etc/discus/discus.toml"));
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace discus::app {

// Where the configuration is looked for when neither --config nor $DISCUS_CONFIG names a file.
inline constexpr std::string_view kDefaultSettingsPath = "/etc/discus/discus.toml";

// [pacs.NAME] (issue 16): a DICOM node the service queries and retrieves from (discusd's
// /v1/nodes). ae_title, host and port are required; the rest is optional.
struct PacsNode {
  std::string name;              // NAME of the table
  std::string ae_title, host;
  int port = 0;
  std::string calling_ae_title;  // ours towards it; empty: "DISCUS"
  std::string tls_ca_file, tls_cert_file, tls_key_file;  // TLS when any is set (PS3.15 BCP 195)
  std::vector<std::string> roles;  // query, retrieve, store-to, import-destination
};

struct Settings {
  std::string source;           // the file these came from; empty: built-in defaults only
  // [site]
  std::string institution;      // named on the medium (README.TXT) as its creator
  std::string uid_root;         // organisation UID root for new UIDs (File-set UID, derived images)
  // [media]
  std::string default_profile;  // PS3.11 profile id used when a command is given no --profile
  std::string default_medium;   // disc size for iso/burn when no --medium: cd, cd80, dvd, dvd-dl, none
  // [security]
  std::string keystore;         // decrypt's key store when no --key, --password-file or --keystore
  // [audit] (issue 14 item 6): the audit trail's repository; empty: messages kept locally only.
  std::string audit_repository;  // "tls://HOST:6514" (RFC 5425) or "udp://HOST:514" (RFC 5426)
  std::string audit_ca_file;     // PEM CA bundle the repository's certificate must chain to
  std::string audit_cert_file;   // our client certificate (PEM), for mutual TLS
  std::string audit_key_file;    // its private key (PEM)
  std::string audit_source_id;   // AuditSourceID; empty: the host name
  // [import] (issue 17): malware scanning of what an imported medium carries besides DICOM.
  std::string import_clamav;           // "clamscan" or "clamdscan" (name or path); empty: no scanning
  std::string import_clamav_database;  // clamscan -d: a folder or signature file; empty: ClamAV's own
  std::string import_scan;             // "not-dicom" (default) or "all"
  // [phi] (issue 14 item 7): days a job's staging kept on request (Preserve Composite Instances
  // After Media Creation) stays before the sweep removes it.
  int kept_staging_days = 30;
  // [dicom] (issue 15): discusd's DICOM listener (discusd --aet/--dicom-port/--dicom-tls-* win).
  std::string dicom_ae_title;
  int dicom_port = -1;                         // -1: not set (no listener unless --dicom-port)
  std::vector<std::string> dicom_calling_ae_titles;  // empty: any calling AE title
  std::vector<std::string> dicom_addresses;    // empty: any peer; IPs or CIDR prefixes
  std::string dicom_duplicates;                // "replace" (default), "keep" or "reject"
  std::string dicom_tls_key, dicom_tls_cert, dicom_tls_ca;
  int dicom_max_associations = 0;              // 0: the SCP's default
  // [store] (issues 15, 16.3): the station's study store.
  int store_quiet_seconds = -1;                // a study is complete after this much quiet; -1: default
  int store_retention_days = -1;               // a stored study is purged this long after its last instance
  // [[autoburn]] (issue 16 item 3): a rule evaluated on every complete study; see store/rules.h.
  struct AutoBurnRule {
    std::string name;
    std::string calling_ae_title;            // the study came (in part) from this AE; empty: any
    std::string study_description_contains;  // case-insensitive; empty: any
    std::string modality;                    // one of the study's modalities; empty: any
    std::string profile = "STD-GEN-CD";
    int copies = 1;
    std::string target_kind;                 // "drive", "image-dir", "usb", "robot" (as the API spells them); empty: see rules.h
    std::string target_where;
  };
  std::vector<AutoBurnRule> autoburn;
  // Reserved for later issues, accepted and not interpreted yet: the names of [pacs.NAME] and
  // [robots.NAME] tables.
  std::vector<std::string> pacs_nodes, robots;
  std::vector<PacsNode> pacs;  // the [pacs.NAME] tables, read (issue 16)
};

// Parses TOML text; `name` is the file name used in error messages.
base::Result<Settings> parse_settings(std::string_view text, std::string_view name);

// Reads and parses a file. A missing or unreadable file is an error (kIo).
base::Result<Settings> load_settings(const std::string& path);

// The version of the TOML parser (toml++), for `discus --version`.
std::string toml_parser_version();

}  // namespace discus::app
