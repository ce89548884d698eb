// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// `trialfinder serve`: the HTTP server, stopped cleanly by SIGTERM or SIGINT.

#include <fmt/core.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>

#include <thread>

#include "cli/commands.h"
#include "trialfinder/index.h"
#include "trialfinder/server.h"
#include "trialfinder/store.h"

namespace trialfinder::cli {
namespace {

// An ingest stopped between storing and indexing (a crash, kill -9) leaves
// the index behind the store, and a lost index directory leaves none: bring
// it up to date before serving. When an ingest holds the index (Xapian has
// one writer) that ingest will catch it up instead.
void CatchUpIndex(const std::filesystem::path& db) {
  Result<std::unique_ptr<StudyStore>> store = StudyStore::Open(db, StudyStore::Mode::kReadOnly);
  if (!store.ok()) return;  // Server::Create reports it
  Result<IndexReport> report = UpdateIndex(**store, IndexPath(db));
  if (!report.ok()) {
    fmt::print(stderr, "search index not updated: {}\n", report.status().message());
  } else {
    PrintIndexFailures(report->failures);
    if (report->indexed > 0) {
      fmt::print(stderr, "search index caught up with the store: {} studies indexed\n",
                 report->indexed);
    }
  }
}

int RunServe(const ServerOptions& options) {
#ifdef M_MMAP_THRESHOLD
  // Pages of up to 10 MB are built in memory. glibc raises its mmap
  // threshold after the first large buffer is freed, so later ones come
  // from a worker's arena and their memory stays with the process: held
  // by 48 slow readers under load, the server grew 293 MB instead of the
  // 175 MB measured quiet. A fixed 1 MB threshold returns each large
  // buffer to the system when it is freed.
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
  // Signals go to one waiting thread, not to whichever thread they hit, so
  // shutdown runs outside a signal handler.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  CatchUpIndex(options.database_directory);
  Result<std::unique_ptr<Server>> server = Server::Create(options);
  if (!server.ok()) return Fail(server.status());
  fmt::print("trialfinder serving {} on http://{}:{}/\n", options.database_directory.string(),
             options.host, (*server)->port());
  std::fflush(stdout);
  std::thread waiter([&] {
    int received = 0;
    sigwait(&signals, &received);
    (*server)->Stop();
  });
  Status served = (*server)->Serve();
  // Serve() also returns on its own errors; wake the waiter then.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  if (!served.ok()) return Fail(served);
  fmt::print("trialfinder stopped\n");
  return 0;
}

}  // namespace

void RegisterServeCommand(CLI::App& app, CommandRegistry& registry) {
  auto options = std::make_shared<ServerOptions>();
  auto db = std::make_shared<std::string>();
  CLI::App* serve =
      app.add_subcommand("serve", "Serve the API v2-compatible JSON API and the web pages");
  serve->add_option("--db", *db, "Database directory")->required();
  serve->add_option("--port", options->port, "Port (0: any free port)")
      ->check(CLI::Range(0, 65535));
  serve->add_option("--host", options->host,
                    "Address to listen on (default 127.0.0.1; use nginx in front)");
  serve
      ->add_option(
          "--threads", options->threads,
          "Threads running requests (default: 2 per core, at least 4); connections do not hold one")
      ->check(CLI::Range(0, 256));
  serve
      ->add_option("--max-connections", options->max_connections,
                   "Connections open at once, idle ones included (default 1000)")
      ->check(CLI::Range(16, 100000));
  serve
      ->add_option("--max-connections-per-client", options->max_connections_per_client,
                   "Connections at once from one address, trusted proxies exempt (default 64)")
      ->check(CLI::Range(1, 100000));
  serve
      ->add_option("--idle-timeout", options->idle_timeout_seconds,
                   "Seconds a connection may stay silent before it is closed (default 5)")
      ->check(CLI::Range(1, 3600));
  serve
      ->add_option("--request-timeout", options->request_timeout_seconds,
                   "Seconds a request may take to arrive in full (default 15)")
      ->check(CLI::Range(1, 3600));
  serve->add_option("--trusted-proxy", options->trusted_proxies,
                    "Address of a reverse proxy whose X-Forwarded-For names the client "
                    "(repeatable; deploy/nginx.conf: 127.0.0.1)");
  serve->add_option("--access-log", options->access_log, "Access log file (default: stderr)");
  serve->add_flag("!--no-warm-criteria", options->warm_criteria,
                  "Do not read open studies' criteria in the background at start");
  serve->add_option("--public-url", options->public_url,
                    "Address people reach the server at, for links in feeds "
                    "(e.g. https://trials.example.org; default http://HOST:PORT)");
  serve->add_flag("--secure-cookies", options->secure_cookies,
                  "Mark editor cookies Secure (TLS ends at a proxy in front)");
  registry.Add(serve, [options, db] {
    options->database_directory = *db;
    return RunServe(*options);
  });
}

}  // namespace trialfinder::cli
