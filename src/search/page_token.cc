// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "search/page_token.h"

#include <cinttypes>
#include <cstdio>

#include "text/fnv_hash.h"

namespace trialfinder {

// Page tokens: "<offset>.<query fingerprint>", so a token only continues the
// query that made it.

std::uint64_t QueryFingerprint(const SearchQuery& q) {
  std::string canonical;
  auto add = [&](const std::string& part) { canonical += part + '\x1f'; };
  auto add_list = [&](const std::vector<std::string>& parts) {
    for (const auto& part : parts) add(part);
    add("|");
  };
  for (const std::string* text : {&q.cond,
                                  &q.term,
                                  &q.intr,
                                  &q.titles,
                                  &q.outc,
                                  &q.spons,
                                  &q.lead,
                                  &q.id,
                                  &q.locn,
                                  &q.patient,
                                  &q.about,
                                  &q.inclusion,
                                  &q.exclusion,
                                  &q.advanced,
                                  &q.sex,
                                  &q.country,
                                  &q.state,
                                  &q.city,
                                  &q.start_date.from,
                                  &q.start_date.to,
                                  &q.last_update.from,
                                  &q.last_update.to}) {
    add(*text);
  }
  add_list(q.overall_status);
  add_list(q.phase);
  add_list(q.study_type);
  add_list(q.std_ages);
  add_list(q.ids);
  add_list(q.documents);
  add(q.healthy_volunteers ? std::to_string(*q.healthy_volunteers) : "-");
  add(q.has_results ? std::to_string(*q.has_results) : "-");
  add(q.age_years ? std::to_string(*q.age_years) : "-");
  for (const WeightedText& text : q.relevance_texts)
    add(text.text + "^" + std::to_string(text.weight) + (text.index_terms ? "t" : "w"));
  if (q.geo)
    add(std::to_string(q.geo->latitude) + "," + std::to_string(q.geo->longitude) + "," +
        std::to_string(q.geo->radius_km));
  for (const SortKey& key : q.sort)
    add(std::to_string(static_cast<int>(key.field)) + (key.descending ? "d" : "a") +
        (key.piece ? std::string(key.piece->name) : ""));
  return Fnv1aHash(canonical);
}

std::string MakePageToken(std::size_t offset, std::uint64_t fingerprint) {
  char token[48];
  std::snprintf(token, sizeof token, "%zu.%016" PRIx64, offset, fingerprint);
  return token;
}

Result<std::size_t> ReadPageToken(const std::string& token, std::uint64_t fingerprint) {
  std::size_t offset = 0;
  std::uint64_t expected = 0;
  char tail = 0;
  if (std::sscanf(token.c_str(), "%zu.%16" SCNx64 "%c", &offset, &expected, &tail) != 2 ||
      MakePageToken(offset, expected) != token || offset > kMaxPageOffset) {
    return Status::InvalidArgument("parameter 'pageToken': '" + token + "' is not a page token");
  }
  if (expected != fingerprint) {
    return Status::InvalidArgument(
        "parameter 'pageToken': the token belongs to a different query; repeat the query "
        "parameters that produced it");
  }
  return offset;
}

std::string PageTokenAt(const SearchQuery& query, std::size_t offset) {
  return MakePageToken(offset, QueryFingerprint(query));
}

}  // namespace trialfinder
