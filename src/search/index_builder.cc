// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include <xapian.h>

#include <chrono>
#include <fstream>
#include <string>

#include "search/study_document.h"
#include "search/text_analysis.h"
#include "trialfinder/index.h"
#include "trialfinder/study_json.h"

namespace trialfinder {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSequenceKey = "store_sequence";
constexpr std::int64_t kProgressEvery = 500;

// Indexes every study changed after `after` into `database` and records the
// store sequence reached. Xapian errors become Status at this edge.
Result<IndexReport> IndexChanges(const StudyStore& store, Xapian::WritableDatabase& database,
                                 std::int64_t after, const IndexProgress& progress) {
  const auto start = std::chrono::steady_clock::now();
  IndexReport report;
  report.store_sequence = after;
  try {
    Xapian::TermGenerator generator;
    generator.set_stemmer(CachingEnglishStemmer());
    generator.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
    generator.set_database(database);
    Status visited = store.ForEachChangedSince(after, [&](const StoredStudy& stored) {
      Result<Study> study = ParseStudyJson(stored.raw_json);
      if (study.ok()) {
        database.replace_document(NctIdTerm(stored.nct_id), BuildStudyDocument(*study, generator));
        ++report.indexed;
      } else {
        ++report.failed;  // cannot happen for records the ingester stored
      }
      report.store_sequence = stored.change_sequence;
      if (progress && report.indexed % kProgressEvery == 0) progress(report.indexed);
      return true;
    });
    if (!visited.ok()) return visited;
    database.set_metadata(kSequenceKey, std::to_string(report.store_sequence));
    database.commit();
  } catch (const Xapian::Error& error) {
    return Status::IoError("search index: " + error.get_description());
  }
  if (progress) progress(report.indexed);
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

// The index directory a stub file names ("glass index-123" -> DIR/index-123).
fs::path StubTarget(const fs::path& stub) {
  std::ifstream in(stub);
  std::string backend;
  std::string target;
  in >> backend >> target;
  return target.empty() ? fs::path() : stub.parent_path() / target;
}

}  // namespace

fs::path IndexPath(const fs::path& database_directory) { return database_directory / "index"; }

Result<IndexReport> UpdateIndex(const StudyStore& store, const fs::path& index_path,
                                const IndexProgress& progress) {
  std::error_code error;
  if (!fs::exists(index_path, error)) return RebuildIndex(store, index_path, progress);
  try {
    Xapian::WritableDatabase database(index_path.string(), Xapian::DB_OPEN);
    const std::string recorded = database.get_metadata(kSequenceKey);
    const std::int64_t after = recorded.empty() ? 0 : std::stoll(recorded);
    return IndexChanges(store, database, after, progress);
  } catch (const Xapian::Error& failure) {
    return Status::IoError("cannot open the search index " + index_path.string() + ": " +
                           failure.get_description() + " (try 'trialfinder reindex')");
  }
}

Result<IndexReport> RebuildIndex(const StudyStore& store, const fs::path& index_path,
                                 const IndexProgress& progress) {
  const fs::path parent = index_path.parent_path();
  const std::string name =
      "index-" + std::to_string(std::chrono::system_clock::now().time_since_epoch().count());
  const fs::path fresh = parent / name;
  const fs::path previous = StubTarget(index_path);
  Result<IndexReport> report = Status::Internal("not run");
  try {
    Xapian::WritableDatabase database(fresh.string(),
                                      Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
    report = IndexChanges(store, database, 0, progress);
    database.close();
  } catch (const Xapian::Error& error) {
    return Status::IoError("cannot create the search index in " + fresh.string() + ": " +
                           error.get_description());
  }
  std::error_code error;
  if (!report.ok()) {
    fs::remove_all(fresh, error);
    return report;
  }
  // Swap the stub in one rename; readers opening "index" see old or new.
  const fs::path temporary = parent / "index.stub.tmp";
  {
    std::ofstream stub(temporary, std::ios::trunc);
    stub << "glass " << name << "\n";
    if (!stub) return Status::IoError("cannot write " + temporary.string());
  }
  fs::rename(temporary, index_path, error);
  if (error) return Status::IoError("cannot replace " + index_path.string() + ": " + error.message());
  // Drop older generations, keeping the one just replaced for open readers.
  for (const auto& entry : fs::directory_iterator(parent, error)) {
    const std::string entry_name = entry.path().filename().string();
    if (entry_name.rfind("index-", 0) == 0 && entry.path() != fresh && entry.path() != previous) {
      fs::remove_all(entry.path(), error);
    }
  }
  return report;
}

}  // namespace trialfinder
