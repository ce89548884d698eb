// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Finding records in files, directories and zip archives.

#include <zip.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include "text/ascii_case.h"
#include "trialfinder/ingest.h"

namespace trialfinder {
namespace {

namespace fs = std::filesystem;

// Entries or files larger than this are reported, not read: no single
// document the registry publishes comes near it.
constexpr std::uint64_t kMaxDocumentBytes = std::uint64_t{2} * 1024 * 1024 * 1024;

enum class FileKind { kJson, kJsonLines, kXml, kZip, kOther };

FileKind KindOf(const fs::path& path) {
  const std::string extension = AsciiLowercase(path.extension().string());
  if (extension == ".json") return FileKind::kJson;
  if (extension == ".jsonl" || extension == ".ndjson") return FileKind::kJsonLines;
  if (extension == ".xml") return FileKind::kXml;
  if (extension == ".zip") return FileKind::kZip;
  return FileKind::kOther;
}

SourceRecord XmlRecord(std::string_view content, const std::string& name) {
  SourceRecord record;
  record.location = name;
  record.input_bytes = content.size();
  Result<std::string> converted = ConvertLegacyXml(content);
  if (converted.ok()) {
    record.json_text = std::move(converted).value();
  } else {
    record.error = converted.status();
  }
  return record;
}

// Hands one document (file or zip entry) of a known kind to the sink.
void ReadDocument(std::string_view content, const std::string& name, FileKind kind,
                  const RecordSink& sink) {
  switch (kind) {
    case FileKind::kXml:
      sink(XmlRecord(content, name));
      break;
    case FileKind::kJsonLines:
      SplitJsonRecords(content, name, sink, JsonLayout::kOnePerLine);
      break;
    default: {
      // .json or unknown: XML if it looks like XML, JSON otherwise.
      const std::size_t first = content.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
      if (first != std::string_view::npos && content[first] == '<') {
        sink(XmlRecord(content, name));
      } else {
        SplitJsonRecords(content, name, sink);
      }
    }
  }
}

Result<std::string> ReadFile(const fs::path& path) {
  std::error_code error;
  const std::uint64_t size = fs::file_size(path, error);
  if (error) return Status::IoError("cannot read " + path.string() + ": " + error.message());
  if (size > kMaxDocumentBytes) {
    return Status::InvalidArgument(path.string() + " is larger than 2 GiB; split it or use JSONL");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot open " + path.string());
  std::string content(size, '\0');
  in.read(content.data(), static_cast<std::streamsize>(size));
  if (!in) return Status::IoError("cannot read " + path.string());
  return content;
}

// JSONL is streamed line by line so that a file of any size fits in memory.
Status ReadJsonLinesFile(const fs::path& path, const RecordSink& sink) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot open " + path.string());
  std::string line;
  std::size_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    const std::uint64_t consumed = line.size() + 1;
    // A UTF-8 byte order mark before the first record is not JSON.
    if (line_number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    SourceRecord record;
    record.location = path.string() + " line " + std::to_string(line_number);
    record.json_text = std::move(line);
    record.input_bytes = consumed;
    sink(std::move(record));
    line.clear();
  }
  if (in.bad()) return Status::IoError("error while reading " + path.string());
  return Status::Ok();
}

struct ZipCloser {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
struct ZipFileCloser {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};

Status ReadZip(const fs::path& path, const RecordSink& sink) {
  int error_code = 0;
  std::unique_ptr<zip_t, ZipCloser> archive(zip_open(path.c_str(), ZIP_RDONLY, &error_code));
  if (!archive) {
    zip_error_t error;
    zip_error_init_with_code(&error, error_code);
    Status status = Status::InvalidArgument(
        path.string() + " is not a readable zip archive: " + zip_error_strerror(&error));
    zip_error_fini(&error);
    return status;
  }
  const zip_int64_t entries = zip_get_num_entries(archive.get(), 0);
  for (zip_int64_t i = 0; i < entries; ++i) {
    zip_stat_t stat;
    if (zip_stat_index(archive.get(), i, 0, &stat) != 0) continue;
    const std::string entry_name = stat.name;
    const FileKind kind = KindOf(entry_name);
    if (entry_name.empty() || entry_name.back() == '/' || kind == FileKind::kOther ||
        kind == FileKind::kZip) {
      continue;
    }
    const std::string name = path.string() + ":" + entry_name;
    if (stat.size > kMaxDocumentBytes) {
      SourceRecord record;
      record.location = name;
      record.error = Status::InvalidArgument("the entry is larger than 2 GiB");
      sink(std::move(record));
      continue;
    }
    std::unique_ptr<zip_file_t, ZipFileCloser> file(zip_fopen_index(archive.get(), i, 0));
    std::string content(stat.size, '\0');
    const zip_int64_t read =
        file ? zip_fread(file.get(), content.data(), content.size()) : zip_int64_t{-1};
    if (read < 0 || static_cast<zip_uint64_t>(read) != stat.size) {
      SourceRecord record;
      record.location = name;
      record.error = Status::InvalidArgument("the entry cannot be decompressed (damaged zip?)");
      record.input_bytes = stat.comp_size;
      sink(std::move(record));
      continue;
    }
    // Progress is counted in bytes of the zip file itself.
    const std::uint64_t compressed = stat.comp_size;
    const std::uint64_t uncompressed = std::max<std::uint64_t>(1, stat.size);
    ReadDocument(content, name, kind, [&](SourceRecord&& record) {
      record.input_bytes = record.input_bytes * compressed / uncompressed;
      sink(std::move(record));
    });
  }
  return Status::Ok();
}

Status ReadFileRecords(const fs::path& path, const RecordSink& sink) {
  const FileKind kind = KindOf(path);
  if (kind == FileKind::kZip) return ReadZip(path, sink);
  if (kind == FileKind::kJsonLines) return ReadJsonLinesFile(path, sink);
  Result<std::string> content = ReadFile(path);
  if (!content.ok()) return content.status();
  ReadDocument(*content, path.string(), kind, sink);
  return Status::Ok();
}

std::vector<fs::path> FilesBelow(const fs::path& directory) {
  std::vector<fs::path> files;
  std::error_code error;
  for (auto it = fs::recursive_directory_iterator(directory, error);
       !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    if (it->is_regular_file() && KindOf(it->path()) != FileKind::kOther &&
        it->path().filename().string().front() != '.') {
      files.push_back(it->path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

Status ReadStudyRecords(const fs::path& path, const RecordSink& sink) {
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (error || !fs::exists(status)) {
    return Status::NotFound("no such file or directory: " + path.string());
  }
  if (!fs::is_directory(status)) return ReadFileRecords(path, sink);
  for (const fs::path& file : FilesBelow(path)) {
    if (Status read = ReadFileRecords(file, sink); !read.ok()) {
      SourceRecord record;
      record.location = file.string();
      record.error = read;
      sink(std::move(record));
    }
  }
  return Status::Ok();
}

std::uint64_t InputSize(const fs::path& path) {
  std::error_code error;
  if (!fs::is_directory(path, error)) {
    const std::uint64_t size = fs::file_size(path, error);
    return error ? 0 : size;
  }
  std::uint64_t total = 0;
  for (const fs::path& file : FilesBelow(path)) total += fs::file_size(file, error);
  return total;
}

}  // namespace trialfinder
