// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// What the HTTP server (http_server.cc) checks of a request before its
// handler runs: the route for its method and path, the framing, encoding
// and size of its body, and the fields of a form. Each check answers with
// the refusal to send, or none. Plain values, independent of
// libmicrohttpd, so the checks can be called without a socket.

#ifndef TRIALFINDER_SERVER_REQUEST_CHECKS_H_
#define TRIALFINDER_SERVER_REQUEST_CHECKS_H_

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "server/http_message.h"
#include "server/http_server.h"
#include "text/pattern.h"
#include "trialfinder/status.h"

namespace trialfinder {

// A request refused before its handler runs (or instead of it): the HTTP
// status and the message the error writer shows.
struct HttpRefusal {
  int status = 400;
  std::string message;
};

// The route table with every pattern compiled, in table order.
// Thread safety: immutable once compiled; Find may be called from any
// number of threads at once.
class RouteTable {
 public:
  // Compiles each route's pattern, anchored to match the whole path. An
  // InvalidArgument error names the route whose pattern does not compile.
  static Result<RouteTable> Compile(std::vector<HttpRoute> routes);

  // The first route whose pattern matches `path` and whose method is
  // `method` (HEAD finds GET routes), with the match's groups in *groups
  // ([0] the whole path). nullptr when there is none, with *refusal set: 405
  // naming the method (its first 20 bytes) when a route of another method
  // takes the path, else 404.
  const HttpRoute* Find(const std::string& method, const std::string& path,
                        std::vector<std::string>* groups, HttpRefusal* refusal) const;

 private:
  struct CompiledRoute {
    HttpRoute route;
    Pattern pattern;
  };
  std::vector<CompiledRoute> routes_;
};

// The checks of the request line and headers that hold whatever the route:
// an HTTP/1.1 request (`http_1_0` false) must have a Host header (400), and
// the body must be framed in a way this server reads unambiguously: not two
// Content-Lengths, two Transfer-Encodings, or both (400), and no coding but
// chunked (501). Ambiguous framing could be read one way by a proxy in front
// and another way here (request smuggling); RFC 9112 lets a server refuse it.
std::optional<HttpRefusal> CheckRequestHead(const HttpRequest& request, bool http_1_0);

// The checks of the body's headers against the route's limit of
// `body_limit` bytes: a compressed body (Content-Encoding other than
// identity: 415), a Content-Length that is not a decimal number of at most
// 12 digits (400), or one over the limit (413).
std::optional<HttpRefusal> CheckBodyHeaders(const HttpRequest& request, std::size_t body_limit);

// The 413 refusal of a body over `body_limit` bytes: announced by its
// Content-Length, or counted as a chunked body came in.
HttpRefusal BodyTooLarge(std::size_t body_limit);

// Appends the fields of a form body (application/x-www-form-urlencoded) to
// request->params, after the query parameters, for a page route (`kind`
// kPage). API bodies are JSON whatever their Content-Type says (curl -d
// sends JSON as a form): for kApi, and for other content types, nothing is
// added. A 400 refusal, with params unchanged, when the form has more than
// 200 fields (the pages' forms have at most about 30).
std::optional<HttpRefusal> AddFormFields(RouteKind kind, HttpRequest* request);

}  // namespace trialfinder

#endif  // TRIALFINDER_SERVER_REQUEST_CHECKS_H_
