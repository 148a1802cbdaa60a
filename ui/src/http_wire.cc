#include "http_wire.h"

namespace discus::ui {

QByteArray http_request(const QByteArray& method, const QByteArray& path, const QByteArray& body,
                        const QList<QPair<QByteArray, QByteArray>>& headers) {
  QByteArray r = method + ' ' + path + " HTTP/1.1\r\nHost: localhost\r\nUser-Agent: discus-kiosk\r\n";
  for (const auto& [name, value] : headers) r += name + ": " + value + "\r\n";
  if (!body.isEmpty() || method == "POST" || method == "PUT" || method == "PATCH") {
    if (!body.isEmpty()) r += "Content-Type: application/json\r\n";
    r += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
  }
  r += "\r\n";
  return r + body;
}

bool HttpResponseParser::take_line(QByteArray& line) {
  const auto end = buf_.indexOf("\r\n");
  if (end < 0) {
    if (buf_.size() > 64 * 1024) stage_ = Stage::failed;  // no line is that long in our API
    return false;
  }
  line = buf_.left(end);
  buf_.remove(0, end + 2);
  return true;
}

QByteArray HttpResponseParser::header(const QByteArray& lower_name) const {
  for (const auto& [name, value] : headers_)
    if (name == lower_name) return value;
  return {};
}

void HttpResponseParser::start_body() {
  const auto te = header("transfer-encoding").toLower();
  bool ok = false;
  const auto length = header("content-length").toLongLong(&ok);
  // RFC 9112 6.3: 1xx, 204 and 304 have no body; chunked wins over Content-Length.
  if (status_ == 204 || status_ == 304 || (status_ >= 100 && status_ < 200)) {
    stage_ = Stage::done;
  } else if (te.contains("chunked")) {
    stage_ = Stage::body_chunk_size;
  } else if (ok) {
    remaining_ = length;
    stage_ = length == 0 ? Stage::done : Stage::body_length;
  } else {
    stage_ = Stage::body_until_close;
  }
}

QByteArray HttpResponseParser::feed(const QByteArray& bytes) {
  buf_ += bytes;
  QByteArray decoded = decode();
  if (keep_body) body_ += decoded;
  return decoded;
}

QByteArray HttpResponseParser::decode() {
  QByteArray decoded;
  QByteArray line;
  for (;;) {
    switch (stage_) {
      case Stage::status_line: {
        if (!take_line(line)) return decoded;
        const auto parts = line.split(' ');
        if (parts.size() < 2 || !parts[0].startsWith("HTTP/1.")) { stage_ = Stage::failed; return decoded; }
        status_ = parts[1].toInt();
        stage_ = Stage::headers;
        break;
      }
      case Stage::headers: {
        if (!take_line(line)) return decoded;
        if (line.isEmpty()) { start_body(); break; }
        const auto colon = line.indexOf(':');
        if (colon <= 0) { stage_ = Stage::failed; return decoded; }
        headers_.append({line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed()});
        break;
      }
      case Stage::body_length: {
        if (buf_.isEmpty()) return decoded;
        const auto n = std::min<qint64>(remaining_, buf_.size());
        decoded += buf_.left(n);
        buf_.remove(0, n);
        remaining_ -= n;
        if (remaining_ == 0) stage_ = Stage::done;
        break;
      }
      case Stage::body_chunk_size: {
        if (!take_line(line)) return decoded;
        const auto semi = line.indexOf(';');  // chunk extensions are ignored (RFC 9112 7.1.1)
        bool ok = false;
        remaining_ = (semi >= 0 ? line.left(semi) : line).trimmed().toLongLong(&ok, 16);
        if (!ok || remaining_ < 0) { stage_ = Stage::failed; return decoded; }
        stage_ = remaining_ == 0 ? Stage::trailers : Stage::body_chunk;
        break;
      }
      case Stage::body_chunk: {
        if (buf_.isEmpty()) return decoded;
        const auto n = std::min<qint64>(remaining_, buf_.size());
        decoded += buf_.left(n);
        buf_.remove(0, n);
        remaining_ -= n;
        if (remaining_ == 0) stage_ = Stage::body_chunk_end;
        break;
      }
      case Stage::body_chunk_end:
        if (!take_line(line)) return decoded;
        stage_ = Stage::body_chunk_size;
        break;
      case Stage::trailers:
        if (!take_line(line)) return decoded;
        if (line.isEmpty()) stage_ = Stage::done;
        break;
      case Stage::body_until_close:
        decoded += buf_;
        buf_.clear();
        return decoded;
      case Stage::done:
      case Stage::failed:
        return decoded;
    }
  }
}

void HttpResponseParser::finish() {
  if (stage_ == Stage::body_until_close) stage_ = Stage::done;
  else if (stage_ != Stage::done) stage_ = Stage::failed;
}

QList<SseEvent> SseParser::feed(const QByteArray& bytes) {
  QList<SseEvent> out;
  buf_ += bytes;
  for (;;) {
    auto end = buf_.indexOf('\n');
    if (end < 0) return out;
    QByteArray line = buf_.left(end);
    buf_.remove(0, end + 1);
    if (line.endsWith('\r')) line.chop(1);
    if (line.isEmpty()) {  // a blank line dispatches the event (WHATWG HTML 9.2.6)
      if (has_data_) {
        if (current_.type.isEmpty()) current_.type = "message";
        if (current_.data.endsWith('\n')) current_.data.chop(1);
        out.append(current_);
      }
      current_ = SseEvent{current_.id, {}, {}};  // the last event id persists
      has_data_ = false;
      continue;
    }
    if (line.startsWith(':')) continue;  // a comment (": keep-alive")
    const auto colon = line.indexOf(':');
    QByteArray field = colon < 0 ? line : line.left(colon);
    QByteArray value = colon < 0 ? QByteArray() : line.mid(colon + 1);
    if (value.startsWith(' ')) value.remove(0, 1);
    if (field == "data") {
      current_.data += value + '\n';
      has_data_ = true;
    } else if (field == "event") {
      current_.type = value;
    } else if (field == "id") {
      current_.id = value;
    }
  }
}

}  // namespace discus::ui
