// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// The route table: every HTTP route trialfinder serves.

#include "server/routes.h"

#include <chrono>
#include <functional>
#include <string>

namespace trialfinder {
namespace {

using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;

// Adds a Server-Timing header (the access log reads it) around a handler.
httplib::Server::Handler Timed(Handler handler) {
  return [handler = std::move(handler)](const httplib::Request& request, httplib::Response& response) {
    const auto start = std::chrono::steady_clock::now();
    handler(request, response);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    response.set_header("Server-Timing", "app;dur=" + std::to_string(ms));
  };
}

template <class Handlers, class Method>
Handler Bind(Handlers& handlers, Method method) {
  return [&handlers, method](const httplib::Request& request, httplib::Response& response) {
    (handlers.*method)(request, response);
  };
}

}  // namespace

void RegisterRoutes(httplib::Server& server, ApiHandlers& api, PageHandlers& pages) {
  // ClinicalTrials.gov API v2
  server.Get("/api/v2/studies", Timed(Bind(api, &ApiHandlers::Studies)));
  server.Get(R"(/api/v2/studies/([^/]+))", Timed(Bind(api, &ApiHandlers::Study)));
  server.Get("/api/v2/stats/size", Timed(Bind(api, &ApiHandlers::StatsSize)));
  server.Get("/api/v2/version", Timed(Bind(api, &ApiHandlers::Version)));
  // trialfinder's own
  server.Get(R"(/api/v2/studies/([^/]+)/related)", Timed(Bind(api, &ApiHandlers::Related)));
  server.Get(R"(/api/v2/studies/([^/]+)/criteria)", Timed(Bind(api, &ApiHandlers::Criteria)));
  server.Post("/api/v2/match", Timed(Bind(api, &ApiHandlers::Match)));
  server.Get("/healthz", Timed(Bind(api, &ApiHandlers::Health)));

  // HTML pages
  server.Get("/", Timed(Bind(pages, &PageHandlers::Search)));
  server.Get(R"(/study/([^/]+))", Timed(Bind(pages, &PageHandlers::Study)));
  server.Get(R"(/study/([^/]+)/plain)", Timed(Bind(pages, &PageHandlers::Plain)));
  server.Post(R"(/study/([^/]+)/plain)", Timed(Bind(pages, &PageHandlers::EditPlain)));
  server.Get("/match", Timed(Bind(pages, &PageHandlers::Match)));
  server.Post("/match", Timed(Bind(pages, &PageHandlers::Match)));
  server.Get("/editor/login", Timed(Bind(pages, &PageHandlers::LoginForm)));
  server.Post("/editor/login", Timed(Bind(pages, &PageHandlers::Login)));
  server.Post("/editor/logout", Timed(Bind(pages, &PageHandlers::Logout)));
  server.Get("/static/style.css", Timed(Bind(pages, &PageHandlers::StyleSheet)));
}

}  // namespace trialfinder
