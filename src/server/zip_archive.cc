// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/zip_archive.h"

#include <zip.h>

#include <memory>

namespace trialfinder {

Result<std::string> ZipOneFile(const std::string& name, const std::string& content) {
  zip_error_t error;
  zip_error_init(&error);
  // The archive is written into a buffer source that is kept (zip_source_keep)
  // past zip_close, then read back.
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (!buffer) return Status::Internal("zip: " + std::string(zip_error_strerror(&error)));
  zip_source_keep(buffer);
  std::unique_ptr<zip_source_t, void (*)(zip_source_t*)> owned(buffer, zip_source_free);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (!archive) return Status::Internal("zip: " + std::string(zip_error_strerror(&error)));
  zip_source_t* file = zip_source_buffer(archive, content.data(), content.size(), 0);
  if (!file || zip_file_add(archive, name.c_str(), file, ZIP_FL_ENC_UTF_8) < 0) {
    if (file) zip_source_free(file);
    const std::string message = zip_strerror(archive);
    zip_discard(archive);
    return Status::Internal("zip: " + message);
  }
  if (zip_close(archive) < 0) {
    const std::string message = zip_strerror(archive);
    zip_discard(archive);
    return Status::Internal("zip: " + message);
  }
  zip_stat_t stat;
  if (zip_source_stat(buffer, &stat) < 0 || zip_source_open(buffer) < 0) {
    return Status::Internal("zip: cannot read the archive back");
  }
  std::string bytes(static_cast<std::size_t>(stat.size), '\0');
  const zip_int64_t read = zip_source_read(buffer, bytes.data(), stat.size);
  zip_source_close(buffer);
  if (read < 0 || static_cast<zip_uint64_t>(read) != stat.size) {
    return Status::Internal("zip: short read of the archive");
  }
  return bytes;
}

}  // namespace trialfinder
