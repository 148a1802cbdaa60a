// discus::ui — the live feed: GET /v1/events (Server-Sent Events, openapi.yaml streamEvents) on the
// service's socket, reconnecting every second while discusd is away and resuming with
// Last-Event-ID so no recorded transition is missed across a restart of either side.
// `connected` drives the kiosk's "reconnecting" banner; `resynced` tells the models to reload.
//   EventStream s(path); connect(&s, &EventStream::event, model, &JobListModel::apply_event); s.start();
#pragma once

#include <QJsonObject>
#include <QLocalSocket>
#include <QObject>
#include <QTimer>
#include <memory>

#include "http_wire.h"

namespace discus::ui {

class EventStream : public QObject {
  Q_OBJECT
  Q_PROPERTY(bool connected READ connected NOTIFY connectedChanged)
  Q_PROPERTY(bool everConnected READ ever_connected NOTIFY connectedChanged)
 public:
  explicit EventStream(QString socket_path, QObject* parent = nullptr);
  void start();
  bool connected() const { return connected_; }
  bool ever_connected() const { return ever_connected_; }

 signals:
  void connectedChanged();
  void resynced();  // (re)connected: state may have changed while we were away
  void event(const QString& type, const QJsonObject& data);

 private:
  void open();
  void on_bytes();
  void lost();
  void set_connected(bool c);
  QString socket_path_;
  QLocalSocket* socket_ = nullptr;
  std::unique_ptr<HttpResponseParser> http_;
  std::unique_ptr<SseParser> sse_;
  QByteArray last_id_;
  QTimer retry_;
  QTimer silence_;  // no keep-alive for 40 s: the stream is dead even if the socket is not
  bool connected_ = false;
  bool ever_connected_ = false;
};

}  // namespace discus::ui
