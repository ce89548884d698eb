// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Server-rendered HTML: the compiled-in Mustache templates, filled from JSON
// view models (plain data the handlers build), inside the common layout.

#ifndef TRIALFINDER_SERVER_PAGE_RENDERER_H_
#define TRIALFINDER_SERVER_PAGE_RENDERER_H_

#include <nlohmann/json.hpp>
#include <string>

#include "server/object_pool.h"
#include "trialfinder/status.h"

namespace trialfinder {

// Thread-safe. Each template is parsed once per concurrent renderer (parsed
// templates are not thread-safe to render, so they are pooled), not once
// per page.
class PageRenderer {
 public:
  PageRenderer();
  ~PageRenderer();
  PageRenderer(const PageRenderer&) = delete;
  PageRenderer& operator=(const PageRenderer&) = delete;

  // Renders template `name` ("study" for study.mustache) with `view`, then
  // the layout around it with `layout` (page_title, editor). Every {{value}}
  // is HTML-escaped; only {{{body}}} and values named *_html are trusted
  // markup, built by trialfinder itself. An invalid or missing template is
  // an Internal error.
  Result<std::string> Render(const std::string& name, const nlohmann::json& view,
                             const nlohmann::json& layout);

 private:
  struct Templates;
  ObjectPool<Templates> templates_;
};

// `text` with &, <, >, " and ' escaped, for markup built in code.
std::string EscapeHtml(const std::string& text);

}  // namespace trialfinder

#endif  // TRIALFINDER_SERVER_PAGE_RENDERER_H_
