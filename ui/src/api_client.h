// discus::ui — the kiosk's only way to discusd: JSON over HTTP/1.1 on the service's Unix socket
// (src/daemon/api/openapi.yaml). One QLocalSocket per request (Connection: close), answers
// parsed by http_wire.h, errors turned into one sentence (an RFC 9457 problem's message, or
// "discusd does not answer"). Asynchronous; callbacks run on the GUI thread and are dropped
// when their context object is gone.
//   api.request("GET", "/v1/jobs", {}, this, [](const ApiReply& r) { if (r.ok()) use(r.json); });
#pragma once

#include <QJsonDocument>
#include <QJsonValue>
#include <QObject>
#include <QString>
#include <functional>

namespace discus::ui {

struct ApiReply {
  int status = 0;         // 0: no answer (socket missing, refused, timeout)
  QJsonValue json;        // the parsed body (null when not JSON)
  QString message;        // for an error: the problem's message or what went wrong on the wire
  QByteArray body;
  bool ok() const { return status >= 200 && status < 300; }
  bool not_built() const { return status == 501; }  // "not built yet: issue N" (openapi.yaml)
};

class ApiClient : public QObject {
  Q_OBJECT
  Q_PROPERTY(QString socketPath READ socket_path CONSTANT)
 public:
  explicit ApiClient(QString socket_path, QObject* parent = nullptr);
  QString socket_path() const { return socket_path_; }

  using Callback = std::function<void(const ApiReply&)>;
  void request(const QByteArray& method, const QString& path, const QJsonDocument& body, QObject* context,
               Callback done, int timeout_ms = 20000);

 private:
  QString socket_path_;
};

}  // namespace discus::ui
