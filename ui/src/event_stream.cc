#include "event_stream.h"

#include <QJsonDocument>

namespace discus::ui {

EventStream::EventStream(QString socket_path, QObject* parent) : QObject(parent), socket_path_(std::move(socket_path)) {
  retry_.setSingleShot(true);
  retry_.setInterval(1000);
  connect(&retry_, &QTimer::timeout, this, &EventStream::open);
  silence_.setSingleShot(true);
  silence_.setInterval(40000);  // openapi.yaml: a keep-alive comment comes every 15 s
  connect(&silence_, &QTimer::timeout, this, &EventStream::lost);
}

void EventStream::start() { open(); }

void EventStream::open() {
  if (socket_) {
    socket_->disconnect(this);
    socket_->abort();
    socket_->deleteLater();
  }
  socket_ = new QLocalSocket(this);
  http_ = std::make_unique<HttpResponseParser>();
  http_->keep_body = false;
  sse_ = std::make_unique<SseParser>();
  connect(socket_, &QLocalSocket::connected, this, [this] {
    QList<QPair<QByteArray, QByteArray>> headers{{"Accept", "text/event-stream"}};
    if (!last_id_.isEmpty()) headers.append({"Last-Event-ID", last_id_});
    socket_->write(http_request("GET", "/v1/events", {}, headers));
    silence_.start();
  });
  connect(socket_, &QLocalSocket::readyRead, this, &EventStream::on_bytes);
  connect(socket_, &QLocalSocket::disconnected, this, &EventStream::lost);
  connect(socket_, &QLocalSocket::errorOccurred, this, [this](QLocalSocket::LocalSocketError) { lost(); });
  socket_->connectToServer(socket_path_);
}

void EventStream::on_bytes() {
  silence_.start();
  const bool had_headers = http_->headers_done();
  const QByteArray data = http_->feed(socket_->isOpen() ? socket_->readAll() : QByteArray());
  if (!had_headers && http_->headers_done()) {
    if (http_->status() != 200) {
      lost();
      return;
    }
    set_connected(true);
    emit resynced();
  }
  if (http_->failed()) {
    lost();
    return;
  }
  for (const auto& e : sse_->feed(data)) {
    if (!e.id.isEmpty()) last_id_ = e.id;
    const auto doc = QJsonDocument::fromJson(e.data);
    if (doc.isObject()) emit event(QString::fromUtf8(e.type), doc.object());
  }
}

void EventStream::lost() {
  silence_.stop();
  set_connected(false);
  if (!retry_.isActive()) retry_.start();
}

void EventStream::set_connected(bool c) {
  if (c) ever_connected_ = true;
  if (connected_ == c) return;
  connected_ = c;
  emit connectedChanged();
}

}  // namespace discus::ui
