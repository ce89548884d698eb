// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// GET and POST /editor/login, POST /editor/logout.

#include "server/pages.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "server/api.h"
#include "server/editor_auth.h"
#include "server/page_support.h"

namespace trialfinder {
namespace {

constexpr const char* kSessionCookie = kEditorSessionCookie;
constexpr const char* kLoginCookie = "tf_login";

}  // namespace

void PageHandlers::LoginForm(const HttpRequest& request, HttpResponse& response) {
  const Visitor visitor = Identify(request);
  const std::string token = login_tokens_.Issue();
  response.SetHeader("Set-Cookie",
                     SessionCookie(kLoginCookie, token, 3600, options_.secure_cookies));
  SendPage(response, "login", Json{{"csrf", token}}, "Editor login", visitor);
}

void PageHandlers::Login(const HttpRequest& request, HttpResponse& response) {
  const std::string client = ClientAddress(request, options_.trusted_proxies);
  auto fail = [&](int status, const std::string& message) {
    const std::string token = login_tokens_.Issue();
    response.SetHeader("Set-Cookie",
                       SessionCookie(kLoginCookie, token, 3600, options_.secure_cookies));
    SendPage(response, "login", Json{{"csrf", token}, {"error", message}}, "Editor login",
             Visitor{}, status);
  };
  // The form's token must be one this server issued, and the same as the
  // cookie it set with it.
  const std::string cookie = CookieNamed(request, kLoginCookie);
  if (!login_tokens_.Valid(cookie) || !CsrfMatches(request, cookie)) {
    return fail(403, "The form expired. Please try again.");
  }
  std::optional<PasswordCheckSlots::Slot> slot = password_checks_.TryAcquire();
  if (!slot) {
    response.SetHeader("Retry-After", "2");
    return fail(503, "Many people are logging in right now. Please try again in a moment.");
  }
  if (!throttle_.TryStart(client)) {
    return fail(429, "Too many failed logins from your address. Wait 15 minutes and try again.");
  }
  bool failed = true;
  struct Attempt {  // ends the throttle's attempt however this returns
    LoginThrottle& throttle;
    const std::string& client;
    const bool& failed;
    ~Attempt() { throttle.Finish(client, failed); }
  } attempt{throttle_, client, failed};
  Result<EditorialPool::Lease> editorial = editorial_.Acquire();
  if (!editorial.ok()) return fail(500, "Login is not available right now.");
  const std::string name = Param(request, "name");
  Result<bool> valid = (*editorial)->CheckPassword(name, Param(request, "password"));
  if (!valid.ok()) return fail(500, "Login is not available right now.");
  if (!*valid) return fail(401, "Name or password is wrong.");
  failed = false;
  Result<std::string> token = (*editorial)->StartSession(name);
  if (!token.ok()) return fail(500, "Login is not available right now.");
  response.SetHeader("Set-Cookie",
                     SessionCookie(kSessionCookie, *token, 8 * 3600, options_.secure_cookies));
  Redirect(response, "/");
}

// Ends the session of the cookie, whether or not the form carries its CSRF
// token: a logout that only cleared the cookie left the session valid for
// its 8 hours to whoever had copied the cookie. (Forcing a logout from
// another site does little harm, and SameSite=Strict cookies do not go
// with such a post anyway.)
void PageHandlers::Logout(const HttpRequest& request, HttpResponse& response) {
  const std::string token = CookieNamed(request, kSessionCookie);
  if (!token.empty()) {
    Result<EditorialPool::Lease> editorial = editorial_.Acquire();
    if (!editorial.ok() || !(*editorial)->EndSession(token).ok()) {
      return SendMessage(response, 500, "Not logged out",
                         "The session could not be ended. Please try again.");
    }
  }
  response.SetHeader("Set-Cookie", SessionCookie(kSessionCookie, "", 0, options_.secure_cookies));
  Redirect(response, "/");
}

}  // namespace trialfinder
