// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Status and Result<T>: how errors cross module boundaries in trialfinder.
// A Status is either OK or carries a code and a message written for a human
// ("studies.jsonl line 12 (NCT01234567): designModule.phases[0]: unknown
// value 'PHASE9'"). Exceptions never cross a module boundary.

#ifndef TRIALFINDER_STATUS_H_
#define TRIALFINDER_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace trialfinder {

// What kind of failure a Status reports. Front ends map codes to exit codes
// and HTTP statuses (kInvalidArgument -> 400, kNotFound -> 404, ...).
enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // the caller's input is malformed
  kNotFound,         // the thing asked for does not exist
  kIoError,          // a file or the database could not be read or written
  kCorruption,       // stored data is not what it should be
  kInternal,         // a bug or an exception from a library
};

// An OK marker or an error code with a human-readable message. Marked
// [[nodiscard]]: an error ignored is an error lost (a failed upsert went
// unnoticed this way).
class [[nodiscard]] Status {
 public:
  // An OK status.
  Status() = default;

  static Status Ok() { return {}; }
  static Status InvalidArgument(std::string message) {
    return {StatusCode::kInvalidArgument, std::move(message)};
  }
  static Status NotFound(std::string message) {
    return {StatusCode::kNotFound, std::move(message)};
  }
  static Status IoError(std::string message) { return {StatusCode::kIoError, std::move(message)}; }
  static Status Corruption(std::string message) {
    return {StatusCode::kCorruption, std::move(message)};
  }
  static Status Internal(std::string message) {
    return {StatusCode::kInternal, std::move(message)};
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  // The message; empty for OK.
  const std::string& message() const { return message_; }

  // A copy whose message is prefixed with `context` and ": ".
  Status WithContext(const std::string& context) const {
    if (ok()) return *this;
    return {code_, context + ": " + message_};
  }

 private:
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// Either a value of type T or a non-OK Status (like C++23 std::expected).
// Accessing value() of an error Result is a programming error (asserts).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  // An OK status carries no value: a bug in the caller, which debug builds
  // stop at and release builds report as an Internal error rather than
  // handing out a Result that is neither value nor error.
  Result(Status status)  // NOLINT(google-explicit-constructor)
      : state_(status.ok()
                   ? Status::Internal("a Result was made from an OK status, without a value")
                   : std::move(status)) {
    assert(!std::get<Status>(state_).message().starts_with("a Result was made from an OK"));
  }

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  // The error; an OK Status when this holds a value.
  Status status() const {
    if (ok()) return Status::Ok();
    return std::get<Status>(state_);
  }

  T& value() & {
    assert(ok());
    return std::get<T>(state_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<T>(state_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(state_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace trialfinder

#endif  // TRIALFINDER_STATUS_H_
