// discus::import — where imported instances go: a PACS through the Storage SCU (PS3.4 B.2.1,
// RAD-61: negotiation, transcoding fallback, retries of a lost association), or a folder (files
// named by SOP Instance UID, renamed into place after fsync). A session (open_session) sends
// from memory over one association whose presentation contexts are all negotiated up front.
//   PacsDestination pacs(send_options, "PACS@127.0.0.1:4242");   FolderDestination out("/srv/in");
#pragma once

#include <string>

#include "import/importer.h"
#include "net/services/storage_scu.h"

namespace discus::import {

class PacsDestination final : public Destination {
 public:
  PacsDestination(net::services::SendOptions options, std::string peer_text)
      : options_(std::move(options)), peer_(std::move(peer_text)) {}
  std::string id() const override { return "pacs:" + peer_; }
  void send(const std::vector<Staged>& files, const std::function<void(std::size_t)>& before,
            const std::function<void(std::size_t, const std::string&)>& after) override;
  std::unique_ptr<DestinationSession> open_session(const std::vector<ContextNeed>& needs, const std::string& staging_dir) override;

 private:
  net::services::SendOptions options_;
  std::string peer_;
};

class FolderDestination final : public Destination {
 public:
  explicit FolderDestination(std::string dir);
  std::string id() const override { return "dir:" + dir_; }
  void send(const std::vector<Staged>& files, const std::function<void(std::size_t)>& before,
            const std::function<void(std::size_t, const std::string&)>& after) override;
  std::unique_ptr<DestinationSession> open_session(const std::vector<ContextNeed>& needs, const std::string& staging_dir) override;

 private:
  std::string dir_;  // absolute
};

}  // namespace discus::import
