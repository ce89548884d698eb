// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/http_server.h"

#include <microhttpd.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "concurrency/fair_queue.h"
#include "server/byte_budget.h"
#include "server/connection_registry.h"
#include "server/gzip.h"
#include "server/listen_socket.h"
#include "server/request_checks.h"

namespace trialfinder {
namespace {

// Bytes of an over-long body read and thrown away before the connection is
// closed instead: enough for a client that sends a little too much to get
// its 413, too little for a flood to cost anything.
constexpr std::size_t kMaxDiscardedBodyBytes = 1024 * 1024;
// How long Stop() waits for responses already queued to be sent.
constexpr auto kStopGrace = std::chrono::seconds(5);
// How often the watchdog looks for requests past their deadline.
constexpr auto kWatchdogPeriod = std::chrono::milliseconds(500);
// The kernel's send buffer of a connection. Left to grow (up to 4 MB), a
// client reading a trickle kept megabytes of a response in kernel memory,
// even after the connection was closed (issue 20). 128 kB still fills a
// 10 Mbit/s link at 100 ms.
constexpr int kSendBufferBytes = 128 * 1024;

// One request from its headers to its completion. Owned by MHD's request
// context (*req_cls) from the first call of the access handler until the
// completion callback deletes it.
struct RequestState {
  MHD_Connection* connection = nullptr;
  ConnectionRegistry::Connection* registered = nullptr;
  HttpRequest request;
  const HttpRoute* route = nullptr;
  RouteKind kind = RouteKind::kApi;
  std::string client;      // for fairness and budgets: ClientAddress()
  bool unlimited = false;  // a trusted proxy speaking for itself
  std::size_t body_limit = 0;
  bool body_too_large = false;
  std::size_t discarded = 0;
  bool dispatched = false;
  bool gzip = false;  // the client accepts gzip
  std::size_t reserved_bytes = 0;
  // Set by the worker (or at once for errors) before the connection is
  // resumed; read by the polling thread after.
  std::atomic<bool> done = false;
  HttpResponse response;
};

}  // namespace

struct HttpServer::Impl {
  HttpServerOptions options;
  RouteTable routes;
  int listen_fd = -1;
  int port = 0;
  MHD_Daemon* daemon = nullptr;
  FairQueue<RequestState*> queue;
  ConnectionRegistry connections;
  ByteBudget response_bytes;
  std::vector<std::thread> workers;
  std::atomic<bool> stopping = false;
  std::atomic<std::size_t> in_flight = 0;  // dispatched, not yet completed
  std::atomic<std::size_t> rejected_busy = 0;
  std::mutex stop_mutex;
  bool stopped = false;
  std::thread watchdog;
  std::mutex watchdog_mutex;
  std::condition_variable watchdog_wake;
  bool watchdog_stop = false;

  explicit Impl(HttpServerOptions server_options)
      : options(std::move(server_options)),
        queue(std::max<std::size_t>(1, options.max_queued_requests),
              std::max<std::size_t>(1, options.max_requests_per_client)),
        connections({options.max_connections_per_address, options.unlimited_addresses,
                     std::chrono::seconds(options.request_timeout_seconds),
                     std::chrono::seconds(options.response_timeout_seconds)}),
        response_bytes(options.max_response_bytes_per_client, options.max_response_bytes) {}

  void WriteError(RequestState& state, int status, const std::string& message) {
    state.response = HttpResponse{};
    if (options.error_writer) {
      options.error_writer(state.kind, status, message, state.response);
    } else {
      state.response.SetContent(message, "text/plain; charset=utf-8");
    }
    state.response.status = status;
  }

  // Headers every response carries, and gzip when it pays.
  void Finish(RequestState& state) {
    HttpResponse& response = state.response;
    response.SetHeader("X-Content-Type-Options", "nosniff");
    // Browser clients of the API (as of ClinicalTrials.gov's) may read its
    // answers from any origin: they are public and carry no credentials.
    // Pages and POSTs (the editor's forms, /match) get no such header.
    const std::string& method = state.request.method;
    if (state.kind == RouteKind::kApi && (method == "GET" || method == "HEAD")) {
      response.SetHeader("Access-Control-Allow-Origin", "*");
      // CSV pages carry their paging in headers: let scripts read them.
      response.SetHeader("Access-Control-Expose-Headers", "x-next-page-token, x-total-count");
    }
    const std::string type = response.Header("Content-Type");
    if (state.gzip && response.Header("Content-Encoding").empty() &&
        WorthCompressing(type, response.body.size())) {
      if (std::optional<std::string> compressed = GzipCompress(response.body)) {
        response.body = std::move(*compressed);
        response.SetHeader("Content-Encoding", "gzip");
      }
    }
    if (WorthCompressing(type, 1024)) response.SetHeader("Vary", "Accept-Encoding");
  }

