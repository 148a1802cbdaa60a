// discus::net::ul — the byte stream under the Upper Layer: TCP (PS3.8 9.1), TLS (tls.h), memory.
//
// Every read and write has a deadline, so a peer that sends one byte per second or stops
// mid-PDU cannot hold a thread: the Association gives each PDU (not each byte) a deadline.
// Sockets are non-blocking and waited on with poll(); no SIGPIPE (MSG_NOSIGNAL).
//
//   DISCUS_TRY(auto t, connect_tcp("pacs", 104, std::chrono::seconds(10)));
//   DISCUS_CHECK(t->write_all(bytes, deadline_in(std::chrono::seconds(30))));
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "base/bytes.h"
#include "base/result.h"

namespace discus::net::ul {

using Clock = std::chrono::steady_clock;
using Deadline = Clock::time_point;
inline Deadline deadline_in(std::chrono::milliseconds d) { return Clock::now() + d; }

// The message of every timeout error (code kIo), so callers can tell a timeout from a reset.
inline constexpr std::string_view kTimedOut = "timed out";
bool is_timeout(const base::Error& e);
// A connection the peer closed cleanly before any byte of a read (code kIo, message "closed").
bool is_closed(const base::Error& e);

class Transport {
 public:
  virtual ~Transport() = default;
  virtual base::Status read_exact(std::span<std::uint8_t> buf, Deadline deadline) = 0;
  virtual base::Status write_all(base::ByteView bytes, Deadline deadline) = 0;
  virtual void close() = 0;
  // "192.0.2.7:40112", for logs and access control.
  virtual std::string peer_address() const = 0;
  // The peer's IP address alone ("192.0.2.7"), for access control.
  virtual std::string peer_host() const = 0;
};

// A connected, non-blocking TCP socket it owns.
class TcpTransport final : public Transport {
 public:
  explicit TcpTransport(int fd);
  ~TcpTransport() override;
  TcpTransport(const TcpTransport&) = delete;
  TcpTransport& operator=(const TcpTransport&) = delete;
  base::Status read_exact(std::span<std::uint8_t> buf, Deadline deadline) override;
  base::Status write_all(base::ByteView bytes, Deadline deadline) override;
  void close() override;
  std::string peer_address() const override { return peer_; }
  std::string peer_host() const override { return host_; }
  int fd() const { return fd_; }
  // Waits until the socket is readable (true) or writable (false); an error at the deadline.
  base::Status wait(bool for_read, Deadline deadline) const;

 private:
  int fd_;
  std::string peer_, host_;
};

base::Result<std::unique_ptr<TcpTransport>> connect_tcp(const std::string& host, std::uint16_t port,
                                                        std::chrono::milliseconds timeout);

// A listening socket. accept() returns nullopt when nothing arrived before the deadline.
class Listener {
 public:
  static base::Result<Listener> open(std::uint16_t port, const std::string& bind_address = "");
  Listener(Listener&& o) noexcept : fd_(o.fd_), port_(o.port_) { o.fd_ = -1; }
  Listener& operator=(Listener&&) = delete;
  ~Listener();
  base::Result<std::optional<std::unique_ptr<TcpTransport>>> accept(Deadline deadline);
  std::uint16_t port() const { return port_; }  // the bound port (useful with port 0)

 private:
  Listener(int fd, std::uint16_t port) : fd_(fd), port_(port) {}
  int fd_;
  std::uint16_t port_;
};

// An in-memory peer for tests and fuzzing: reads come from `input`, writes are collected.
class MemoryTransport final : public Transport {
 public:
  explicit MemoryTransport(base::Bytes input) : in_(std::move(input)) {}
  base::Status read_exact(std::span<std::uint8_t> buf, Deadline deadline) override;
  base::Status write_all(base::ByteView bytes, Deadline deadline) override;
  void close() override { closed_ = true; }
  std::string peer_address() const override { return "memory:0"; }
  std::string peer_host() const override { return "memory"; }
  const base::Bytes& written() const { return out_; }
  bool closed() const { return closed_; }

 private:
  base::Bytes in_, out_;
  std::size_t pos_ = 0;
  bool closed_ = false;
};

}  // namespace discus::net::ul
