// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "search/advanced_filter.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "search/index_schema.h"
#include "search/study_document.h"
#include "text/ascii_case.h"
#include "text/words.h"
#include "trialfinder/age.h"
#include "trialfinder/partial_date.h"
#include "trialfinder/study_json.h"

namespace trialfinder {
namespace {

namespace schema = index_schema;
using Xapian::Query;

enum class AreaKind { kTerm, kLowercaseTerm, kBoolean, kAgeRange, kDateRange, kNumberRange, kText };

struct Area {
  AreaKind kind;
  const char* prefix;        // term prefix or text field prefix
  Xapian::valueno slot = 0;  // for ranges
};

const std::map<std::string, Area>& Areas() {
  static const std::map<std::string, Area> kAreas = {
      {"phase", {AreaKind::kTerm, schema::kPhaseTerm}},
      {"studytype", {AreaKind::kTerm, schema::kStudyTypeTerm}},
      {"overallstatus", {AreaKind::kTerm, schema::kStatusTerm}},
      {"sex", {AreaKind::kTerm, schema::kSexTerm}},
      {"gender", {AreaKind::kTerm, schema::kSexTerm}},
      {"stdage", {AreaKind::kTerm, schema::kStdAgeTerm}},
      {"nctid", {AreaKind::kTerm, schema::kNctIdTerm}},
      {"interventiontype", {AreaKind::kTerm, schema::kInterventionTypeTerm}},
      {"locationcountry", {AreaKind::kLowercaseTerm, schema::kCountryTerm}},
      {"locationstate", {AreaKind::kLowercaseTerm, schema::kStateTerm}},
      {"locationcity", {AreaKind::kLowercaseTerm, schema::kCityTerm}},
      {"healthyvolunteers", {AreaKind::kBoolean, schema::kHealthyTerm}},
      {"hasresults", {AreaKind::kBoolean, schema::kResultsTerm}},
      {"minimumage", {AreaKind::kAgeRange, "", schema::kMinimumAgeSlot}},
      {"maximumage", {AreaKind::kAgeRange, "", schema::kMaximumAgeSlot}},
      {"startdate", {AreaKind::kDateRange, "", schema::kStartDateSlot}},
      {"lastupdatepostdate", {AreaKind::kDateRange, "", schema::kLastUpdateSlot}},
      {"enrollmentcount", {AreaKind::kNumberRange, "", schema::kEnrollmentSlot}},
      {"condition", {AreaKind::kText, schema::kConditionField}},
      {"keyword", {AreaKind::kText, schema::kConditionField}},
      {"brieftitle", {AreaKind::kText, schema::kTitleField}},
      {"officialtitle", {AreaKind::kText, schema::kTitleField}},
      {"acronym", {AreaKind::kText, schema::kTitleField}},
      {"interventionname", {AreaKind::kText, schema::kInterventionField}},
      {"leadsponsorname", {AreaKind::kText, schema::kLeadSponsorField}},
      {"briefsummary", {AreaKind::kText, ""}},
      {"detaileddescription", {AreaKind::kText, ""}},
      {"eligibilitycriteria", {AreaKind::kText, ""}},
  };
  return kAreas;
}

class Parser {
 public:
  Parser(const std::string& text, const AreaTextQuery& area_text)
      : text_(text), area_text_(area_text) {}

  Result<Query> Parse() {
    Result<Query> query = Or();
    if (!query.ok()) return query;
    SkipSpace();
    if (position_ < text_.size()) return Error("unexpected '" + text_.substr(position_, 20) + "'");
    return query;
  }

 private:
  Status Error(const std::string& problem) const {
    return Status::InvalidArgument("parameter 'filter.advanced': " + problem + " at character " +
                                   std::to_string(position_ + 1));
  }

  void SkipSpace() {
    while (position_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[position_])))
      ++position_;
  }

