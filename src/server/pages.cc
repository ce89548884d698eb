// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/pages.h"

#include "assets/embedded_assets.h"
#include "server/api.h"
#include "server/page_renderer.h"
#include "server/page_support.h"
#include "trialfinder/search.h"

namespace trialfinder {

PageHandlers::PageHandlers(ReaderPool& pool, std::filesystem::path database_directory,
                           PageOptions options)
    : pool_(pool),
      options_(std::move(options)),
      password_checks_(options_.max_concurrent_logins),
      editorial_(
          [directory = std::move(database_directory)] { return EditorialStore::Open(directory); },
          options_.max_idle_editorial_connections) {}

void PageHandlers::ErrorPage(HttpResponse& response, int status, const std::string& message) {
  const char* heading = status == 404   ? "Page not found"
                        : status == 413 ? "Too much to send"
                        : status == 503 ? "Not available right now"
                        : status >= 500 ? "Something went wrong"
                                        : "That did not work";
  SendMessage(response, status, heading, message);
}

Visitor PageHandlers::Identify(const HttpRequest& request) {
  Visitor visitor;
  visitor.token = CookieNamed(request, kEditorSessionCookie);
  if (visitor.token.empty()) return visitor;
  Result<EditorialPool::Lease> editorial = editorial_.Acquire();
  if (!editorial.ok()) return visitor;
  Result<std::optional<EditorSession>> session = (*editorial)->FindSession(visitor.token);
  if (session.ok()) visitor.session = *session;
  return visitor;
}

void PageHandlers::SendPage(HttpResponse& response, const std::string& name, const Json& view,
                            const std::string& title, const Visitor& visitor, int status,
                            const PageHead& head) {
  SetPageHeaders(response);
  Result<std::string> html = renderer_.Render(name, view, LayoutView(title, visitor, head));
  if (!html.ok()) {
    response.status = 500;
    response.SetContent("internal error: " + EscapeHtml(html.status().message()),
                        "text/plain; charset=utf-8");
    return;
  }
  response.status = status;
  response.SetContent(*html, "text/html; charset=utf-8");
}

void PageHandlers::SetPublicUrl(std::string url) { public_url_ = std::move(url); }

void PageHandlers::SendMessage(HttpResponse& response, int status, const std::string& heading,
                               const std::string& message, const Visitor& visitor) {
  SendPage(response, "message", Json{{"heading", heading}, {"message", message}}, heading, visitor,
           status);
}

void PageHandlers::SendUnavailable(HttpResponse& response, const Visitor& visitor) {
  SendMessage(response, 503, "Not available right now",
              "The trial search is being updated or cannot be reached. Please try again in a few "
              "minutes.",
              visitor);
}

std::optional<LoadedStudy> PageHandlers::LoadStudy(const HttpRequest& request,
                                                   HttpResponse& response, const Visitor& visitor) {
  const std::string nct_id = NormalizeNctId(request.PathGroup(1));
  if (nct_id.empty()) {
    SendMessage(response, 400, "Not a trial ID",
                "'" + request.PathGroup(1) + "' is not an NCT ID (NCT followed by 8 digits).",
                visitor);
    return std::nullopt;
  }
  Result<ReaderPool::Lease> lease = pool_.Acquire();
  if (!lease.ok()) {
    SendUnavailable(response, visitor);
    return std::nullopt;
  }
  StoredStudy stored;
  Result<std::optional<trialfinder::Study>> study = lease->store().GetStudy(nct_id, &stored);
  if (!study.ok()) {
    SendMessage(response, 500, "Something went wrong", study.status().message(), visitor);
    return std::nullopt;
  }
  if (!study->has_value()) {
    SendMessage(response, 404, "Trial not found",
                "There is no trial " + nct_id + " in this database.", visitor);
    return std::nullopt;
  }
  // As every request reads it, kept between requests (criteria_memo.h).
  ParsedCriteria criteria = *lease->criteria_memo().Parse(**study, lease->lexicon());
  return LoadedStudy{std::move(lease).value(), std::move(**study), std::move(criteria),
                     stored.version};
}

void PageHandlers::Favicon(const HttpRequest& /*request*/, HttpResponse& response) {
  // No icon: "204 No Content", kept a day, rather than a 404 on every page.
  response.status = 204;
  response.SetHeader("Cache-Control", "public, max-age=86400");
}

void PageHandlers::StyleSheet(const HttpRequest& /*request*/, HttpResponse& response) {
  response.SetHeader("Cache-Control", "public, max-age=3600");
  response.SetHeader("X-Content-Type-Options", "nosniff");
  response.SetContent(std::string(EmbeddedAsset("style.css")), "text/css; charset=utf-8");
}
}  // namespace trialfinder
