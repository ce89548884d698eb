// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// A zip archive built in memory (format=json.zip), with libzip.

#ifndef TRIALFINDER_SERVER_ZIP_ARCHIVE_H_
#define TRIALFINDER_SERVER_ZIP_ARCHIVE_H_

#include <string>

#include "trialfinder/status.h"

namespace trialfinder {

// The bytes of a zip archive holding one file, `name`, of `content`
// (deflated). Internal error only when libzip fails.
Result<std::string> ZipOneFile(const std::string& name, const std::string& content);

}  // namespace trialfinder

#endif  // TRIALFINDER_SERVER_ZIP_ARCHIVE_H_