  void Log(const RequestState& state, double handler_ms) const {
    if (options.logger) options.logger(state.request, state.response, handler_ms);
  }

  void RunWorker() {
    while (std::optional<std::pair<std::string, RequestState*>> next = queue.Pop()) {
      RequestState& state = *next->second;
      const auto start = std::chrono::steady_clock::now();
      // A client whose earlier responses fill its budget gets no new one
      // made: it could not be sent.
      const bool budget_left = !response_bytes.Exhausted(state.client, state.unlimited);
      try {
        if (budget_left) {
          // Forms are parsed here, on a worker, not on the thread that
          // serves every connection.
          std::optional<HttpRefusal> refusal = AddFormFields(state.kind, &state.request);
          if (refusal) {
            WriteError(state, refusal->status, refusal->message);
          } else {
            state.route->handler(state.request, state.response);
          }
        }
      } catch (...) {
        WriteError(state, 500, "internal error");
      }
      const double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count();
      Finish(state);
      // Held until its client has read it: within the budgets, or not at all.
      if (budget_left &&
          response_bytes.TryReserve(state.client, state.response.body.size(), state.unlimited)) {
        state.reserved_bytes = state.response.body.size();
      } else {
        ++rejected_busy;
        WriteError(state, 503,
                   "the server is still sending your earlier responses, or many others; try "
                   "again in a moment");
        state.response.SetHeader("Retry-After", "2");
        Finish(state);
      }
      Log(state, ms);
      queue.Finish(next->first);
      state.done = true;
      MHD_resume_connection(state.connection);
    }
  }

  // Queues `state.response` on its connection.
  MHD_Result Send(RequestState& state) {
    auto* body = new std::string(std::move(state.response.body));
    MHD_Response* response = MHD_create_response_from_buffer_with_free_callback_cls(
        body->size(), body->data(), [](void* owned) { delete static_cast<std::string*>(owned); },
        body);
    if (response == nullptr) {
      delete body;
      return MHD_NO;
    }
    for (const auto& [name, value] : state.response.headers) {
      MHD_add_response_header(response, name.c_str(), value.c_str());
    }
    const MHD_Result queued = MHD_queue_response(
        state.connection, static_cast<unsigned>(state.response.status), response);
    MHD_destroy_response(response);
    return queued;
  }

  // An error found before any handler ran: answered at once.
  MHD_Result Refuse(RequestState& state, const HttpRefusal& refusal) {
    if (state.registered) connections.Sending(state.registered);
    WriteError(state, refusal.status, refusal.message);
    Finish(state);
    Log(state, 0);
    return Send(state);
  }

