// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// The HTTP server: a ClinicalTrials.gov API v2-compatible JSON API and
// server-rendered HTML pages over a database directory. Every route is listed in
// src/server/routes.cc.

#ifndef TRIALFINDER_SERVER_H_
#define TRIALFINDER_SERVER_H_

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>

#include "trialfinder/status.h"

namespace trialfinder {

struct ServerOptions {
  std::filesystem::path database_directory;
  // Loopback by default: put nginx (deploy/nginx.conf) in front for the public.
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: pick a free port (see Server::port())
  // Worker threads; each keep-alive connection holds one while open.
  // 0: 8 per core, at least 32.
  std::size_t threads = 0;
  std::size_t max_request_bytes = 64 * 1024;  // bodies (POST /api/v2/match) and more
  int read_timeout_seconds = 5;
  int write_timeout_seconds = 10;
  std::size_t keep_alive_max_requests = 100;
  int keep_alive_timeout_seconds = 5;
  // Access log file; empty logs to stderr. Lines are JSON objects without
  // query values or headers (they can hold patient details).
  std::string access_log;
  // Marks editor cookies Secure; set it when TLS ends at a proxy in front.
  bool secure_cookies = false;
};

class Server {
 public:
  // Binds the listening socket (so port() is known) without serving yet.
  static Result<std::unique_ptr<Server>> Create(const ServerOptions& options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // The bound port.
  int port() const;

  // Serves requests until Stop(); requests in progress finish first.
  Status Serve();

  // Asks Serve() to return. Safe to call from another thread.
  void Stop();

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace trialfinder

#endif  // TRIALFINDER_SERVER_H_
