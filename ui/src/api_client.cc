#include "api_client.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocalSocket>
#include <QPointer>
#include <QTimer>
#include <memory>

#include "http_wire.h"

namespace discus::ui {

ApiClient::ApiClient(QString socket_path, QObject* parent) : QObject(parent), socket_path_(std::move(socket_path)) {}

namespace {

ApiReply make_reply(const HttpResponseParser& p) {
  ApiReply r;
  r.status = p.status();
  r.body = p.body();
  QJsonParseError err{};
  const auto doc = QJsonDocument::fromJson(p.body(), &err);
  if (err.error == QJsonParseError::NoError) r.json = doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
  if (!r.ok()) {
    r.message = r.json.toObject().value("message").toString();
    if (r.message.isEmpty()) r.message = QStringLiteral("HTTP %1").arg(r.status);
  }
  return r;
}

}  // namespace

void ApiClient::request(const QByteArray& method, const QString& path, const QJsonDocument& body, QObject* context,
                        Callback done, int timeout_ms) {
  auto* socket = new QLocalSocket(this);
  auto parser = std::make_shared<HttpResponseParser>();
  auto finished = std::make_shared<bool>(false);
  QPointer<QObject> ctx(context);
  const QString where = socket_path_;
  auto finish = [socket, parser, finished, ctx, done, where](const QString& transport_error) {
    if (*finished) return;
    *finished = true;
    ApiReply r;
    if (parser->complete()) {
      r = make_reply(*parser);
    } else {
      r.message = transport_error.isEmpty() ? QStringLiteral("discusd closed the connection") : transport_error;
    }
    socket->disconnect();
    socket->abort();
    socket->deleteLater();
    if (ctx) done(r);
  };
  const QByteArray payload = body.isNull() ? QByteArray() : body.toJson(QJsonDocument::Compact);
  QByteArray wire = http_request(method, path.toUtf8(), payload, {{"Connection", "close"}});
  connect(socket, &QLocalSocket::connected, socket, [socket, wire] { socket->write(wire); });
  connect(socket, &QLocalSocket::readyRead, socket, [socket, parser, finish] {
    parser->feed(socket->isOpen() ? socket->readAll() : QByteArray());
    if (parser->complete() || parser->failed()) finish({});
  });
  connect(socket, &QLocalSocket::disconnected, socket, [socket, parser, finish] {
    parser->feed(socket->isOpen() ? socket->readAll() : QByteArray());
    parser->finish();
    finish({});
  });
  connect(socket, &QLocalSocket::errorOccurred, socket, [socket, parser, finish, where](QLocalSocket::LocalSocketError e) {
    if (e == QLocalSocket::PeerClosedError) {
      parser->feed(socket->isOpen() ? socket->readAll() : QByteArray());
      parser->finish();
      finish({});
      return;
    }
    finish(QStringLiteral("discusd does not answer at %1 (%2)").arg(where, socket->errorString()));
  });
  QTimer::singleShot(timeout_ms, socket, [finish] { finish(QStringLiteral("discusd did not answer in time")); });
  socket->connectToServer(socket_path_);
}

}  // namespace discus::ui
