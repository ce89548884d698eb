// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/pages.h"

#include "assets/embedded_assets.h"
#include "server/page_support.h"

namespace trialfinder {

void WriteErrorPage(HttpResponse& response, int status, const std::string& message) {
  const char* heading = status == 404   ? "Page not found"
                        : status == 413 ? "Too much to send"
                        : status == 503 ? "Not available right now"
                        : status >= 500 ? "Something went wrong"
                                        : "That did not work";
  SendMessage(response, status, heading, message);
}

void PageHandlers::StyleSheet(const HttpRequest& /*request*/, HttpResponse& response) {
  response.SetHeader("Cache-Control", "public, max-age=3600");
  response.SetHeader("X-Content-Type-Options", "nosniff");
  response.SetContent(std::string(EmbeddedAsset("style.css")), "text/css; charset=utf-8");
}
}  // namespace trialfinder
