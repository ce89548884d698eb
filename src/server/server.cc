// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "trialfinder/server.h"

#include <fmt/format.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "server/api.h"
#include "server/criteria_warmer.h"
#include "server/http_server.h"
#include "server/pages.h"
#include "server/reader_pool.h"
#include "server/routes.h"
#include "trialfinder/places.h"

namespace trialfinder {
namespace {

// One JSON line per request: no query values and no headers, which can hold
// patient details or credentials.
void LogRequest(spdlog::logger& log, const HttpRequest& request, const HttpResponse& response,
                double ms) {
  nlohmann::ordered_json line;
  line["method"] = request.method;
  line["path"] = request.path;
  nlohmann::ordered_json names = nlohmann::ordered_json::array();
  for (const auto& [name, value] : request.params) {
    if (names.size() < 20) names.push_back(name);
  }
  line["params"] = names;
  line["status"] = response.status;
  line["bytes"] = response.body.size();
  line["ms"] = ms;
  line["remote"] = request.remote_address;
  log.info(line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
}

}  // namespace

struct Server::Impl {
  explicit Impl(const ServerOptions& server_options)
      : options(server_options),
        pool(server_options.database_directory),
        api(pool),
        pages(pool, server_options.database_directory,
              PageOptions{server_options.secure_cookies, server_options.trusted_proxies,
                          server_options.max_concurrent_logins}),
        feeds(pool),
        discovery(pool) {}

  ServerOptions options;
  ReaderPool pool;
  ApiHandlers api;
  PageHandlers pages;
  FeedHandlers feeds;
  DiscoveryHandlers discovery;
  std::shared_ptr<spdlog::logger> access_log;
  std::unique_ptr<HttpServer> http;
  std::mutex mutex;
  std::condition_variable stop_requested;
  bool stopping = false;
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() = default;

Result<std::unique_ptr<Server>> Server::Create(const ServerOptions& options) {
  if (!options.public_url.empty() && options.public_url.rfind("http://", 0) != 0 &&
      options.public_url.rfind("https://", 0) != 0) {
    return Status::InvalidArgument("--public-url: '" + options.public_url +
                                   "' is not an http:// or https:// address");
  }
  auto impl = std::make_unique<Impl>(options);
  {
    // Fail now, not at the first request, when there is nothing to serve.
    Result<ReaderPool::Lease> lease = impl->pool.Acquire();
    if (!lease.ok()) return lease.status();
  }
  // Read the gazetteer now (a quarter of a second), not during the first
  // search near a place.
  Gazetteer::Builtin();
  try {
    impl->access_log =
        options.access_log.empty()
            ? std::make_shared<spdlog::logger>("access",
                                               std::make_shared<spdlog::sinks::stderr_sink_mt>())
            : std::make_shared<spdlog::logger>(
                  "access",
                  std::make_shared<spdlog::sinks::basic_file_sink_mt>(options.access_log));
  } catch (const spdlog::spdlog_ex& error) {
    return Status::IoError(std::string("cannot open the access log: ") + error.what());
  }
  impl->access_log->set_pattern("{\"time\":\"%Y-%m-%dT%H:%M:%S.%eZ\",\"request\":%v}",
                                spdlog::pattern_time_type::utc);
  impl->access_log->flush_on(spdlog::level::info);

  HttpServerOptions http;
  http.host = options.host;
  http.port = options.port;
  // Handlers are CPU-bound (search, matching) with short waits on SQLite
  // and Xapian files: a few more threads than cores keep the cores busy.
  http.worker_threads = options.threads > 0
                            ? options.threads
                            : std::max<std::size_t>(4, 2 * std::thread::hardware_concurrency());
  http.max_queued_requests = options.max_queued_requests;
  // As many as the connections one address may open: a client waits for
  // its own requests only. Behind a trusted proxy this bounds one forwarded
  // client's share of the queue.
  http.max_requests_per_client = options.max_requests_per_client > 0
                                     ? options.max_requests_per_client
                                     : options.max_connections_per_client;
  http.max_connections = options.max_connections;
  http.max_connections_per_address = options.max_connections_per_client;
  http.unlimited_addresses = options.trusted_proxies;
  http.idle_timeout_seconds = options.idle_timeout_seconds;
  http.request_timeout_seconds = options.request_timeout_seconds;
  http.response_timeout_seconds = options.response_timeout_seconds;
  http.max_body_bytes = options.max_request_bytes;
  http.error_writer = RouteErrorWriter(impl->pages);
  http.logger = [log = impl->access_log](const HttpRequest& request, const HttpResponse& response,
                                         double ms) { LogRequest(*log, request, response, ms); };
  Result<std::unique_ptr<HttpServer>> server = HttpServer::Create(
      std::move(http), Routes(impl->api, impl->pages, impl->feeds, impl->discovery));
  if (!server.ok()) return server.status();
  impl->http = std::move(server).value();
  // Absolute addresses (feeds, sitemaps, canonical links) start here.
  std::string public_url = options.public_url.empty()
                               ? fmt::format("http://{}:{}", options.host, impl->http->port())
                               : options.public_url;
  while (!public_url.empty() && public_url.back() == '/') public_url.pop_back();
  impl->feeds.SetPublicUrl(public_url);
  impl->discovery.SetPublicUrl(public_url);
  impl->pages.SetPublicUrl(public_url);
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

int Server::port() const { return impl_->http->port(); }

Status Server::Serve() {
  if (Status started = impl_->http->Start(); !started.ok()) return started;
  std::optional<CriteriaWarmer> warmer;  // stops before the server does
  if (impl_->options.warm_criteria) warmer.emplace(impl_->pool);
  {
    std::unique_lock<std::mutex> lock(impl_->mutex);
    impl_->stop_requested.wait(lock, [this] { return impl_->stopping; });
  }
  impl_->http->Stop();
  return Status::Ok();
}

void Server::Stop() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->stopping = true;
  impl_->stop_requested.notify_all();
}

}  // namespace trialfinder
