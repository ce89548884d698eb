// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/editor_auth.h"

#include <sodium.h>

#include <algorithm>
#include <cstdlib>

namespace trialfinder {

std::string SessionCookie(std::string_view name, std::string_view value, int max_age_seconds,
                          bool secure) {
  return std::string(name) + "=" + std::string(value) +
         "; Path=/; Max-Age=" + std::to_string(max_age_seconds) + "; HttpOnly; SameSite=Strict" +
         (secure ? "; Secure" : "");
}

bool TokensEqual(std::string_view given, std::string_view expected) {
  if (expected.empty() || given.size() != expected.size()) return false;
  unsigned char difference = 0;
  for (std::size_t i = 0; i < given.size(); ++i) {
    difference |= static_cast<unsigned char>(given[i] ^ expected[i]);
  }
  return difference == 0;
}

bool LoginThrottle::TryStart(const std::string& client) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  if (clients_.size() > 100000) {
    // Bounded memory under a flood of addresses: forget the idle ones.
    for (auto it = clients_.begin(); it != clients_.end();) {
      it = it->second.in_progress == 0 ? clients_.erase(it) : std::next(it);
    }
  }
  Client& entry = clients_[client];
  while (!entry.failures.empty() && now - entry.failures.front() > window_) {
    entry.failures.pop_front();
  }
  if (entry.failures.size() + entry.in_progress >= max_failures_) return false;
  ++entry.in_progress;
  return true;
}

void LoginThrottle::Finish(const std::string& client, bool failed) {
  std::lock_guard<std::mutex> lock(mutex_);
  Client& entry = clients_[client];
  if (entry.in_progress > 0) --entry.in_progress;
  if (failed) entry.failures.push_back(std::chrono::steady_clock::now());
  if (entry.in_progress == 0 && entry.failures.empty()) clients_.erase(client);
}

LoginFormTokens::LoginFormTokens(std::chrono::seconds lifetime)
    : lifetime_(lifetime), key_(crypto_auth_KEYBYTES) {
  if (sodium_init() < 0) std::abort();  // no CSPRNG: never issue guessable tokens
  crypto_auth_keygen(key_.data());
}

std::string LoginFormTokens::Mac(std::string_view message) const {
  unsigned char mac[crypto_auth_BYTES];
  crypto_auth(mac, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
              key_.data());
  char hex[2 * crypto_auth_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return hex;
}

std::string LoginFormTokens::Issue() const {
  unsigned char nonce[16];
  randombytes_buf(nonce, sizeof nonce);
  char hex[2 * sizeof nonce + 1];
  sodium_bin2hex(hex, sizeof hex, nonce, sizeof nonce);
  const auto issued = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const std::string message = std::to_string(issued) + "." + hex;
  return message + "." + Mac(message);
}

bool LoginFormTokens::Valid(std::string_view token) const {
  const std::size_t dot = token.rfind('.');
  if (dot == std::string_view::npos || token.size() > 200) return false;
  const std::string_view message = token.substr(0, dot);
  if (!TokensEqual(token.substr(dot + 1), Mac(message))) return false;
  const long long issued = std::atoll(std::string(message.substr(0, message.find('.'))).c_str());
  const long long now = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
  return issued <= now && now - issued <= lifetime_.count();
}

PasswordCheckSlots::Slot::~Slot() {
  if (owner_ == nullptr) return;
  std::lock_guard<std::mutex> lock(owner_->mutex_);
  ++owner_->free_;
}

std::optional<PasswordCheckSlots::Slot> PasswordCheckSlots::TryAcquire() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (free_ == 0) return std::nullopt;
  --free_;
  return Slot(this);
}

}  // namespace trialfinder