  void ReadRequestHead(RequestState& state, const char* url, const char* method) {
    HttpRequest& request = state.request;
    request.method = method;
    request.path = url;
    const MHD_ConnectionInfo* info =
        MHD_get_connection_info(state.connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    state.registered =
        info ? static_cast<ConnectionRegistry::Connection*>(info->socket_context) : nullptr;
    request.remote_address = state.registered ? state.registered->peer : "";
    // Values are taken with their lengths: a decoded %00 stays in them.
    const MHD_KeyValueIteratorN collect = [](void* cls, MHD_ValueKind, const char* key,
                                             size_t key_size, const char* value,
                                             size_t value_size) {
      static_cast<HttpFields*>(cls)->emplace_back(std::string(key, key_size),
                                                  value ? std::string(value, value_size) : "");
      return MHD_YES;
    };
    MHD_get_connection_values_n(state.connection, MHD_HEADER_KIND, collect, &request.headers);
    MHD_get_connection_values_n(state.connection, MHD_GET_ARGUMENT_KIND, collect, &request.params);
    state.gzip = AcceptsGzip(request.Header("Accept-Encoding"));
    state.client = ClientAddress(request, options.unlimited_addresses);
    state.unlimited =
        state.client == request.remote_address && connections.Unlimited(request.remote_address);
  }

  // The first call: the request line and headers are in.
  MHD_Result OnHead(RequestState& state, const char* version) {
    const std::string& path = state.request.path;
    state.kind =
        path.rfind("/api/", 0) == 0 || path == "/healthz" ? RouteKind::kApi : RouteKind::kPage;
    if (stopping) return Refuse(state, {503, "the server is shutting down"});
    const bool http_1_0 = std::strcmp(version, MHD_HTTP_VERSION_1_0) == 0;
    if (std::optional<HttpRefusal> refusal = CheckRequestHead(state.request, http_1_0)) {
      return Refuse(state, *refusal);
    }
    HttpRefusal no_route;
    state.route = routes.Find(state.request.method, path, &state.request.path_groups, &no_route);
    if (state.route == nullptr) return Refuse(state, no_route);
    state.kind = state.route->kind;
    const std::string& cookie = state.route->required_cookie;
    if (!cookie.empty() && CookieNamed(state.request, cookie).empty()) {
      return Refuse(state, {403, "log in first"});
    }
    state.body_limit =
        state.route->max_body_bytes > 0 ? state.route->max_body_bytes : options.max_body_bytes;
    if (std::optional<HttpRefusal> refusal = CheckBodyHeaders(state.request, state.body_limit)) {
      return Refuse(state, *refusal);
    }
    return MHD_YES;
  }

  // The last call: the whole request is in. Hands it to a worker.
  MHD_Result Dispatch(RequestState& state) {
    if (state.body_too_large) return Refuse(state, BodyTooLarge(state.body_limit));
    state.dispatched = true;
    ++in_flight;
    if (state.registered) connections.Sending(state.registered);
    // Suspended before it is queued, so that the worker's resume always
    // follows the suspension.
    MHD_suspend_connection(state.connection);
    const auto refusal = queue.TryPush(state.client, &state, state.unlimited);
    if (refusal != FairQueue<RequestState*>::Refusal::kNone) {
      ++rejected_busy;
      if (refusal == FairQueue<RequestState*>::Refusal::kKeyBusy) {
        WriteError(state, 429,
                   "too many requests from your address at once; wait for the answers, then try "
                   "again");
      } else {
        WriteError(state, 503, "the server is busy; try again in a moment");
      }
      state.response.SetHeader("Retry-After", "1");
      Finish(state);
      Log(state, 0);
      state.done = true;
      MHD_resume_connection(state.connection);
    }
    return MHD_YES;
  }

  MHD_Result OnRequest(MHD_Connection* connection, const char* url, const char* method,
                       const char* version, const char* upload_data, std::size_t* upload_data_size,
                       void** context) {
    auto* state = static_cast<RequestState*>(*context);
    if (state == nullptr) {
      state = new RequestState;
      state->connection = connection;
      *context = state;
      ReadRequestHead(*state, url, method);
      return OnHead(*state, version);
    }
    if (*upload_data_size > 0) {  // a piece of the body
      const std::size_t size = *upload_data_size;
      *upload_data_size = 0;
      if (!state->body_too_large && state->request.body.size() + size <= state->body_limit) {
        state->request.body.append(upload_data, size);
        return MHD_YES;
      }
      // Chunked bodies announce no length: count them as they come.
      state->body_too_large = true;
      state->request.body.clear();
      state->request.body.shrink_to_fit();
      state->discarded += size;
      return state->discarded > kMaxDiscardedBodyBytes ? MHD_NO : MHD_YES;
    }
    if (state->done) return Send(*state);  // resumed by its worker
    if (state->dispatched) return MHD_YES;
    return Dispatch(*state);
  }

  void OnCompleted(void** context) {
    auto* state = static_cast<RequestState*>(*context);
    if (state == nullptr) return;
    if (state->registered) connections.Receiving(state->registered);  // the next request
    if (state->reserved_bytes > 0) response_bytes.Release(state->client, state->reserved_bytes);
    if (state->dispatched) --in_flight;
    delete state;
    *context = nullptr;
  }

  void OnConnection(MHD_Connection* connection, void** socket_context,
                    MHD_ConnectionNotificationCode code) {
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
      const MHD_ConnectionInfo* address =
          MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
      const MHD_ConnectionInfo* fd =
          MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
      if (fd != nullptr) {
        setsockopt(fd->connect_fd, SOL_SOCKET, SO_SNDBUF, &kSendBufferBytes,
                   sizeof kSendBufferBytes);
      }
      *socket_context = connections.Open(address ? AddressText(address->client_addr) : "",
                                         fd ? fd->connect_fd : -1);
      return;
    }
    if (*socket_context == nullptr) return;
    connections.Close(static_cast<ConnectionRegistry::Connection*>(*socket_context));
    *socket_context = nullptr;
  }

  void RunWatchdog() {
    std::unique_lock<std::mutex> lock(watchdog_mutex);
    while (!watchdog_wake.wait_for(lock, kWatchdogPeriod, [this] { return watchdog_stop; })) {
      connections.ShutDownOverdue();
    }
  }
};

namespace {

// Raises the open-file limit to its hard maximum and returns how many
// connections fit under it, keeping room for the store and index files.
std::size_t ConnectionsThatFit(std::size_t wanted) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return std::min<std::size_t>(wanted, 900);
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
    getrlimit(RLIMIT_NOFILE, &limit);
  }
  constexpr rlim_t kReserved = 128;  // SQLite, Xapian, logs
  if (limit.rlim_cur == RLIM_INFINITY) return wanted;
  const std::size_t room = limit.rlim_cur > kReserved ? limit.rlim_cur - kReserved : 16;
  return std::min(wanted, room);
}

}  // namespace

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() {
  Stop();
  if (impl_->listen_fd >= 0) close(impl_->listen_fd);
}