  // Consumes `word` (case-sensitive operator) when it comes next as a whole word.
  bool Keyword(const char* word) {
    SkipSpace();
    const std::size_t length = std::char_traits<char>::length(word);
    if (text_.compare(position_, length, word) != 0) return false;
    const std::size_t after = position_ + length;
    if (after < text_.size() &&
        (std::isalnum(static_cast<unsigned char>(text_[after])) || text_[after] == '[')) {
      return false;
    }
    position_ = after;
    return true;
  }

  Result<Query> Or() {
    Result<Query> left = And();
    while (left.ok() && Keyword("OR")) {
      Result<Query> right = And();
      if (!right.ok()) return right;
      left = Query(Query::OP_OR, *left, *right);
    }
    return left;
  }

  Result<Query> And() {
    Result<Query> left = Unary();
    while (left.ok()) {
      SkipSpace();
      if (position_ >= text_.size() || text_[position_] == ')' || Peek("OR")) break;
      Keyword("AND");
      if (Keyword("NOT")) {
        Result<Query> excluded = Unary();
        if (!excluded.ok()) return excluded;
        left = Query(Query::OP_AND_NOT, *left, *excluded);
        continue;
      }
      Result<Query> right = Unary();
      if (!right.ok()) return right;
      left = Query(Query::OP_AND, *left, *right);
    }
    return left;
  }

  bool Peek(const char* word) {
    const std::size_t saved = position_;
    const bool found = Keyword(word);
    position_ = saved;
    return found;
  }

  Result<Query> Unary() {
    if (++depth_ > kMaxDepth * 4) return Error("too many NOTs in a row");
    struct Leave {
      int& depth;
      ~Leave() { --depth; }
    } leave{depth_};
    if (Keyword("NOT")) {
      Result<Query> excluded = Unary();
      if (!excluded.ok()) return excluded;
      return Query(Query::OP_AND_NOT, MatchAll(), *excluded);
    }
    SkipSpace();
    if (position_ < text_.size() && text_[position_] == '(') {
      if (++depth_ > kMaxDepth) return Error("parentheses nest too deep");
      ++position_;
      Result<Query> inner = Or();
      --depth_;
      if (!inner.ok()) return inner;
      SkipSpace();
      if (position_ >= text_.size() || text_[position_] != ')') return Error("missing ')'");
      ++position_;
      return inner;
    }
    return AreaExpression();
  }

  Result<Query> AreaExpression() {
    SkipSpace();
    if (text_.compare(position_, 5, "AREA[") != 0) {
      if (position_ >= text_.size()) return Error("the expression ends too early");
      return Error("expected AREA[Field]value, found '" + text_.substr(position_, 20) + "'");
    }
    position_ += 5;
    const std::size_t close = text_.find(']', position_);
    if (close == std::string::npos) return Error("missing ']' after AREA[");
    const std::string field = text_.substr(position_, close - position_);
    position_ = close + 1;
    auto area = Areas().find(AsciiLowercase(field));
    if (area == Areas().end()) return Error("unsupported area '" + field + "'");
    if (text_.compare(position_, 6, "RANGE[") == 0) {
      position_ += 6;
      const std::size_t end = text_.find(']', position_);
      if (end == std::string::npos) return Error("missing ']' after RANGE[");
      const std::string body = text_.substr(position_, end - position_);
      position_ = end + 1;
      const std::size_t comma = body.find(',');
      if (comma == std::string::npos) return Error("RANGE takes two values: RANGE[low, high]");
      return Range(field, area->second, Trim(body.substr(0, comma)), Trim(body.substr(comma + 1)));
    }
    const std::string value = Value();
    if (value.empty()) return Error("AREA[" + field + "] has no value");
    return Single(field, area->second, value);
  }

  static std::string Trim(const std::string& text) {
    const auto begin = text.find_first_not_of(" \t");
    if (begin == std::string::npos) return "";
    return text.substr(begin, text.find_last_not_of(" \t") - begin + 1);
  }

