// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Statistics of pieces' values read from the index's piece terms and value
// slots (index_schema.h, "Pieces"). Private to search/.

#ifndef TRIALFINDER_SEARCH_FIELD_STATS_H_
#define TRIALFINDER_SEARCH_FIELD_STATS_H_

#include <xapian.h>

#include "trialfinder/search.h"
#include "trialfinder/study_pieces.h"

namespace trialfinder {

// See SearchIndex::ValueStats. Throws what Xapian throws.
Result<PieceValueStats> ReadValueStats(const Xapian::Database& database, const Piece& piece,
                                       std::size_t top);

// See SearchIndex::SizeStats. Throws what Xapian throws.
Result<PieceSizeStats> ReadSizeStats(const Xapian::Database& database, const Piece& piece);

}  // namespace trialfinder

#endif  // TRIALFINDER_SEARCH_FIELD_STATS_H_
