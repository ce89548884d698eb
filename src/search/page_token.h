// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Page tokens: "<offset>.<query fingerprint>", so that a token only
// continues the query that made it. Private to search/ (PageTokenAt in
// search.h is the public way to make one).

#ifndef TRIALFINDER_SEARCH_PAGE_TOKEN_H_
#define TRIALFINDER_SEARCH_PAGE_TOKEN_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "trialfinder/search.h"

namespace trialfinder {

// A hash of every field of `query` that decides its matches and their
// order (not the page size, the token itself or what is reported).
std::uint64_t QueryFingerprint(const SearchQuery& query);

std::string MakePageToken(std::size_t offset, std::uint64_t fingerprint);

// The offset of `token`; InvalidArgument naming pageToken when it is not a
// token, points past kMaxPageOffset, or belongs to another query.
Result<std::size_t> ReadPageToken(const std::string& token, std::uint64_t fingerprint);

// Offsets past this are no page of any index (Xapian counts documents in
// 32 bits: 4294967296 wrapped round to the first page).
inline constexpr std::size_t kMaxPageOffset = 1'000'000'000;

}  // namespace trialfinder

#endif  // TRIALFINDER_SEARCH_PAGE_TOKEN_H_