  std::string Value() {
    SkipSpace();
    if (position_ < text_.size() && text_[position_] == '"') {
      const std::size_t close = text_.find('"', position_ + 1);
      const std::size_t end = close == std::string::npos ? text_.size() : close;
      std::string value = text_.substr(position_ + 1, end - position_ - 1);
      position_ = std::min(text_.size(), end + 1);
      return value;
    }
    const std::size_t start = position_;
    while (position_ < text_.size() &&
           !std::isspace(static_cast<unsigned char>(text_[position_])) && text_[position_] != ')' &&
           text_[position_] != '(') {
      ++position_;
    }
    return text_.substr(start, position_ - start);
  }

  Result<Query> Single(const std::string& field, const Area& area, const std::string& value) {
    switch (area.kind) {
      case AreaKind::kTerm:
        return Query(schema::FilterTerm(area.prefix, AsciiUppercase(value)));
      case AreaKind::kLowercaseTerm:
        return Query(schema::FilterTerm(area.prefix, AsciiLowercase(value)));
      case AreaKind::kBoolean: {
        const std::string flag = AsciiLowercase(value);
        if (flag != "true" && flag != "false")
          return Error("AREA[" + field + "] takes true or false");
        return Query(std::string(area.prefix) + (flag == "true" ? "1" : "0"));
      }
      case AreaKind::kText: {
        std::optional<Query> query = area_text_(value, area.prefix);
        return query ? *query : Query();
      }
      default:
        return Range(field, area, value, value);
    }
  }

  // A bound as a number for the area's slot; nullopt for MIN/MAX.
  Result<std::optional<double>> Bound(const std::string& field, const Area& area,
                                      const std::string& text) {
    if (text == "MIN" || text == "MAX") return std::optional<double>();
    if (area.kind == AreaKind::kAgeRange) {
      Result<std::optional<Age>> age = ParseAge(text);
      if (!age.ok() || !age->has_value())
        return Error("AREA[" + field + "]: '" + text + "' is not an age");
      return std::optional<double>((*age)->InYears());
    }
    if (area.kind == AreaKind::kDateRange) {
      const std::optional<PartialDate> date = PartialDate::Parse(text);
      if (!date) return Error("AREA[" + field + "]: '" + text + "' is not a date");
      return std::optional<double>(date->SortKey());
    }
    char* end = nullptr;
    const double number = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || *end != '\0')
      return Error("AREA[" + field + "]: '" + text + "' is not a number");
    return std::optional<double>(number);
  }

  Result<Query> Range(const std::string& field, const Area& area, const std::string& low_text,
                      const std::string& high_text) {
    if (area.kind != AreaKind::kAgeRange && area.kind != AreaKind::kDateRange &&
        area.kind != AreaKind::kNumberRange) {
      return Error("AREA[" + field + "] does not take RANGE");
    }
    Result<std::optional<double>> low = Bound(field, area, low_text);
    if (!low.ok()) return low.status();
    Result<std::optional<double>> high = Bound(field, area, high_text);
    if (!high.ok()) return high.status();
    double high_value = high->value_or(1e12);
    // A partial upper date covers its whole period: RANGE[MIN, 2024] ends 2024-12-31.
    if (area.kind == AreaKind::kDateRange && high->has_value()) {
      if (high_text.size() == 4) high_value += 1299;
      if (high_text.size() == 7) high_value += 99;
    }
    return Query(Query::OP_VALUE_RANGE, area.slot, Xapian::sortable_serialise(low->value_or(-1e12)),
                 Xapian::sortable_serialise(high_value));
  }

  static constexpr int kMaxDepth = 32;
  const std::string& text_;
  const AreaTextQuery& area_text_;
  std::size_t position_ = 0;
  int depth_ = 0;
};

}  // namespace

Result<Xapian::Query> BuildAdvancedFilter(const std::string& expression,
                                          const AreaTextQuery& text) {
  if (expression.size() > 4000) {
    return Status::InvalidArgument("parameter 'filter.advanced': longer than 4000 characters");
  }
  return Parser(expression, text).Parse();
}

}  // namespace trialfinder
