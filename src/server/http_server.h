// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// The HTTP/1.1 front of the server: libmicrohttpd (Debian
// libmicrohttpd-dev) reading and writing every connection on one epoll
// thread, and a fixed pool of worker threads running the handlers.
//
// Why not cpp-httplib, which this replaced (issue 20): it gave every
// connection a worker thread for its whole life, so 33 slow or idle
// sockets left no worker for anyone else; it inflated gzip and brotli
// request bodies past the size limit, read chunked bodies without a limit,
// accepted any number of headers, copied the response once per part of a
// multi-range request, and dropped pipelined requests. Here an idle or slow
// connection costs a socket and at most `connection_memory_bytes`, a
// request reaches a worker only once it is complete and within its limits,
// and workers never wait on a client.

#ifndef TRIALFINDER_SERVER_HTTP_SERVER_H_
#define TRIALFINDER_SERVER_HTTP_SERVER_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "server/http_message.h"
#include "text/pattern.h"
#include "trialfinder/status.h"

namespace trialfinder {

using HttpHandler = std::function<void(const HttpRequest&, HttpResponse&)>;

// How errors found before a handler runs (no route, body too large ...)
// are written: JSON for the API, an HTML page for the pages.
enum class RouteKind { kApi, kPage };

// One row of the route table (routes.cc).
struct HttpRoute {
  std::string method;   // "GET" (also answers HEAD) or "POST"
  std::string pattern;  // the whole path, a PCRE2 pattern; groups become path_groups
  RouteKind kind = RouteKind::kApi;
  // Bodies larger than this are refused (413) before the handler runs;
  // 0 takes HttpServerOptions::max_body_bytes.
  std::size_t max_body_bytes = 0;
  HttpHandler handler;
  // When set, a request without this cookie is refused (403) before its
  // body is read: the editor form allows large bodies, anonymous posters
  // need not send them.
  std::string required_cookie;
};

// Writes the response for an error found by the server itself.
using HttpErrorWriter =
    std::function<void(RouteKind kind, int status, const std::string& message, HttpResponse&)>;

// Called after each response is queued, with the handler's time in ms
// (0 when no handler ran).
using HttpRequestLogger =
    std::function<void(const HttpRequest&, const HttpResponse&, double handler_ms)>;

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port
  // Threads running handlers; requests beyond them wait in a queue.
  std::size_t worker_threads = 8;
  // Complete requests waiting for a worker; past this, 503 at once.
  std::size_t max_queued_requests = 1024;
  // Requests of one client (ClientAddress: the peer, or the client a
  // trusted proxy names) waiting or running at once; past this, 429.
  // Workers take clients in turn, so one client's many requests do not
  // hold up another's.
  std::size_t max_requests_per_client = 64;
  // Response bytes waiting for slow clients to read them, per client and in
  // all; past these, 503 (see ByteBudget).
  std::size_t max_response_bytes_per_client = 64 * 1024 * 1024;
  std::size_t max_response_bytes = 512 * 1024 * 1024;
  // Connections open at once, idle ones included (raised RLIMIT_NOFILE
  // permitting); past it new connections are closed on accept.
  std::size_t max_connections = 1000;
  // Connections at once from one address, except `unlimited_addresses`
  // (the trusted proxies, whose connections carry many clients).
  std::size_t max_connections_per_address = 64;
  std::vector<std::string> unlimited_addresses;
  // A connection with no bytes moving for this long is closed: a client
  // slow to send its request, an idle keep-alive connection.
  int idle_timeout_seconds = 5;
  // A request must have arrived in full (headers and body) this long after
  // its connection opened or its previous response was sent; else the
  // connection is closed. Bounds clients that send a byte now and then.
  int request_timeout_seconds = 15;
  // A response must be made and read within this many seconds of its
  // request's arrival; else the connection is closed. Bounds clients that
  // read a few bytes now and then to keep a large response in memory.
  int response_timeout_seconds = 120;
  // Request line and headers together must fit in this (else 414 or 431).
  // (libmicrohttpd keeps each query parameter there too: about 1,000 fit.)
  std::size_t connection_memory_bytes = 64 * 1024;
  std::size_t max_body_bytes = 64 * 1024;
  HttpErrorWriter error_writer;
  HttpRequestLogger logger;
};

// Thread safety: Start, Stop and port may be called from different threads;
// handlers run on the worker threads, several at once.
class HttpServer {
 public:
  // Binds `options.host:port` and checks the routes' patterns; serving
  // starts with Start(). IoError when the address cannot be bound.
  static Result<std::unique_ptr<HttpServer>> Create(HttpServerOptions options,
                                                    std::vector<HttpRoute> routes);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  int port() const;

  // Starts serving on background threads.
  Status Start();
  // Stops accepting, lets the requests already received finish and be
  // sent (for up to a few seconds), then closes every connection. Returns
  // when done; safe to call twice.
  void Stop();

  // Requests turned away because the queue was full, since Start.
  std::size_t rejected_busy() const;

 private:
  struct Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace trialfinder

#endif  // TRIALFINDER_SERVER_HTTP_SERVER_H_
