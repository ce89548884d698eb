// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// How record text is kept on disk: zstd-compressed (JSON records shrink
// about 5 times, which matters at 600,000 studies), stored as SQLite BLOBs.
// Rows written as TEXT by earlier versions are read as they are.

#ifndef TRIALFINDER_STORE_RECORD_CODEC_H_
#define TRIALFINDER_STORE_RECORD_CODEC_H_

#include <string>
#include <string_view>

#include "trialfinder/status.h"

namespace trialfinder {

// The bytes to store for `record`.
std::string CompressRecord(std::string_view record);

// The record back from stored bytes. Corruption when they do not decompress.
Result<std::string> DecompressRecord(std::string_view stored);

}  // namespace trialfinder

#endif  // TRIALFINDER_STORE_RECORD_CODEC_H_
