// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// The query for one piece's value in a search expression: AREA[Phase]PHASE2,
// AREA[LocationCity]COVERAGE[FullMatch]Boston, AREA[StartDate]RANGE[...],
// AREA[Phase:size]2, AREA[X]MISSING. Reads the piece terms and slots of
// index_schema.h ("Pieces"). Private to search/ (essie_query.cc).

#ifndef TRIALFINDER_SEARCH_PIECE_QUERY_H_
#define TRIALFINDER_SEARCH_PIECE_QUERY_H_

#include <xapian.h>

#include <optional>
#include <string>

#include "search/essie_query.h"
#include "trialfinder/status.h"
#include "trialfinder/study_pieces.h"

namespace trialfinder {

// Whether a piece holds dates, numbers or ages (RANGE takes them).
bool IsRangeType(PieceType type);

class PieceQuery {
 public:
  enum class Coverage { kContains, kFullMatch, kStartsWith, kEndsWith };
  struct Options {
    Expansion expansion = Expansion::kConcept;
    Coverage coverage = Coverage::kContains;
    bool size = false;  // AREA[Piece:size]: how many values it has
  };

  // `database` lists values for COVERAGE[EndsWith] and sizes for RANGE of
  // sizes; without one (checking syntax only) those match nothing. `words`
  // searches long text pieces in all text.
  PieceQuery(const Piece& piece, Options options, const Xapian::Database* database,
             const FieldWordsQuery& words)
      : piece_(piece), options_(options), database_(database), words_(words) {}

  // AREA[Piece]value. Errors (InvalidArgument) say what is wrong with the
  // value and name the piece; nullopt when the value gives no query.
  Result<std::optional<Xapian::Query>> Value(const std::string& value) const;

  // AREA[Piece]RANGE[low, high], MIN and MAX open.
  Result<std::optional<Xapian::Query>> Range(const std::string& low, const std::string& high) const;

  // AREA[Piece]MISSING: studies without a value.
  static Xapian::Query Missing(const Piece& piece);

 private:
  Result<std::optional<Xapian::Query>> Text(const std::string& value) const;
  Xapian::Query EndingWith(const std::string& prefix, const std::string& whole) const;
  Result<std::optional<Xapian::Query>> Sizes(const std::string& low, const std::string& high) const;
  Result<std::optional<double>> Bound(const std::string& text) const;

  const Piece& piece_;
  Options options_;
  const Xapian::Database* database_;
  const FieldWordsQuery& words_;
};

}  // namespace trialfinder

#endif  // TRIALFINDER_SEARCH_PIECE_QUERY_H_
