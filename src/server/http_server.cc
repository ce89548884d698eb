// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/http_server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "concurrency/bounded_queue.h"
#include "server/gzip.h"

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

using Clock = std::chrono::steady_clock;

// One open connection, from MHD's "started" notification to "closed".
struct ConnectionState {
  std::string peer;
  int fd = -1;
  // When the request now arriving began (the connection opened, or the
  // previous response was done); unset while a worker has the request.
  std::optional<Clock::time_point> receiving_since;
};

struct CompiledRoute {
  HttpRoute route;
  Pattern pattern;
};

// "127.0.0.1", "::1": the address of a peer or a socket.
std::string AddressText(const sockaddr* address) {
  char text[INET6_ADDRSTRLEN] = "";
  if (address == nullptr) return "";
  if (address->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, text, sizeof text);
  } else if (address->sa_family == AF_INET6) {
    const auto* six = reinterpret_cast<const sockaddr_in6*>(address);
    inet_ntop(AF_INET6, &six->sin6_addr, text, sizeof text);
    // An IPv4 client of a dual-stack socket: say it as IPv4.
    const std::string mapped = text;
    if (mapped.rfind("::ffff:", 0) == 0 && mapped.find('.') != std::string::npos) {
      return mapped.substr(7);
    }
  }
  return text;
}

// One request from its headers to its completion. Owned by MHD's request
// context (*req_cls) from the first call of the access handler until the
// completion callback deletes it.
struct RequestState {
  MHD_Connection* connection = nullptr;
  HttpRequest request;
  const CompiledRoute* route = nullptr;
  RouteKind kind = RouteKind::kApi;
  std::size_t body_limit = 0;
  bool body_too_large = false;
  std::size_t discarded = 0;
  bool dispatched = false;
  bool gzip = false;  // the client accepts gzip
  // Set by the worker (or at once for errors) before the connection is
  // resumed; read by the polling thread after.
  std::atomic<bool> done = false;
  HttpResponse response;
};

}  // namespace

struct HttpServer::Impl {
  HttpServerOptions options;
  std::vector<CompiledRoute> routes;
  int listen_fd = -1;
  int port = 0;
  MHD_Daemon* daemon = nullptr;
  BoundedQueue<RequestState*> queue{256};
  std::vector<std::thread> workers;
  std::atomic<bool> stopping = false;
  std::atomic<std::size_t> in_flight = 0;  // dispatched, not yet completed
  std::atomic<std::size_t> rejected_busy = 0;
  std::mutex stop_mutex;
  bool stopped = false;
  // Open connections, and how many per peer address. Changed by the
  // polling thread, read by the watchdog.
  std::mutex connections_mutex;
  std::map<std::string, std::size_t> connections_by_address;
  std::map<ConnectionState*, bool> connections;  // the set of open ones
  std::thread watchdog;
  std::mutex watchdog_mutex;
  std::condition_variable watchdog_wake;
  bool watchdog_stop = false;

  explicit Impl(HttpServerOptions server_options)
      : options(std::move(server_options)),
        queue(std::max<std::size_t>(1, options.max_queued_requests)) {}

  const CompiledRoute* Find(const std::string& method, const std::string& path,
                            std::vector<std::string>* groups, bool* path_known) const {
    const std::string wanted = method == "HEAD" ? "GET" : method;
    *path_known = false;
    for (const CompiledRoute& compiled : routes) {
      std::optional<PatternMatch> match = compiled.pattern.Find(path);
      if (!match) continue;
      *path_known = true;
      if (compiled.route.method != wanted) continue;
      groups->clear();
      for (std::size_t i = 0; i < match->size(); ++i) groups->push_back(match->str(i));
      return &compiled;
    }
    return nullptr;
  }

