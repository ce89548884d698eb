// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Handlers of the HTML pages: search (/), trial (/study/{id}), patient page
// (/study/{id}/plain, editable by editors), matching (/match) and editor
// login. Routes are bound in routes.cc.

#ifndef TRIALFINDER_SERVER_PAGES_H_
#define TRIALFINDER_SERVER_PAGES_H_

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "server/editor_auth.h"
#include "server/http_message.h"
#include "server/object_pool.h"
#include "server/page_renderer.h"
#include "server/page_support.h"
#include "server/reader_pool.h"
#include "trialfinder/editorial.h"

namespace trialfinder {

// The cookie that carries an editor's session.
inline constexpr const char* kEditorSessionCookie = "tf_session";

struct PageOptions {
  // Adds "Secure" to cookies: set when a TLS proxy (deploy/nginx.conf) is in front.
  bool secure_cookies = false;
  // Peers whose X-Forwarded-For names the client (see ClientAddress).
  std::vector<std::string> trusted_proxies;
  // Password checks at once (see PasswordCheckSlots).
  std::size_t max_concurrent_logins = 2;
  // Editorial store connections kept open between requests (ObjectPool).
  std::size_t max_idle_editorial_connections = 16;
};

class PageHandlers {
 public:
  PageHandlers(ReaderPool& pool, std::filesystem::path database_directory, PageOptions options);

  // Writes an HTML page explaining an error (status, a heading for it and
  // `message`), with the pages' security headers.
  void ErrorPage(HttpResponse& response, int status, const std::string& message);

  void Search(const HttpRequest& request, HttpResponse& response);  // GET /
  void Study(const HttpRequest& request, HttpResponse& response);   // GET /study/{id}
  void Plain(const HttpRequest& request,
             HttpResponse& response);  // GET /study/{id}/plain
  void EditPlain(const HttpRequest& request,
                 HttpResponse& response);                          // POST /study/{id}/plain
  void Match(const HttpRequest& request, HttpResponse& response);  // GET and POST /match
  void LoginForm(const HttpRequest& request,
                 HttpResponse& response);                           // GET /editor/login
  void Login(const HttpRequest& request, HttpResponse& response);   // POST /editor/login
  void Logout(const HttpRequest& request, HttpResponse& response);  // POST /editor/logout
  void StyleSheet(const HttpRequest& request,
                  HttpResponse& response);                           // GET /static/style.css
  void Favicon(const HttpRequest& request, HttpResponse& response);  // GET /favicon.ico

  // The address people reach the server at, for canonical addresses,
  // without a trailing "/". Set before serving.
  void SetPublicUrl(std::string url);

 private:
  using EditorialPool = ObjectPool<EditorialStore>;

  // The editor behind the request's session cookie, if any; a store that
  // cannot be opened means "anyone".
  Visitor Identify(const HttpRequest& request);
  // Renders template `name` with `view` inside the layout, with the pages'
  // security headers.
  void SendPage(HttpResponse& response, const std::string& name, const Json& view,
                const std::string& title, const Visitor& visitor, int status = 200,
                const PageHead& head = {});
  // A page of one heading and one message.
  void SendMessage(HttpResponse& response, int status, const std::string& heading,
                   const std::string& message, const Visitor& visitor = {});
  // A 503 page for people when the store or index cannot be read: what to
  // do, without the operator's detail (user test: "document layout ...,
  // run 'trialfinder reindex'" was shown to a patient). The detail stays
  // in /healthz and the API's 503 message.
  void SendUnavailable(HttpResponse& response, const Visitor& visitor);
  // The study of a /study/{id} request and its criteria (ParseStudyCriteria),
  // or nullopt after an error page was sent.
  std::optional<LoadedStudy> LoadStudy(const HttpRequest& request, HttpResponse& response,
                                       const Visitor& visitor);

  ReaderPool& pool_;
  PageOptions options_;
  LoginThrottle throttle_{5, std::chrono::minutes(15)};
  LoginFormTokens login_tokens_;
  PasswordCheckSlots password_checks_;
  EditorialPool editorial_;
  PageRenderer renderer_;
  std::string public_url_;
};

}  // namespace trialfinder

#endif  // TRIALFINDER_SERVER_PAGES_H_
