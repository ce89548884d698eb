// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/http_message.h"

#include <microhttpd.h>

#include <algorithm>
#include <cctype>

namespace trialfinder {
namespace {

bool SameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Percent-decodes with libmicrohttpd's own decoder, the one it applies to
// query strings, after turning "+" into a space as forms write it.
std::string Decode(std::string_view text) {
  std::string decoded(text);
  std::replace(decoded.begin(), decoded.end(), '+', ' ');
  decoded.push_back('\0');
  decoded.resize(MHD_http_unescape(decoded.data()));
  return decoded;
}

}  // namespace

bool HttpRequest::HasParam(std::string_view name) const {
  return std::any_of(params.begin(), params.end(),
                     [name](const auto& param) { return param.first == name; });
}

std::string HttpRequest::Param(std::string_view name) const {
  for (const auto& [key, value] : params) {
    if (key == name) return value;
  }
  return "";
}

std::vector<std::string> HttpRequest::ParamValues(std::string_view name) const {
  std::vector<std::string> values;
  for (const auto& [key, value] : params) {
    if (key == name) values.push_back(value);
  }
  return values;
}

std::string HttpRequest::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (SameName(key, name)) return value;
  }
  return "";
}

const std::string& HttpRequest::PathGroup(std::size_t index) const {
  static const std::string kNone;
  return index < path_groups.size() ? path_groups[index] : kNone;
}

void HttpResponse::SetHeader(std::string_view name, std::string value) {
  for (auto& [key, existing] : headers) {
    if (SameName(key, name)) {
      existing = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::string(name), std::move(value));
}

std::string HttpResponse::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (SameName(key, name)) return value;
  }
  return "";
}

void HttpResponse::SetContent(std::string content, std::string content_type) {
  body = std::move(content);
  SetHeader("Content-Type", std::move(content_type));
}

std::string CookieNamed(const HttpRequest& request, std::string_view name) {
  const std::string header = request.Header("Cookie");
  std::size_t at = 0;
  while (at < header.size()) {
    const std::size_t end = std::min(header.find(';', at), header.size());
    std::string_view pair = std::string_view(header).substr(at, end - at);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.size() > name.size() && pair.substr(0, name.size()) == name &&
        pair[name.size()] == '=') {
      return std::string(pair.substr(name.size() + 1));
    }
    at = end + 1;
  }
  return "";
}

std::string ClientAddress(const HttpRequest& request,
                          const std::vector<std::string>& trusted_proxies) {
  const std::string& peer = request.remote_address;
  const bool trusted =
      std::find(trusted_proxies.begin(), trusted_proxies.end(), peer) != trusted_proxies.end();
  const std::string forwarded = request.Header("X-Forwarded-For");
  if (!trusted || forwarded.empty()) return peer;
  const std::size_t comma = forwarded.rfind(',');
  std::string last = comma == std::string::npos ? forwarded : forwarded.substr(comma + 1);
  last.erase(0, last.find_first_not_of(' '));
  last.erase(last.find_last_not_of(' ') + 1);
  return last.empty() ? peer : last.substr(0, 64);
}

Result<HttpFields> ParseForm(std::string_view body, std::size_t max_fields) {
  // Counted before anything is decoded or copied.
  const auto separators = static_cast<std::size_t>(std::count(body.begin(), body.end(), '&'));
  if (separators >= max_fields) {
    return Status::InvalidArgument("the form has more than " + std::to_string(max_fields) +
                                   " fields");
  }
  return ParseQueryString(body);
}

HttpFields ParseQueryString(std::string_view text) {
  HttpFields fields;
  std::size_t at = 0;
  while (at <= text.size()) {
    const std::size_t end = std::min(text.find('&', at), text.size());
    const std::string_view piece = text.substr(at, end - at);
    if (!piece.empty()) {
      const std::size_t equals = piece.find('=');
      if (equals == std::string_view::npos) {
        fields.emplace_back(Decode(piece), "");
      } else {
        fields.emplace_back(Decode(piece.substr(0, equals)), Decode(piece.substr(equals + 1)));
      }
    }
    at = end + 1;
  }
  return fields;
}

std::string EncodeQueryValue(std::string_view value) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  encoded.reserve(value.size());
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '_' || c == '.' || c == '~') {
      encoded += c;
    } else {
      encoded += '%';
      encoded += kHex[byte >> 4];
      encoded += kHex[byte & 15];
    }
  }
  return encoded;
}

}  // namespace trialfinder
