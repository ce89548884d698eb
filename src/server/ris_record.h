// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// A study as an RIS record (format=ris on /studies/{id}), for reference
// managers: title, acronym, investigators, sponsor, dates, conditions,
// summary and the registry link.

#ifndef TRIALFINDER_SERVER_RIS_RECORD_H_
#define TRIALFINDER_SERVER_RIS_RECORD_H_

#include <nlohmann/json.hpp>
#include <string>

#include "trialfinder/status.h"

namespace trialfinder {

// The RIS record of `study` (CRLF lines "TAG  - value", ending "ER  - ").
// `tags` ("TI,AU,UR", comma or pipe separated; empty for all) keeps only
// those tags (TY and ER always); an unknown tag is an error naming it.
Result<std::string> RisRecord(const nlohmann::ordered_json& study, const std::string& tags);

}  // namespace trialfinder

#endif  // TRIALFINDER_SERVER_RIS_RECORD_H_
