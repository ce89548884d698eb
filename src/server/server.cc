// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "trialfinder/server.h"

#include <httplib.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <thread>

#include "server/api.h"
#include "server/pages.h"
#include "server/reader_pool.h"
#include "server/routes.h"

namespace trialfinder {
namespace {

// One JSON line per request: no query values and no headers, which can hold
// patient details or credentials.
void LogRequest(spdlog::logger& log, const httplib::Request& request, const httplib::Response& response) {
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
  const std::string timing = response.get_header_value("Server-Timing");
  const std::size_t equals = timing.find("dur=");
  if (equals != std::string::npos) line["ms"] = std::atof(timing.c_str() + equals + 4);
  line["remote"] = request.remote_addr;
  log.info(line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
}

}  // namespace

struct Server::Impl {
  explicit Impl(const ServerOptions& server_options)
      : options(server_options),
        pool(server_options.database_directory),
        api(pool),
        pages(pool, server_options.database_directory, PageOptions{server_options.secure_cookies}) {}

  ServerOptions options;
  httplib::Server http;
  ReaderPool pool;
  ApiHandlers api;
  PageHandlers pages;
  std::shared_ptr<spdlog::logger> access_log;
  int port = 0;
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() = default;

Result<std::unique_ptr<Server>> Server::Create(const ServerOptions& options) {
  auto impl = std::make_unique<Impl>(options);
  {
    // Fail now, not at the first request, when there is nothing to serve.
    Result<ReaderPool::Lease> lease = impl->pool.Acquire();
    if (!lease.ok()) return lease.status();
  }
  try {
    impl->access_log = options.access_log.empty()
                           ? std::make_shared<spdlog::logger>("access", std::make_shared<spdlog::sinks::stderr_sink_mt>())
                           : std::make_shared<spdlog::logger>(
                                 "access", std::make_shared<spdlog::sinks::basic_file_sink_mt>(options.access_log));
  } catch (const spdlog::spdlog_ex& error) {
    return Status::IoError(std::string("cannot open the access log: ") + error.what());
  }
  impl->access_log->set_pattern("{\"time\":\"%Y-%m-%dT%H:%M:%S.%eZ\",\"request\":%v}", spdlog::pattern_time_type::utc);
  impl->access_log->flush_on(spdlog::level::info);

  httplib::Server& http = impl->http;
  // cpp-httplib gives each keep-alive connection a worker for its whole
  // life, so workers must outnumber the connections kept open (nginx keeps
  // up to 32 to the upstream), not only the cores.
  const std::size_t threads =
      options.threads > 0 ? options.threads : std::max<std::size_t>(32, 8 * std::thread::hardware_concurrency());
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_payload_max_length(options.max_request_bytes);
  http.set_read_timeout(options.read_timeout_seconds, 0);
  http.set_write_timeout(options.write_timeout_seconds, 0);
  http.set_keep_alive_max_count(options.keep_alive_max_requests);
  http.set_keep_alive_timeout(options.keep_alive_timeout_seconds);
  http.set_tcp_nodelay(true);  // small JSON responses must not wait for delayed ACKs
  RegisterRoutes(http, impl->api, impl->pages);
  http.set_error_handler([](const httplib::Request& request, httplib::Response& response) {
    if (!response.body.empty()) return;  // a handler already explained
    const std::string message = response.status == 404 ? "no such page: " + request.path
                                                        : "the request could not be served";
    SendError(response, response.status, message);
  });
  http.set_exception_handler([log = impl->access_log](const httplib::Request& request, httplib::Response& response,
                                                      std::exception_ptr error) {
    std::string what = "unknown error";
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    log->error("{{\"path\":\"{}\",\"exception\":{}}}", request.path, nlohmann::json(what).dump());
    SendError(response, 500, "internal error");
  });
  http.set_logger([log = impl->access_log](const httplib::Request& request, const httplib::Response& response) {
    LogRequest(*log, request, response);
  });

  if (options.port == 0) {
    impl->port = http.bind_to_any_port(options.host);
  } else {
    impl->port = http.bind_to_port(options.host, options.port) ? options.port : -1;
  }
  if (impl->port <= 0) {
    return Status::IoError("cannot listen on " + options.host + ":" + std::to_string(options.port) +
                           " (in use, or not an address of this machine)");
  }
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

int Server::port() const { return impl_->port; }

Status Server::Serve() {
  if (!impl_->http.listen_after_bind()) return Status::IoError("the server stopped with an error");
  return Status::Ok();
}

void Server::Stop() { impl_->http.stop(); }

}  // namespace trialfinder
