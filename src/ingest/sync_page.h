// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Reading one page of an API v2 /studies answer, checked whole before any
// of it is used: a truncated or malformed page yields an error, never the
// studies before the damage.

#ifndef TRIALFINDER_INGEST_SYNC_PAGE_H_
#define TRIALFINDER_INGEST_SYNC_PAGE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "trialfinder/ingest.h"
#include "trialfinder/status.h"

namespace trialfinder {

struct SyncPage {
  std::vector<SourceRecord> records;  // verbatim, in the page's order
  std::string next_page_token;        // empty on the last page
  std::int64_t total = -1;            // totalCount when the page gave one
};

// Splits `body` (named `name` in messages, e.g. "https://host/api/v2 page 3")
// into its studies. An error (InvalidArgument) when the body is not JSON,
// is cut off, is not an object with a "studies" list of objects, or has a
// nextPageToken or totalCount of the wrong type.
Result<SyncPage> ReadSyncPage(const std::string& body, const std::string& name);

}  // namespace trialfinder

#endif  // TRIALFINDER_INGEST_SYNC_PAGE_H_
