// discus::base — Result<T>: a value or an Error.
//
// A subset of std::expected's API (g++ 12 has no usable std::expected in C++20), so the code can
// move to std::expected later by changing this one header.
//
//   Result<int> parse(std::string_view s);
//   auto r = parse("12"); if (!r) return r.error(); use(*r);
//   DISCUS_TRY(auto n, parse("12"));   // early-returns the error
#pragma once

#include <cassert>
#include <type_traits>
#include <utility>
#include <variant>

#include "base/error.h"

namespace discus::base {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT
  template <typename U, typename = std::enable_if_t<std::is_constructible_v<T, U&&> &&
                                                    !std::is_same_v<std::decay_t<U>, Error> &&
                                                    !std::is_same_v<std::decay_t<U>, T>>>
  Result(U&& u) : v_(std::in_place_index<0>, T(std::forward<U>(u))) {}  // NOLINT

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & { assert(has_value()); return std::get<0>(v_); }
  const T& value() const& { assert(has_value()); return std::get<0>(v_); }
  T&& value() && { assert(has_value()); return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  Error& error() & { assert(!has_value()); return std::get<1>(v_); }
  const Error& error() const& { assert(!has_value()); return std::get<1>(v_); }
  Error&& error() && { assert(!has_value()); return std::get<1>(std::move(v_)); }

  template <typename U>
  T value_or(U&& fallback) const& { return has_value() ? value() : T(std::forward<U>(fallback)); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT
  bool has_value() const { return ok_; }
  explicit operator bool() const { return ok_; }
  void value() const { assert(ok_); }
  Error& error() & { assert(!ok_); return error_; }
  const Error& error() const& { assert(!ok_); return error_; }
  Error&& error() && { assert(!ok_); return std::move(error_); }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

}  // namespace discus::base

#define DISCUS_CONCAT_INNER(a, b) a##b
#define DISCUS_CONCAT(a, b) DISCUS_CONCAT_INNER(a, b)

// DISCUS_TRY(decl, expr): evaluate a Result expression; on error return it from the enclosing
// function, otherwise bind its value to `decl`.
#define DISCUS_TRY(decl, expr)                                        \
  auto DISCUS_CONCAT(discus_try_, __LINE__) = (expr);                 \
  if (!DISCUS_CONCAT(discus_try_, __LINE__))                          \
    return std::move(DISCUS_CONCAT(discus_try_, __LINE__)).error();   \
  decl = std::move(*DISCUS_CONCAT(discus_try_, __LINE__))

// DISCUS_CHECK(expr): for Result<void>/Status expressions.
#define DISCUS_CHECK(expr)                                            \
  do {                                                                \
    auto discus_check_ = (expr);                                      \
    if (!discus_check_) return std::move(discus_check_).error();      \
  } while (0)
