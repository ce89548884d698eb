// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/request_checks.h"

#include <strings.h>

#include <utility>

namespace trialfinder {
namespace {

// Longest method name quoted back in a 405.
constexpr std::size_t kQuotedMethodBytes = 20;
// Fields of one form; the pages' forms have at most about 30.
constexpr std::size_t kMaxFormFields = 200;

// Whether the request's framing is one this server reads unambiguously:
// "" if so, else why not (CheckRequestHead says which framings are refused).
std::string FramingProblem(const HttpRequest& request) {
  std::size_t lengths = 0;
  std::size_t codings = 0;
  std::string coding;
  for (const auto& [name, value] : request.headers) {
    if (strcasecmp(name.c_str(), "Content-Length") == 0) ++lengths;
    if (strcasecmp(name.c_str(), "Transfer-Encoding") == 0) {
      ++codings;
      coding = value;
    }
  }
  if (lengths > 1) return "more than one Content-Length";
  if (codings > 1) return "more than one Transfer-Encoding";
  if (codings == 1 && lengths == 1) return "both Content-Length and Transfer-Encoding";
  if (codings == 1 && strcasecmp(coding.c_str(), "chunked") != 0) {
    return "Transfer-Encoding '" + coding.substr(0, 40) + "' (only chunked is read)";
  }
  return "";
}

}  // namespace

Result<RouteTable> RouteTable::Compile(std::vector<HttpRoute> routes) {
  RouteTable table;
  for (HttpRoute& route : routes) {
    Result<Pattern> pattern = Pattern::Compile("^(?:" + route.pattern + ")$");
    if (!pattern.ok()) return pattern.status().WithContext("route " + route.pattern);
    table.routes_.push_back({std::move(route), std::move(pattern).value()});
  }
  return table;
}

const HttpRoute* RouteTable::Find(const std::string& method, const std::string& path,
                                  std::vector<std::string>* groups, HttpRefusal* refusal) const {
  const std::string wanted = method == "HEAD" ? "GET" : method;
  bool path_known = false;
  for (const CompiledRoute& compiled : routes_) {
    std::optional<PatternMatch> match = compiled.pattern.Find(path);
    if (!match) continue;
    path_known = true;
    if (compiled.route.method != wanted) continue;
    groups->clear();
    for (std::size_t i = 0; i < match->size(); ++i) groups->push_back(match->str(i));
    return &compiled.route;
  }
  *refusal = path_known ? HttpRefusal{405, "method " + method.substr(0, kQuotedMethodBytes) +
                                               " is not allowed on " + path}
                        : HttpRefusal{404, "no such page: " + path};
  return nullptr;
}

std::optional<HttpRefusal> CheckRequestHead(const HttpRequest& request, bool http_1_0) {
  if (!http_1_0 && request.Header("Host").empty()) {
    return HttpRefusal{400, "an HTTP/1.1 request must have a Host header"};
  }
  if (std::string problem = FramingProblem(request); !problem.empty()) {
    return HttpRefusal{problem.rfind("Transfer-Encoding '", 0) == 0 ? 501 : 400,
                       "the request's body is framed ambiguously: " + problem};
  }
  return std::nullopt;
}

std::optional<HttpRefusal> CheckBodyHeaders(const HttpRequest& request, std::size_t body_limit) {
  const std::string encoding = request.Header("Content-Encoding");
  if (!encoding.empty() && strcasecmp(encoding.c_str(), "identity") != 0) {
    return HttpRefusal{415, "request bodies must not be compressed (Content-Encoding: " +
                                encoding.substr(0, 40) + ")"};
  }
  const std::string length = request.Header("Content-Length");
  if (!length.empty() &&
      (length.size() > 12 || length.find_first_not_of("0123456789") != std::string::npos)) {
    return HttpRefusal{400, "Content-Length '" + length.substr(0, 20) + "' is not a length"};
  }
  if (!length.empty() && std::stoull(length) > body_limit) return BodyTooLarge(body_limit);
  return std::nullopt;
}

HttpRefusal BodyTooLarge(std::size_t body_limit) {
  return {413, "the request body is over " + std::to_string(body_limit) + " bytes"};
}

std::optional<HttpRefusal> AddFormFields(RouteKind kind, HttpRequest* request) {
  if (kind != RouteKind::kPage ||
      request->Header("Content-Type").rfind("application/x-www-form-urlencoded", 0) != 0) {
    return std::nullopt;
  }
  Result<HttpFields> form = ParseForm(request->body, kMaxFormFields);
  if (!form.ok()) return HttpRefusal{400, form.status().message()};
  request->params.insert(request->params.end(), form->begin(), form->end());
  return std::nullopt;
}

}  // namespace trialfinder