  void WriteError(RequestState& state, int status, const std::string& message) {
    state.response = HttpResponse{};
    state.response.status = status;
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
    while (std::optional<RequestState*> next = queue.Pop()) {
      RequestState& state = **next;
      const auto start = std::chrono::steady_clock::now();
      try {
        state.route->route.handler(state.request, state.response);
      } catch (const std::exception& error) {
        WriteError(state, 500, "internal error");
      } catch (...) {
        WriteError(state, 500, "internal error");
      }
      const double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count();
      state.response.SetHeader("Server-Timing", "app;dur=" + std::to_string(ms));
      Finish(state);
      Log(state, ms);
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

  // Marks the connection's request as arrived (a worker or an error
  // response has it now), or as arriving from now on.
  void SetReceiving(MHD_Connection* connection, bool receiving) {
    const MHD_ConnectionInfo* info =
        MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    if (info == nullptr || info->socket_context == nullptr) return;
    auto* state = static_cast<ConnectionState*>(info->socket_context);
    std::lock_guard<std::mutex> lock(connections_mutex);
    if (receiving) {
      state->receiving_since = Clock::now();
    } else {
      state->receiving_since.reset();
    }
  }

  // An error found before any handler ran: answered at once.
  MHD_Result Refuse(RequestState& state, int status, const std::string& message) {
    SetReceiving(state.connection, false);
    WriteError(state, status, message);
    Finish(state);
    Log(state, 0);
    return Send(state);
  }

  void ReadRequestHead(RequestState& state, const char* url, const char* method) {
    HttpRequest& request = state.request;
    request.method = method;
    request.path = url;
    const MHD_ConnectionInfo* info =
        MHD_get_connection_info(state.connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    request.remote_address = info ? AddressText(info->client_addr) : "";
    MHD_get_connection_values_n(
        state.connection, MHD_HEADER_KIND,
        [](void* cls, MHD_ValueKind, const char* key, size_t key_size, const char* value,
           size_t value_size) {
          static_cast<HttpFields*>(cls)->emplace_back(std::string(key, key_size),
                                                      value ? std::string(value, value_size) : "");
          return MHD_YES;
        },
        &request.headers);
    MHD_get_connection_values_n(
        state.connection, MHD_GET_ARGUMENT_KIND,
        [](void* cls, MHD_ValueKind, const char* key, size_t key_size, const char* value,
           size_t value_size) {
          static_cast<HttpFields*>(cls)->emplace_back(std::string(key, key_size),
                                                      value ? std::string(value, value_size) : "");
          return MHD_YES;
        },
        &request.params);
    state.gzip = AcceptsGzip(request.Header("Accept-Encoding"));
  }

  MHD_Result OnRequest(MHD_Connection* connection, const char* url, const char* method,
                       const char* version, const char* upload_data, std::size_t* upload_data_size,
                       void** context) {
    auto* state = static_cast<RequestState*>(*context);
    if (state == nullptr) {  // the request's headers are in
      state = new RequestState;
      state->connection = connection;
      *context = state;
      ReadRequestHead(*state, url, method);
      if (std::strcmp(version, MHD_HTTP_VERSION_1_1) == 0 &&
          state->request.Header("Host").empty()) {
        return Refuse(*state, 400, "an HTTP/1.1 request must have a Host header");
      }
      const std::string& path = state->request.path;
      state->kind =
          path.rfind("/api/", 0) == 0 || path == "/healthz" ? RouteKind::kApi : RouteKind::kPage;
      if (stopping) return Refuse(*state, 503, "the server is shutting down");
      bool path_known = false;
      state->route = Find(state->request.method, path, &state->request.path_groups, &path_known);
      if (state->route == nullptr) {
        return path_known ? Refuse(*state, 405,
                                   "method " + state->request.method + " is not allowed on " + path)
                          : Refuse(*state, 404, "no such page: " + path);
      }
      state->kind = state->route->route.kind;
      state->body_limit = state->route->route.max_body_bytes > 0
                              ? state->route->route.max_body_bytes
                              : options.max_body_bytes;
      const std::string encoding = state->request.Header("Content-Encoding");
      if (!encoding.empty() && encoding != "identity") {
        return Refuse(*state, 415,
                      "request bodies must not be compressed (Content-Encoding: " +
                          encoding.substr(0, 40) + ")");
      }
      const std::string length = state->request.Header("Content-Length");
      if (!length.empty() && std::strtoull(length.c_str(), nullptr, 10) > state->body_limit) {
        return Refuse(*state, 413,
                      "the request body is over " + std::to_string(state->body_limit) + " bytes");
      }
      return MHD_YES;
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
    if (state->body_too_large) {
      return Refuse(*state, 413,
                    "the request body is over " + std::to_string(state->body_limit) + " bytes");
    }
    if (state->request.Header("Content-Type").rfind("application/x-www-form-urlencoded", 0) == 0) {
      HttpFields form = ParseQueryString(state->request.body);
      state->request.params.insert(state->request.params.end(), form.begin(), form.end());
    }
    state->dispatched = true;
    ++in_flight;
    SetReceiving(connection, false);
    // Suspended before it is queued, so that the worker's resume always
    // follows the suspension.
    MHD_suspend_connection(connection);
    if (!queue.TryPush(state)) {
      ++rejected_busy;
      WriteError(*state, 503, "the server is busy; try again in a moment");
      state->response.SetHeader("Retry-After", "1");
      Finish(*state);
      Log(*state, 0);
      state->done = true;
      MHD_resume_connection(connection);
    }
    return MHD_YES;
  }

  void OnCompleted(MHD_Connection* connection, void** context) {
    SetReceiving(connection, true);  // the next request on it starts now
    auto* state = static_cast<RequestState*>(*context);
    if (state == nullptr) return;
    if (state->dispatched) --in_flight;
    delete state;
    *context = nullptr;
  }

  bool AllowConnection(const sockaddr* address) {
    const std::string peer = AddressText(address);
    if (std::find(options.unlimited_addresses.begin(), options.unlimited_addresses.end(), peer) !=
        options.unlimited_addresses.end()) {
      return true;
    }
    std::lock_guard<std::mutex> lock(connections_mutex);
    auto found = connections_by_address.find(peer);
    return found == connections_by_address.end() ||
           found->second < options.max_connections_per_address;
  }

  void OnConnection(MHD_Connection* connection, void** socket_context,
                    MHD_ConnectionNotificationCode code) {
    std::lock_guard<std::mutex> lock(connections_mutex);
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
      auto* state = new ConnectionState;
      const MHD_ConnectionInfo* address =
          MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
      state->peer = address ? AddressText(address->client_addr) : "";
      const MHD_ConnectionInfo* fd =
          MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
      state->fd = fd ? fd->connect_fd : -1;
      state->receiving_since = Clock::now();
      ++connections_by_address[state->peer];
      connections[state] = true;
      *socket_context = state;
      return;
    }
    auto* state = static_cast<ConnectionState*>(*socket_context);
    if (state == nullptr) return;
    auto found = connections_by_address.find(state->peer);
    if (found != connections_by_address.end() && --found->second == 0) {
      connections_by_address.erase(found);
    }
    connections.erase(state);
    delete state;
    *socket_context = nullptr;
  }

  // Every kWatchdogPeriod, shuts down the sockets of requests that have not
  // fully arrived within request_timeout_seconds: a client sending its
  // headers a byte at a time keeps MHD's idle timeout from firing forever.
  // MHD sees the shutdown as the client going away and closes the
  // connection itself. The socket is still open while it is listed: MHD
  // notifies "closed" (which unlists it, under this mutex) before closing.
  void RunWatchdog() {
    const auto limit = std::chrono::seconds(options.request_timeout_seconds);
    std::unique_lock<std::mutex> wait_lock(watchdog_mutex);
    while (!watchdog_wake.wait_for(wait_lock, kWatchdogPeriod, [this] { return watchdog_stop; })) {
      const auto now = Clock::now();
      std::lock_guard<std::mutex> lock(connections_mutex);
      for (auto& [state, open] : connections) {
        if (open && state->fd >= 0 && state->receiving_since &&
            now - *state->receiving_since > limit) {
          shutdown(state->fd, SHUT_RDWR);
          open = false;  // once
        }
      }
    }
  }
};

namespace {

// Binds a listening socket for host:port; the descriptor, or an error.
Result<int> Listen(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (getaddrinfo(host.c_str(), service.c_str(), &hints, &found) != 0 || found == nullptr) {
    return Status::IoError("cannot listen on " + host + ":" + service +
                           " (not an address of this machine)");
  }
  int fd = -1;
  std::string error = "no usable address";
  for (addrinfo* candidate = found; candidate != nullptr; candidate = candidate->ai_next) {
    fd =
        socket(candidate->ai_family, candidate->ai_socktype | SOCK_CLOEXEC, candidate->ai_protocol);
    if (fd < 0) continue;
    const int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (bind(fd, candidate->ai_addr, candidate->ai_addrlen) == 0 && listen(fd, 511) == 0) break;
    error = std::strerror(errno);
    close(fd);
    fd = -1;
  }
  freeaddrinfo(found);
  if (fd < 0) {
    return Status::IoError("cannot listen on " + host + ":" + service + " (" + error +
                           "; in use, or not an address of this machine)");
  }
  return fd;
}

int BoundPort(int fd) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return -1;
  if (address.ss_family == AF_INET) {
    return ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
  }
  return ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port);
}

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
  for (HttpRoute& route : routes) {
    Result<Pattern> pattern = Pattern::Compile("^(?:" + route.pattern + ")$");
    if (!pattern.ok()) return pattern.status().WithContext("route " + route.pattern);
    impl->routes.push_back({std::move(route), std::move(pattern).value()});
  }
  Result<int> fd = Listen(impl->options.host, impl->options.port);
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
  auto on_completed = [](void* cls, MHD_Connection* connection, void** context,
                         MHD_RequestTerminationCode /*code*/) {
    static_cast<Impl*>(cls)->OnCompleted(connection, context);
  };
  auto on_connection = [](void* cls, MHD_Connection* connection, void** socket_context,
                          MHD_ConnectionNotificationCode code) {
    static_cast<Impl*>(cls)->OnConnection(connection, socket_context, code);
  };
  auto allow = [](void* cls, const sockaddr* address, socklen_t /*length*/) {
    return static_cast<Impl*>(cls)->AllowConnection(address) ? MHD_YES : MHD_NO;
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
  for (std::size_t i = 0; i < threads; ++i)
    impl.workers.emplace_back([&impl] { impl.RunWorker(); });
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
