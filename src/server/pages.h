// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Handlers of the HTML pages: search (/), trial (/study/{id}), patient page
// (/study/{id}/plain, editable by editors), matching (/match) and editor
// login. Routes are bound in routes.cc.

#ifndef TRIALFINDER_SERVER_PAGES_H_
#define TRIALFINDER_SERVER_PAGES_H_

#include <httplib.h>

#include <chrono>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>

#include "server/reader_pool.h"

namespace trialfinder {

// Failed logins per client address: more than `max_failures` within
// `window` are refused until the oldest failure leaves the window.
class LoginThrottle {
 public:
  LoginThrottle(std::size_t max_failures, std::chrono::seconds window)
      : max_failures_(max_failures), window_(window) {}
  // Whether `client` may try now.
  bool Allowed(const std::string& client);
  void RecordFailure(const std::string& client);

 private:
  std::mutex mutex_;
  std::size_t max_failures_;
  std::chrono::seconds window_;
  std::map<std::string, std::deque<std::chrono::steady_clock::time_point>> failures_;
};

struct PageOptions {
  // Adds "Secure" to cookies: set when a TLS proxy (deploy/nginx.conf) is in front.
  bool secure_cookies = false;
};

class PageHandlers {
 public:
  PageHandlers(ReaderPool& pool, std::filesystem::path database_directory, PageOptions options)
      : pool_(pool), database_directory_(std::move(database_directory)), options_(options) {}

  void Search(const httplib::Request& request, httplib::Response& response);  // GET /
  void Study(const httplib::Request& request, httplib::Response& response);   // GET /study/{id}
  void Plain(const httplib::Request& request,
             httplib::Response& response);  // GET /study/{id}/plain
  void EditPlain(const httplib::Request& request,
                 httplib::Response& response);  // POST /study/{id}/plain
  void Match(const httplib::Request& request, httplib::Response& response);  // GET and POST /match
  void LoginForm(const httplib::Request& request,
                 httplib::Response& response);                                // GET /editor/login
  void Login(const httplib::Request& request, httplib::Response& response);   // POST /editor/login
  void Logout(const httplib::Request& request, httplib::Response& response);  // POST /editor/logout
  void StyleSheet(const httplib::Request& request,
                  httplib::Response& response);  // GET /static/style.css

 private:
  ReaderPool& pool_;
  std::filesystem::path database_directory_;
  PageOptions options_;
  LoginThrottle throttle_{5, std::chrono::minutes(15)};
};

}  // namespace trialfinder

#endif  // TRIALFINDER_SERVER_PAGES_H_
