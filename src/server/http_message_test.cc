// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/http_message.h"

#include <gtest/gtest.h>

namespace trialfinder {
namespace {

TEST(HttpMessageTest, QueryStringsAreSplitAndDecoded) {
  const HttpFields fields = ParseQueryString("a=1&b=x%20y+z&&c&a=2&d=%ZZ&e=%00x");
  ASSERT_EQ(fields.size(), 6u);
  EXPECT_EQ(fields[0], (std::pair<std::string, std::string>{"a", "1"}));
  EXPECT_EQ(fields[1].second, "x y z");
  EXPECT_EQ(fields[2], (std::pair<std::string, std::string>{"c", ""}));
  EXPECT_EQ(fields[3].second, "2");
  EXPECT_EQ(fields[4].second, "%ZZ");  // malformed escapes are kept
  EXPECT_EQ(fields[5].second, std::string("\0x", 2));
}

TEST(HttpMessageTest, RequestLookups) {
  HttpRequest request;
  request.params = ParseQueryString("answer=a&q=lupus&answer=b");
  request.headers = {{"Content-Type", "text/plain"}};
  request.path_groups = {"/study/NCT1", "NCT1"};
  EXPECT_TRUE(request.HasParam("q"));
  EXPECT_FALSE(request.HasParam("near"));
  EXPECT_EQ(request.Param("answer"), "a");
  EXPECT_EQ(request.ParamValues("answer"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(request.Header("content-type"), "text/plain");
  EXPECT_EQ(request.PathGroup(1), "NCT1");
  EXPECT_EQ(request.PathGroup(5), "");
}

TEST(HttpMessageTest, ResponseHeadersAreReplacedByName) {
  HttpResponse response;
  response.SetHeader("Cache-Control", "no-store");
  response.SetHeader("cache-control", "public");
  EXPECT_EQ(response.headers.size(), 1u);
  EXPECT_EQ(response.Header("CACHE-CONTROL"), "public");
  response.SetContent("{}", "application/json");
  EXPECT_EQ(response.Header("Content-Type"), "application/json");
}

HttpRequest From(const std::string& peer, const std::string& forwarded = "") {
  HttpRequest request;
  request.remote_address = peer;
  if (!forwarded.empty()) request.headers.emplace_back("X-Forwarded-For", forwarded);
  return request;
}

// Issue 20: X-Forwarded-For was believed from any loopback peer, so each
// guess could claim a new address. Only configured proxies are believed.
TEST(HttpMessageTest, ForwardedForIsReadOnlyFromTrustedProxies) {
  const std::vector<std::string> none;
  const std::vector<std::string> proxy = {"127.0.0.1"};
  EXPECT_EQ(ClientAddress(From("127.0.0.1", "203.0.113.7"), none), "127.0.0.1");
  EXPECT_EQ(ClientAddress(From("198.51.100.2", "203.0.113.7"), proxy), "198.51.100.2");
  EXPECT_EQ(ClientAddress(From("127.0.0.1", "203.0.113.7"), proxy), "203.0.113.7");
  // The client can forge the first entries, not the one the proxy added.
  EXPECT_EQ(ClientAddress(From("127.0.0.1", "1.2.3.4, 203.0.113.7 "), proxy), "203.0.113.7");
  EXPECT_EQ(ClientAddress(From("127.0.0.1", " , "), proxy), "127.0.0.1");
}

TEST(HttpMessageTest, CookiesAreFoundByExactName) {
  HttpRequest request;
  request.headers.emplace_back("cookie", "xtf_session=a; tf_session=b;tf_login=c");
  EXPECT_EQ(CookieNamed(request, "tf_session"), "b");
  EXPECT_EQ(CookieNamed(request, "tf_login"), "c");
  EXPECT_EQ(CookieNamed(request, "tf"), "");
}

TEST(HttpMessageTest, FormsAreBoundedInFields) {
  Result<HttpFields> form = ParseForm("a=1&b=2&c=3", 3);
  ASSERT_TRUE(form.ok());
  EXPECT_EQ(form->size(), 3u);
  Result<HttpFields> flood = ParseForm(std::string(10, 'a') + std::string(5, '&'), 3);
  ASSERT_FALSE(flood.ok());
  EXPECT_NE(flood.status().message().find("more than 3 fields"), std::string::npos);
}

TEST(HttpMessageTest, QueryValuesAreEncoded) {
  EXPECT_EQ(EncodeQueryValue("a b/\xC3\xA9&x=1~"), "a%20b%2F%C3%A9%26x%3D1~");
  const HttpFields back = ParseQueryString("v=" + EncodeQueryValue("lupus & \"SLE\"+"));
  EXPECT_EQ(back[0].second, "lupus & \"SLE\"+");
}

}  // namespace
}  // namespace trialfinder
