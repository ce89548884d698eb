// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "store/record_codec.h"

#include <zstd.h>

namespace trialfinder {
namespace {

// Level 3 (zstd's default) compresses JSON about 5x at several hundred MB/s.
constexpr int kCompressionLevel = 3;
// A decompressed record larger than this is not one we wrote.
constexpr unsigned long long kMaxRecordBytes = 1ULL << 30;

}  // namespace

std::string CompressRecord(std::string_view record) {
  std::string out(ZSTD_compressBound(record.size()), '\0');
  const std::size_t size = ZSTD_compress(out.data(), out.size(), record.data(), record.size(), kCompressionLevel);
  out.resize(ZSTD_isError(size) ? 0 : size);
  return out;
}

Result<std::string> DecompressRecord(std::string_view stored) {
  const unsigned long long size = ZSTD_getFrameContentSize(stored.data(), stored.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > kMaxRecordBytes) {
    return Status::Corruption("a stored record is not a zstd frame");
  }
  std::string out(size, '\0');
  const std::size_t written = ZSTD_decompress(out.data(), out.size(), stored.data(), stored.size());
  if (ZSTD_isError(written) || written != size) {
    return Status::Corruption(std::string("a stored record does not decompress: ") + ZSTD_getErrorName(written));
  }
  return out;
}

}  // namespace trialfinder
