// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/page_renderer.h"

#include <kainjow/mustache.hpp>
#include <map>
#include <string>

#include "assets/embedded_assets.h"

namespace trialfinder {
namespace {

using kainjow::mustache::data;
using kainjow::mustache::mustache;

// JSON -> Mustache data. null, false and "" are falsy (as in mustache.js),
// so {{#field}}..{{/field}} leaves out an empty field; numbers print as JSON.
data ToData(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: {
      data object(data::type::object);
      for (const auto& [key, item] : value.items()) object.set(key, ToData(item));
      return object;
    }
    case nlohmann::json::value_t::array: {
      data list(data::type::list);
      for (const auto& item : value) list.push_back(ToData(item));
      return list;
    }
    case nlohmann::json::value_t::string: {
      const std::string& text = value.get_ref<const std::string&>();
      return text.empty() ? data(false) : data(text);
    }
    case nlohmann::json::value_t::boolean:
      return data(value.get<bool>());
    case nlohmann::json::value_t::null:
      return data(false);
    default:
      return data(value.dump());
  }
}

}  // namespace

// One renderer's parsed templates, by file name, parsed on first use.
struct PageRenderer::Templates {
  std::map<std::string, mustache, std::less<>> parsed;

  Result<std::string> Render(const std::string& file_name, const nlohmann::json& view) {
    auto found = parsed.find(file_name);
    if (found == parsed.end()) {
      const std::string_view text = EmbeddedAsset(file_name);
      if (text.empty()) return Status::Internal("no template " + file_name);
      mustache page{std::string(text)};
      if (!page.is_valid())
        return Status::Internal("template " + file_name + ": " + page.error_message());
      page.set_custom_escape([](const std::string& value) { return EscapeHtml(value); });
      found = parsed.emplace(file_name, std::move(page)).first;
    }
    mustache& page = found->second;
    std::string html = page.render(ToData(view));
    if (!page.error_message().empty()) {
      const std::string error = page.error_message();
      parsed.erase(found);  // its error message would stick
      return Status::Internal("template " + file_name + ": " + error);
    }
    return html;
  }
};

// As many parsed sets as pages rendered at once, up to the worker count.
PageRenderer::PageRenderer()
    : templates_([] { return Result<std::unique_ptr<Templates>>(std::make_unique<Templates>()); },
                 64) {}

PageRenderer::~PageRenderer() = default;

std::string EscapeHtml(const std::string& text) {
  std::string escaped = kainjow::mustache::html_escape(text);
  // Control characters other than tab and line breaks are not allowed in
  // HTML (a \u0000 in a registry title reached the page as a raw NUL):
  // shown as U+FFFD, as a browser would.
  std::string out;
  out.reserve(escaped.size());
  for (const char c : escaped) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\t' && c != '\n' && c != '\r') || byte == 0x7F) {
      out += "\xEF\xBF\xBD";
    } else {
      out += c;
    }
  }
  return out;
}

Result<std::string> PageRenderer::Render(const std::string& name, const nlohmann::json& view,
                                         const nlohmann::json& layout) {
  Result<ObjectPool<Templates>::Lease> templates = templates_.Acquire();
  if (!templates.ok()) return templates.status();
  Result<std::string> body = (*templates)->Render(name + ".mustache", view);
  if (!body.ok()) return body.status();
  nlohmann::json frame = layout;
  frame["body"] = *body;
  return (*templates)->Render("layout.mustache", frame);
}

}  // namespace trialfinder
