// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// One HTTP request and its response as the handlers see them: plain values,
// independent of the HTTP library underneath (http_server.h), so handlers
// can be called and tested without a socket.

#ifndef TRIALFINDER_SERVER_HTTP_MESSAGE_H_
#define TRIALFINDER_SERVER_HTTP_MESSAGE_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "trialfinder/status.h"

namespace trialfinder {

using HttpFields = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method;  // "GET", "HEAD", "POST" ...
  std::string path;    // percent-decoded, without the query string
  // Query parameters, then the fields of a form body
  // (application/x-www-form-urlencoded), in order, decoded; a name may
  // repeat. Values are bytes: they need not be UTF-8.
  HttpFields params;
  HttpFields headers;  // as received; look up with Header()
  std::string body;
  std::string remote_address;  // the peer: "127.0.0.1", "::1" ...
  // The route's capture groups: path_groups[1] is the first ("NCT..." in
  // /study/{id}); [0] is the whole path.
  std::vector<std::string> path_groups;

  bool HasParam(std::string_view name) const;
  // The first value of `name`; "" when absent.
  std::string Param(std::string_view name) const;
  // Every value of `name`, in order.
  std::vector<std::string> ParamValues(std::string_view name) const;
  // The first header named `name` (any letter case); "" when absent.
  std::string Header(std::string_view name) const;
  // The path group `index`; "" when the route has fewer.
  const std::string& PathGroup(std::size_t index) const;
};

struct HttpResponse {
  int status = 200;
  HttpFields headers;
  std::string body;

  // Sets a header, replacing one of the same name (any letter case).
  void SetHeader(std::string_view name, std::string value);
  // The header named `name`; "" when not set.
  std::string Header(std::string_view name) const;
  // Sets the body and its Content-Type.
  void SetContent(std::string content, std::string content_type);
};

// The value of cookie `name` in the request's Cookie header; "" if absent.
std::string CookieNamed(const HttpRequest& request, std::string_view name);

// The client's address: the peer's, or, when the peer is one of
// `trusted_proxies`, the last address its X-Forwarded-For names (the one
// that proxy saw; earlier ones the client can forge). Never the header
// from any other peer: with it, every request could claim a new address.
std::string ClientAddress(const HttpRequest& request,
                          const std::vector<std::string>& trusted_proxies);

// Splits "a=1&b=x%20y+z" into decoded pairs ("+" is a space). Malformed
// escapes are kept as written; names without "=" get an empty value; empty
// pieces are skipped.
HttpFields ParseQueryString(std::string_view text);

// A form body (application/x-www-form-urlencoded) split as above, or an
// InvalidArgument error when it has more than `max_fields` fields: each
// field costs far more memory than its bytes ("a&a&a..." in a 512 kB body
// made 262,000 of them, 15-30 MB, issue 20).
Result<HttpFields> ParseForm(std::string_view body, std::size_t max_fields);

// "a b/é" -> "a%20b%2F%C3%A9": everything but unreserved characters
// (RFC 3986) escaped, for a query string value.
std::string EncodeQueryValue(std::string_view value);

}  // namespace trialfinder

#endif  // TRIALFINDER_SERVER_HTTP_MESSAGE_H_
