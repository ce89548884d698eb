// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "search/field_stats.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <string>

#include "search/index_schema.h"

namespace trialfinder {
namespace {

namespace schema = index_schema;

std::size_t PieceIndex(const Piece& piece) {
  return static_cast<std::size_t>(&piece - StudyPieces().data());
}

// Most studies first, then by value.
void SortByStudies(std::vector<ValueCount>& values) {
  std::sort(values.begin(), values.end(), [](const ValueCount& a, const ValueCount& b) {
    return a.studies != b.studies ? a.studies > b.studies : a.value < b.value;
  });
}

}  // namespace

Result<PieceValueStats> ReadValueStats(const Xapian::Database& database, const Piece& piece,
                                       std::size_t top) {
  if (piece.type == PieceType::kMarkup || schema::IsContactDetail(piece.name) ||
      piece.name == "LocationGeoPoint") {
    return Status::NotFound("no value statistics for " + std::string(piece.name) +
                            ": long text, contacts and links are not indexed by value");
  }
  PieceValueStats stats;
  const auto studies = static_cast<std::int64_t>(database.get_doccount());
  stats.missing = studies - database.get_termfreq(schema::PieceHasTerm(piece.name));
  switch (piece.type) {
    case PieceType::kEnum:
    case PieceType::kBoolean:
    case PieceType::kText: {
      const std::string prefix = schema::PieceValuePrefix(piece.name);
      std::vector<ValueCount> values;
      for (auto term = database.allterms_begin(prefix); term != database.allterms_end(prefix);
           ++term) {
        values.push_back({(*term).substr(prefix.size()), term.get_termfreq()});
      }
      stats.unique_values = static_cast<std::int64_t>(values.size());
      SortByStudies(values);
      if (values.size() > top) values.resize(top);
      stats.top_values = std::move(values);
      return stats;
    }
    default:
      break;
  }
  const Xapian::valueno slot = schema::PieceSlot(PieceIndex(piece));
  double sum = 0;
  std::int64_t count = 0;
  for (auto value = database.valuestream_begin(slot); value != database.valuestream_end(slot);
       ++value) {
    const double number = Xapian::sortable_unserialise(*value);
    stats.min = stats.min ? std::min(*stats.min, number) : number;
    stats.max = stats.max ? std::max(*stats.max, number) : number;
    sum += number;
    ++count;
    if (piece.type == PieceType::kDate) {
      const bool has_day = std::fmod(number, 100) != 0;
      (has_day ? stats.dates_with_day : stats.dates_without_day) = true;
    }
  }
  if (count > 0) stats.average = sum / static_cast<double>(count);
  return stats;
}

Result<PieceSizeStats> ReadSizeStats(const Xapian::Database& database, const Piece& piece) {
  PieceSizeStats stats;
  if (piece.path.empty() && piece.type == PieceType::kInteger) {
    // A count the index computes (NumInterventions): its values are sizes.
    std::map<std::int64_t, std::int64_t> studies;
    const Xapian::valueno slot = schema::PieceSlot(PieceIndex(piece));
    for (auto value = database.valuestream_begin(slot); value != database.valuestream_end(slot);
         ++value) {
      const auto size = static_cast<std::int64_t>(Xapian::sortable_unserialise(*value));
      if (size > 0) ++studies[size];
    }
    for (const auto& [size, count] : studies) stats.sizes.emplace_back(size, count);
  } else if (!piece.list) {
    return Status::NotFound(std::string(piece.name) + " is not a list: it has no sizes");
  }
  const std::string prefix = schema::PieceSizePrefix(piece.name);
  for (auto term = database.allterms_begin(prefix);
       piece.list && term != database.allterms_end(prefix); ++term) {
    const std::int64_t size = std::strtoll((*term).c_str() + prefix.size(), nullptr, 10);
    stats.sizes.emplace_back(size, term.get_termfreq());
  }
  if (stats.sizes.empty()) return stats;
  stats.min_size = stats.max_size = stats.sizes.front().first;
  for (const auto& [size, studies] : stats.sizes) {
    stats.min_size = std::min(stats.min_size, size);
    stats.max_size = std::max(stats.max_size, size);
  }
  std::sort(stats.sizes.begin(), stats.sizes.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  return stats;
}

}  // namespace trialfinder
