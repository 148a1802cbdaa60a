// discus::ui — the HTTP/1.1 and Server-Sent Events wire formats the kiosk speaks to discusd.
// Pure, incremental parsers (no sockets): HttpResponseParser reads a status line, headers and a
// body framed by Content-Length, chunked transfer coding (RFC 9112 7.1) or the connection's end;
// SseParser splits a text/event-stream (WHATWG HTML 9.2) into events. Fed bytes as they arrive.
//   HttpResponseParser p; p.feed(bytes); if (p.complete()) use(p.status(), p.body());
// Written here instead of reusing src/cli/client_http (libcurl) so Qt code pulls in no libcurl.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace discus::ui {

QByteArray http_request(const QByteArray& method, const QByteArray& path, const QByteArray& body,
                        const QList<QPair<QByteArray, QByteArray>>& headers = {});

class HttpResponseParser {
 public:
  // Feeds bytes; returns the body bytes decoded by this call (for streaming consumers such as SSE).
  QByteArray feed(const QByteArray& bytes);
  // The peer closed the connection: a body framed by the connection's end is complete now.
  void finish();
  bool headers_done() const { return stage_ > Stage::headers; }
  bool complete() const { return stage_ == Stage::done; }
  bool failed() const { return stage_ == Stage::failed; }
  int status() const { return status_; }
  QByteArray header(const QByteArray& lower_name) const;
  const QByteArray& body() const { return body_; }
  bool keep_body = true;  // false for endless streams: feed() still returns what it decoded

 private:
  enum class Stage { status_line, headers, body_length, body_chunk_size, body_chunk, body_chunk_end,
                     trailers, body_until_close, done, failed };
  QByteArray decode();
  bool take_line(QByteArray& line);
  void start_body();
  Stage stage_ = Stage::status_line;
  QByteArray buf_;
  QByteArray body_;
  QList<QPair<QByteArray, QByteArray>> headers_;
  int status_ = 0;
  qint64 remaining_ = 0;
};

struct SseEvent {
  QByteArray id;
  QByteArray type;  // "message" when the stream names none
  QByteArray data;
};

class SseParser {
 public:
  QList<SseEvent> feed(const QByteArray& bytes);

 private:
  QByteArray buf_;
  SseEvent current_;
  bool has_data_ = false;
};

}  // namespace discus::ui
