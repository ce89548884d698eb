// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// What guards the editors' login and forms: cookies, CSRF tokens, the
// client's address behind a trusted proxy, throttling of failed logins and
// the bound on password checks running at once.

#ifndef TRIALFINDER_SERVER_EDITOR_AUTH_H_
#define TRIALFINDER_SERVER_EDITOR_AUTH_H_

#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/http_message.h"

namespace trialfinder {

// A Set-Cookie value: HttpOnly, SameSite=Strict, Path=/, and Secure when
// `secure` (TLS ends at a proxy in front). Max-Age 0 deletes the cookie.
std::string SessionCookie(std::string_view name, std::string_view value, int max_age_seconds,
                          bool secure);

// Compares two tokens in time independent of where they differ.
bool TokensEqual(std::string_view given, std::string_view expected);

// Failed logins per client address: a client with `max_failures` failures
// within `window`, counting the attempts still being checked, may not try
// again until the oldest failure leaves the window. Counting attempts in
// progress closes the race in which 16 simultaneous guesses were all
// checked because none had failed yet. Thread-safe.
class LoginThrottle {
 public:
  LoginThrottle(std::size_t max_failures, std::chrono::seconds window)
      : max_failures_(max_failures), window_(window) {}

  // Whether `client` may try now; if so the attempt counts until Finish.
  bool TryStart(const std::string& client);
  // Ends an attempt TryStart allowed; a failure stays counted for `window`.
  void Finish(const std::string& client, bool failed);

 private:
  struct Client {
    std::deque<std::chrono::steady_clock::time_point> failures;
    std::size_t in_progress = 0;
  };
  std::mutex mutex_;
  std::size_t max_failures_;
  std::chrono::seconds window_;
  std::map<std::string, Client> clients_;
};

// Tokens for the login form, issued by the server: "issued.nonce.mac",
// where mac authenticates the rest under a key made at start (libsodium
// crypto_auth, HMAC-SHA-512-256). The form and a cookie carry the same
// token; one the server did not issue, or older than `lifetime`, is
// refused, so a site that can set cookies cannot forge one. Tokens do not
// survive a restart of the server (the form asks to try again).
class LoginFormTokens {
 public:
  explicit LoginFormTokens(std::chrono::seconds lifetime = std::chrono::hours(1));
  std::string Issue() const;
  bool Valid(std::string_view token) const;

 private:
  std::string Mac(std::string_view message) const;
  std::chrono::seconds lifetime_;
  std::vector<unsigned char> key_;
};

// At most `slots` password checks at once: each Argon2id check takes about
// 65 MB and 0.1 s of a core, and 16 at once took 1 GB. A request that
// finds no free slot is told to try again rather than waiting on a worker
// thread. Thread-safe.
class PasswordCheckSlots {
 public:
  explicit PasswordCheckSlots(std::size_t slots) : free_(slots) {}

  // Holds one slot until destroyed.
  class Slot {
   public:
    explicit Slot(PasswordCheckSlots* owner) : owner_(owner) {}
    Slot(Slot&& other) noexcept : owner_(other.owner_) { other.owner_ = nullptr; }
    Slot& operator=(Slot&&) = delete;
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    ~Slot();

   private:
    PasswordCheckSlots* owner_;
  };

  // A slot, or nullopt when all are taken.
  std::optional<Slot> TryAcquire();

 private:
  std::mutex mutex_;
  std::size_t free_;
};

}  // namespace trialfinder

#endif  // TRIALFINDER_SERVER_EDITOR_AUTH_H_