Result<std::unique_ptr<HttpServer>> HttpServer::Create(HttpServerOptions options,
                                                       std::vector<HttpRoute> routes) {
  auto impl = std::make_unique<Impl>(std::move(options));
  Result<RouteTable> table = RouteTable::Compile(std::move(routes));
  if (!table.ok()) return table.status();
  impl->routes = std::move(table).value();
  Result<int> fd = ListenOn(impl->options.host, impl->options.port);
  if (!fd.ok()) return fd.status();
  impl->listen_fd = *fd;
  impl->port = BoundPort(*fd);
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

int HttpServer::port() const { return impl_->port; }

std::size_t HttpServer::rejected_busy() const { return impl_->rejected_busy; }

Status HttpServer::Start() {
  Impl& impl = *impl_;
  const unsigned connection_limit =
      static_cast<unsigned>(ConnectionsThatFit(impl.options.max_connections));
  auto on_request = [](void* cls, MHD_Connection* connection, const char* url, const char* method,
                       const char* version, const char* upload_data, size_t* upload_data_size,
                       void** context) {
    return static_cast<Impl*>(cls)->OnRequest(connection, url, method, version, upload_data,
                                              upload_data_size, context);
  };
  auto on_completed = [](void* cls, MHD_Connection* /*connection*/, void** context,
                         MHD_RequestTerminationCode /*code*/) {
    static_cast<Impl*>(cls)->OnCompleted(context);
  };
  auto on_connection = [](void* cls, MHD_Connection* connection, void** socket_context,
                          MHD_ConnectionNotificationCode code) {
    static_cast<Impl*>(cls)->OnConnection(connection, socket_context, code);
  };
  auto allow = [](void* cls, const sockaddr* address, socklen_t /*length*/) {
    return static_cast<Impl*>(cls)->connections.Allows(AddressText(address)) ? MHD_YES : MHD_NO;
  };
  using RequestCompleted = void (*)(void*, MHD_Connection*, void**, MHD_RequestTerminationCode);
  using ConnectionNotified =
      void (*)(void*, MHD_Connection*, void**, MHD_ConnectionNotificationCode);
  impl.daemon = MHD_start_daemon(
      MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME, 0,
      static_cast<MHD_AcceptPolicyCallback>(allow), &impl,
      static_cast<MHD_AccessHandlerCallback>(on_request), &impl, MHD_OPTION_LISTEN_SOCKET,
      impl.listen_fd, MHD_OPTION_CONNECTION_LIMIT, connection_limit, MHD_OPTION_CONNECTION_TIMEOUT,
      static_cast<unsigned>(impl.options.idle_timeout_seconds), MHD_OPTION_CONNECTION_MEMORY_LIMIT,
      impl.options.connection_memory_bytes, MHD_OPTION_NOTIFY_COMPLETED,
      static_cast<RequestCompleted>(on_completed), &impl, MHD_OPTION_NOTIFY_CONNECTION,
      static_cast<ConnectionNotified>(on_connection), &impl, MHD_OPTION_LISTEN_BACKLOG_SIZE, 511u,
      MHD_OPTION_END);
  if (impl.daemon == nullptr) return Status::IoError("the HTTP server could not start");
  const std::size_t threads = std::max<std::size_t>(1, impl.options.worker_threads);
  for (std::size_t i = 0; i < threads; ++i) {
    impl.workers.emplace_back([&impl] { impl.RunWorker(); });
  }
  impl.watchdog = std::thread([&impl] { impl.RunWatchdog(); });
  return Status::Ok();
}

void HttpServer::Stop() {
  Impl& impl = *impl_;
  std::lock_guard<std::mutex> lock(impl.stop_mutex);
  if (impl.stopped || impl.daemon == nullptr) return;
  impl.stopped = true;
  impl.stopping = true;
  MHD_quiesce_daemon(impl.daemon);  // no new connections; the socket stays ours
  impl.queue.Close();               // workers finish what is queued, then leave
  for (std::thread& worker : impl.workers) worker.join();
  const auto deadline = std::chrono::steady_clock::now() + kStopGrace;
  while (impl.in_flight > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  {
    std::lock_guard<std::mutex> wake(impl.watchdog_mutex);
    impl.watchdog_stop = true;
  }
  impl.watchdog_wake.notify_all();
  impl.watchdog.join();
  MHD_stop_daemon(impl.daemon);
  impl.daemon = nullptr;
}

}  // namespace trialfinder
