#include "jobs/secrets.h"

#include <sys/random.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <string>

#include <fmt/format.h>

namespace discus::jobs {

void Secrets::keep(JobId id, media::secure::Secret password) {
  {
    std::lock_guard lock(mu_);
    kept_[id] = std::move(password);
  }
  cv_.notify_all();
}

std::optional<media::secure::Secret> Secrets::wait(JobId id, std::chrono::milliseconds patience) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, patience, [&] { return kept_.count(id) != 0; });
  auto it = kept_.find(id);
  if (it == kept_.end()) return std::nullopt;
  return it->second;
}

void Secrets::forget(JobId id) {
  std::lock_guard lock(mu_);
  kept_.erase(id);
}

std::size_t Secrets::size() const {
  std::lock_guard lock(mu_);
  return kept_.size();
}

base::Result<media::secure::Secret> generate_password() {
  static constexpr std::string_view kAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";  // 31 symbols
  static_assert(kAlphabet.size() == 31);
  constexpr unsigned kLimit = 256 - 256 % 31;  // rejection sampling: every symbol equally likely
  std::string out;
  out.reserve(19);
  std::array<unsigned char, 64> pool{};
  std::size_t used = pool.size();
  while (out.size() < 19) {
    if (out.size() % 5 == 4) {
      out += '-';
      continue;
    }
    if (used == pool.size()) {
      const ssize_t n = ::getrandom(pool.data(), pool.size(), 0);
      if (n != static_cast<ssize_t>(pool.size()))
        return base::Error{base::ErrorCode::kIo, fmt::format("getrandom: {}", n < 0 ? std::strerror(errno) : "short read")};
      used = 0;
    }
    const unsigned b = pool[used++];
    if (b < kLimit) out += kAlphabet[b % 31];
  }
  pool.fill(0);
  media::secure::Secret s(std::move(out));
  DISCUS_CHECK(media::secure::check_password_rules(s));
  return s;
}

}  // namespace discus::jobs
