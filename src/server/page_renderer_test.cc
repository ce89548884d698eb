// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/page_renderer.h"

#include <gtest/gtest.h>

#include <string>

namespace trialfinder {
namespace {

const nlohmann::json kLayout = {{"page_title", "Messages <test>"}};

TEST(PageRendererTest, RendersTheTemplateInsideTheLayoutEscapingValues) {
  PageRenderer renderer;
  Result<std::string> html = renderer.Render(
      "message", {{"heading", "Trial <b>not</b> found"}, {"message", "It's gone & away"}}, kLayout);
  ASSERT_TRUE(html.ok()) << html.status().message();
  EXPECT_NE(html->find("Trial &lt;b&gt;not&lt;/b&gt; found"), std::string::npos);
  EXPECT_NE(html->find("&amp; away"), std::string::npos);
  EXPECT_NE(html->find("<title>Messages &lt;test&gt;"), std::string::npos) << *html;
  EXPECT_EQ(html->find("<b>not"), std::string::npos);
}

TEST(PageRendererTest, ASecondRenderWithTheParsedTemplatesGivesOtherValues) {
  PageRenderer renderer;
  Result<std::string> first = renderer.Render("message", {{"heading", "First"}}, kLayout);
  Result<std::string> second = renderer.Render("message", {{"heading", "Second"}}, kLayout);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_NE(first->find("First"), std::string::npos);
  EXPECT_EQ(second->find("First"), std::string::npos);
  EXPECT_NE(second->find("Second"), std::string::npos);
}

TEST(PageRendererTest, AnUnknownTemplateIsAnInternalErrorNamingIt) {
  PageRenderer renderer;
  Result<std::string> html = renderer.Render("no_such_page", {}, kLayout);
  ASSERT_FALSE(html.ok());
  EXPECT_NE(html.status().message().find("no_such_page.mustache"), std::string::npos);
}

TEST(PageRendererTest, ControlCharactersBecomeReplacementCharacters) {
  EXPECT_EQ(EscapeHtml(std::string("a\0b", 3)),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(EscapeHtml("tab\there"), "tab\there");
}

}  // namespace
}  // namespace trialfinder
