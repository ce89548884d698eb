// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "ingest/sync_page.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <utility>

namespace trialfinder {
namespace {

// Checks a page's shape in one SAX pass (no tree: a page can be 60 MB) and
// keeps its top-level scalars.
class PageShape : public nlohmann::json_sax<nlohmann::json> {
 public:
  bool null() override { return Scalar("null"); }
  bool boolean(bool /*value*/) override { return Scalar("a boolean"); }
  bool number_integer(number_integer_t value) override { return Number(value); }
  bool number_unsigned(number_unsigned_t value) override {
    return Number(static_cast<std::int64_t>(value));
  }
  bool number_float(number_float_t /*value*/, const string_t& /*text*/) override {
    return Scalar("a number");
  }
  bool string(string_t& value) override {
    if (depth_ == 1 && key_ == "nextPageToken") {
      next_page_token = value;
      return true;
    }
    return Scalar("a string");
  }
  bool binary(binary_t& /*value*/) override { return Scalar("binary"); }
  bool start_object(std::size_t /*elements*/) override {
    if (depth_ == 0) {
      top_is_object = true;
    } else if (depth_ == 1 && key_ == "studies") {
      return Fail("\"studies\" is an object, not a list");
    } else if (depth_ == 2 && in_studies_) {
      ++studies;
    }
    ++depth_;
    return true;
  }
  bool key(string_t& value) override {
    if (depth_ == 1) key_ = value;
    return true;
  }
  bool end_object() override {
    --depth_;
    return true;
  }
  bool start_array(std::size_t /*elements*/) override {
    if (depth_ == 0) return Fail("the answer is a list, not an API v2 page");
    if (depth_ == 1 && key_ == "studies") {
      in_studies_ = true;
      has_studies = true;
    } else if (depth_ == 2 && in_studies_) {
      return Fail("an element of \"studies\" is a list, not a study");
    }
    ++depth_;
    return true;
  }
  bool end_array() override {
    if (--depth_ == 1) in_studies_ = false;
    return true;
  }
  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& error) override {
    problem = fmt::format("not complete JSON at byte {} ({})", position, error.what());
    return false;
  }

  bool top_is_object = false;
  bool has_studies = false;
  std::size_t studies = 0;
  std::string next_page_token;
  std::int64_t total = -1;
  std::string problem;

 private:
  bool Number(std::int64_t value) {
    if (depth_ == 1 && key_ == "totalCount") {
      total = value;
      return true;
    }
    return Scalar("a number");
  }
  bool Scalar(const char* what) {
    if (depth_ == 0) return Fail(fmt::format("the answer is {}, not an API v2 page", what));
    if (depth_ == 1 && key_ == "nextPageToken") return Fail("nextPageToken is not a string");
    if (depth_ == 1 && key_ == "studies") return Fail("\"studies\" is not a list");
    if (depth_ == 2 && in_studies_)
      return Fail(fmt::format("an element of \"studies\" is {}", what));
    return true;
  }
  bool Fail(std::string message) {
    problem = std::move(message);
    return false;
  }

  int depth_ = 0;
  std::string key_;
  bool in_studies_ = false;
};

}  // namespace

Result<SyncPage> ReadSyncPage(const std::string& body, const std::string& name) {
  PageShape shape;
  const bool parsed = nlohmann::json::sax_parse(body, &shape, nlohmann::json::input_format_t::json,
                                                /*strict=*/true);
  if (!parsed || !shape.problem.empty()) {
    return Status::InvalidArgument(
        fmt::format("{}: {}; nothing of it was applied", name,
                    shape.problem.empty() ? std::string("not an API v2 page") : shape.problem));
  }
  if (!shape.top_is_object || !shape.has_studies) {
    return Status::InvalidArgument(fmt::format(
        "{}: no \"studies\" list: not an API v2 page; nothing of it was applied", name));
  }
  SyncPage page;
  page.next_page_token = std::move(shape.next_page_token);
  page.total = shape.total;
  page.records.reserve(shape.studies);
  std::string broken;
  SplitJsonRecords(body, name, [&](SourceRecord&& record) {
    if (!record.error.ok() && broken.empty()) broken = record.error.message();
    page.records.push_back(std::move(record));
  });
  if (!broken.empty() || page.records.size() != shape.studies) {
    return Status::InvalidArgument(
        fmt::format("{}: {} studies found in a page of {}{}; nothing of it was applied", name,
                    page.records.size(), shape.studies, broken.empty() ? "" : " (" + broken + ")"));
  }
  return page;
}

}  // namespace trialfinder
