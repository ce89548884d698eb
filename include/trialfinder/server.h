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
#include <vector>

#include "trialfinder/status.h"

namespace trialfinder {

struct ServerOptions {
  std::filesystem::path database_directory;
  // Loopback by default: put nginx (deploy/nginx.conf) in front for the public.
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: pick a free port (see Server::port())
  // Threads running requests (searches, pages, matching). Connections do
  // not hold one: a single thread reads and writes all of them, and a
  // request reaches a worker only once it has fully arrived.
  // 0: 2 per core, at least 4.
  std::size_t threads = 0;
  // Read open studies' eligibility criteria in the background at start, so
  // the first matches are as fast as later ones (server/criteria_warmer.h).
  bool warm_criteria = true;
  // Complete requests waiting for a worker; past this, 503 with Retry-After.
  // (A connection has at most one request waiting.)
  std::size_t max_queued_requests = 1024;
  // Requests of one client waiting or running at once; past this, 429.
  // Workers take clients in turn, so another client's request waits for a
  // worker to finish, not for one client's backlog. 0: as many as
  // max_connections_per_client (a NAT or a proxy can carry many users).
  std::size_t max_requests_per_client = 0;
  // Connections open at once, idle ones included (bounded by the open-file
  // limit, which serve raises to its hard maximum).
  std::size_t max_connections = 1000;
  // Connections at once from one address; trusted proxies are exempt.
  std::size_t max_connections_per_client = 64;
  // Bodies (POST /api/v2/match, forms); the editor form allows 512 kB.
  // Compressed request bodies are refused, chunked ones counted as they come.
  std::size_t max_request_bytes = 64 * 1024;
  // A connection on which nothing moves for this long is closed (slow
  // clients, idle keep-alive connections).
  int idle_timeout_seconds = 5;
  // A request must arrive in full within this many seconds of its
  // connection opening or the previous response (clients that send a byte
  // now and then to hold a connection).
  int request_timeout_seconds = 15;
  // A response must be made and read within this many seconds.
  int response_timeout_seconds = 120;
  // Addresses of reverse proxies (deploy/nginx.conf: 127.0.0.1) whose
  // X-Forwarded-For names the client, for login throttling. From any other
  // peer the header is ignored; with none, it is never read.
  std::vector<std::string> trusted_proxies;
  // Password checks (Argon2id, about 65 MB each) running at once; more
  // wait their turn.
  std::size_t max_concurrent_logins = 2;
  // Access log file; empty logs to stderr. Lines are JSON objects without
  // query values or headers (they can hold patient details).
  std::string access_log;
  // Marks editor cookies Secure; set it when TLS ends at a proxy in front.
  bool secure_cookies = false;
  // The address people reach the server at ("https://trials.example.org"),
  // for the absolute links feeds carry. Empty: http://HOST:PORT as bound,
  // right only when people reach the server directly.
  std::string public_url;
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
