// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <deque>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "concurrency/bounded_queue.h"
#include "search/index_schema.h"
#include "search/study_document.h"
#include "text/stemmer.h"
#include "text/words.h"
#include "trialfinder/index.h"
#include "trialfinder/study_json.h"

namespace trialfinder {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSequenceKey = "store_sequence";
// The studies the index could not hold: "NCT...\tproblem" lines, then
// "+N" for failures past kMaxRecordedFailures.
constexpr const char* kFailuresKey = "index_failures";
using index_schema::kLayoutKey;
constexpr std::int64_t kProgressEvery = 500;
// Documents between commits. Xapian keeps pending postings in in-memory
// maps keyed by term and document; past a few thousand documents inserting
// into them misses the CPU cache on every posting (its default, 10,000,
// indexed 20k studies in 54 s; 500 in 28 s). Committing is Xapian's own way
// of flushing them. A live index commits less often: each of its commits
// syncs to disk. Shards, written without syncing, commit more often: at
// 100k studies, 200 documents a commit (and shards of 10,000) took
// 91-95 s, against 103-111 s with 500 (and 50,000).
constexpr std::int64_t kDocumentsPerCommit = 500;
constexpr std::int64_t kShardDocumentsPerCommit = 200;

// One stored study on its way into the index.
struct IndexJob {
  std::string nct_id;
  std::string raw_json;
};

struct BuiltDocument {
  std::string nct_id;
  std::optional<Xapian::Document> document;  // empty when `problem` says why not
  SpellingWords spelling_words;
  std::string problem;
};

// Failures by NCT ID, as the index records them.
using FailureMap = std::map<std::string, std::string>;

// Why Xapian would refuse `built`, or "" when it would not. Xapian checks
// term lengths only while writing, and a refused term there failed the
// whole update; checked here, the one study is left out instead.
std::string Unwritable(const BuiltDocument& built) {
  for (auto term = built.document->termlist_begin(); term != built.document->termlist_end();
       ++term) {
    if ((*term).size() > index_schema::kMaxTermBytes) {
      return "a term of " + std::to_string((*term).size()) + " bytes, over Xapian's " +
             std::to_string(index_schema::kMaxTermBytes) + " ('" + (*term).substr(0, 40) + "...')";
    }
  }
  for (const auto& [word, count] : built.spelling_words) {
    // Spelling keys are "W" + word, at most 255 bytes.
    if (word.size() > index_schema::kMaxTermBytes) {
      return "a spelling word of " + std::to_string(word.size()) + " bytes";
    }
  }
  return "";
}

// Where the writer thread puts documents: into one database (an update of
// the index), or for a rebuild into shards of a fixed number of documents,
// each a database of its own, merged by compaction at the end. Written
// commit by commit, one large index rewrites the same blocks of its ever
// larger tables again and again (250 MB/s of writes while indexing
// 600,000 studies); a shard's tables stay small, and compaction writes the
// merged tables once, in order.
class IndexWriter {
 public:
  // Every document into `database`.
  explicit IndexWriter(Xapian::WritableDatabase& database) : database_(&database) {}

  // Shards of `per_shard` documents in `stem`.shard-1, -2, ... made on
  // demand (none when no document comes).
  IndexWriter(fs::path stem, std::int64_t per_shard)
      : stem_(std::move(stem)), per_shard_(per_shard) {}

  // database_ may point into shard_.
  IndexWriter(const IndexWriter&) = delete;
  IndexWriter& operator=(const IndexWriter&) = delete;

  // Adds or replaces the study's document and learns its spelling words,
  // committing every kDocumentsPerCommit (shards: kShardDocumentsPerCommit)
  // documents. Throws Xapian::Error.
  void Write(const BuiltDocument& built) {
    if (!database_ || (per_shard_ > 0 && in_shard_ == per_shard_)) NextShard();
    database_->replace_document(NctIdTerm(built.nct_id), *built.document);
    for (const auto& [word, count] : built.spelling_words) database_->add_spelling(word, count);
    ++in_shard_;
    const std::int64_t per_commit = per_shard_ > 0 ? kShardDocumentsPerCommit : kDocumentsPerCommit;
    if (in_shard_ % per_commit == 0) database_->commit();
  }

  // Removes the study's document, if the index has one: a study that
  // cannot be indexed any more must not be found by its old version.
  // Throws Xapian::Error.
  void Remove(const std::string& nct_id) {
    if (per_shard_ > 0) return;  // a rebuild's shards start empty
    database_->delete_document(NctIdTerm(nct_id));
  }

  // Commits and closes the last shard. Throws Xapian::Error.
  void CloseShards() {
    if (shard_) shard_->close();
  }

  const std::vector<fs::path>& shards() const { return shards_; }

 private:
  void NextShard() {
    CloseShards();
    shards_.push_back(stem_.string() + ".shard-" + std::to_string(shards_.size() + 1));
    // A shard is read by nothing but the final merge and is deleted when
    // the rebuild fails, so it needs neither fsync at each commit nor
    // copy-on-write blocks for readers: without them, rebuilding 100k
    // studies wrote 2.1 GB instead of 15.7 GB (DB_DANGEROUS updates blocks
    // in place).
    shard_.emplace(shards_.back().string(), Xapian::DB_CREATE_OR_OVERWRITE |
                                                Xapian::DB_BACKEND_GLASS | Xapian::DB_NO_SYNC |
                                                Xapian::DB_DANGEROUS);
    database_ = &*shard_;
    in_shard_ = 0;
  }

  Xapian::WritableDatabase* database_ = nullptr;
  fs::path stem_;
  std::int64_t per_shard_ = 0;  // 0: one database
  std::optional<Xapian::WritableDatabase> shard_;
  std::vector<fs::path> shards_;
  std::int64_t in_shard_ = 0;
};

// Parses and builds documents on its own thread with its own generator.
void BuildDocuments(BoundedQueue<IndexJob>& jobs, BoundedQueue<BuiltDocument>& built) {
  Xapian::TermGenerator generator;
  generator.set_stemmer(CachingEnglishStemmer());
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
  generator.set_max_word_length(kMaxSplitWordBytes);
  while (std::optional<IndexJob> job = jobs.Pop()) {
    BuiltDocument result{std::move(job->nct_id), std::nullopt, {}, ""};
    Result<Study> study = ParseStudyJson(std::move(job->raw_json), StoredRecordLimits());
    if (!study.ok()) {
      result.problem = "the stored record does not parse: " + study.status().message();
    } else {
      try {
        result.document = BuildStudyDocument(*study, generator, &result.spelling_words);
        result.problem = Unwritable(result);
      } catch (const Xapian::Error& error) {
        result.problem = error.get_description();
      }
      if (!result.problem.empty()) result.document.reset();
    }
    if (!built.Push(std::move(result))) return;
  }
}

// Indexes every study changed after `after` through `outputs`, one writer
// thread each; the report says which store sequence that reached
// (RecordCoverage records it). Documents are built on all cores. Xapian
// allows one writer per database, so more than one output means shards.
// A study that cannot be indexed is left out, reported and entered in
// `failures`; one indexed is taken out of it. Xapian errors in writing
// become Status, naming the study.
Result<IndexReport> IndexChanges(const StudyStore& store, std::deque<IndexWriter>& outputs,
                                 std::int64_t after, const IndexProgress& progress,
                                 FailureMap& failures) {
  const auto start = std::chrono::steady_clock::now();
  IndexReport report;
  report.store_sequence = after;
  BoundedQueue<IndexJob> jobs(256);
  BoundedQueue<BuiltDocument> built(256);
  std::mutex report_mutex;  // guards report's counts, write_error and progress calls
  std::optional<Status> write_error;
  std::atomic<bool> write_failed = false;  // set with write_error
  auto write_all = [&](IndexWriter& output) {
    while (std::optional<BuiltDocument> next = built.Pop()) {
      if (write_failed) continue;  // drain after a failure
      Status written = Status::Ok();
      try {
        if (next->document) {
          output.Write(*next);
        } else {
          output.Remove(next->nct_id);
        }
      } catch (const Xapian::Error& error) {
        written = Status::IoError("search index: " + next->nct_id + ": " + error.get_description());
      }
      std::lock_guard<std::mutex> lock(report_mutex);
      if (write_error) continue;  // another writer failed meanwhile
      if (!written.ok()) {
        write_error = written;
        write_failed = true;
      } else if (!next->document) {
        failures[next->nct_id] = next->problem;
        report.failures.push_back({next->nct_id, next->problem});
      } else {
        failures.erase(next->nct_id);
        if (++report.indexed % kProgressEvery == 0 && progress) progress(report.indexed);
      }
    }
  };
  std::vector<std::thread> writers;
  for (IndexWriter& output : outputs) writers.emplace_back(write_all, std::ref(output));
  // One builder per core, but one fewer beside a single writer: that
  // writer keeps a core busy on its own.
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const unsigned builders = outputs.size() > 1 ? cores : std::max(1u, cores - 1);
  std::vector<std::thread> workers;
  for (unsigned i = 0; i < builders; ++i)
    workers.emplace_back(BuildDocuments, std::ref(jobs), std::ref(built));
  Status visited = store.ForEachChangedSince(after, [&](const StoredStudy& stored) {
    report.store_sequence = stored.change_sequence;
    return jobs.Push({stored.nct_id, stored.raw_json});
  });
  jobs.Close();
  for (std::thread& worker : workers) worker.join();
  built.Close();
  for (std::thread& writer : writers) writer.join();
  if (!visited.ok()) return visited;
  if (write_error) return *write_error;
  if (progress) progress(report.indexed);
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

// The failures an index records (see kFailuresKey); `not_listed` gets the
// count past kMaxRecordedFailures.
FailureMap ReadFailures(const Xapian::Database& database, std::int64_t* not_listed) {
  FailureMap failures;
  std::istringstream lines(database.get_metadata(kFailuresKey));
  std::string line;
  while (std::getline(lines, line)) {
    const std::size_t tab = line.find('\t');
    if (tab != std::string::npos) {
      failures[line.substr(0, tab)] = line.substr(tab + 1);
    } else if (line.size() > 1 && line[0] == '+') {
      *not_listed = std::atoll(line.c_str() + 1);
    }
  }
  return failures;
}

std::string FailureText(const FailureMap& failures, std::int64_t not_listed) {
  std::string text;
  std::size_t listed = 0;
  for (const auto& [nct_id, problem] : failures) {
    if (listed++ == kMaxRecordedFailures) break;
    std::string line = problem;
    std::replace(line.begin(), line.end(), '\n', ' ');
    text += nct_id + "\t" + line + "\n";
  }
  const std::int64_t past =
      not_listed +
      static_cast<std::int64_t>(failures.size() - std::min(failures.size(), kMaxRecordedFailures));
  if (past > 0) text += "+" + std::to_string(past) + "\n";
  return text;
}

// Records in `database` the store sequence it covers, its layout and the
// studies it could not hold, and commits. Xapian errors become Status.
Status RecordCoverage(Xapian::WritableDatabase& database, std::int64_t store_sequence,
                      const FailureMap& failures, std::int64_t failures_not_listed) {
  try {
    database.set_metadata(kSequenceKey, std::to_string(store_sequence));
    database.set_metadata(kFailuresKey, FailureText(failures, failures_not_listed));
    database.set_metadata(kLayoutKey, DocumentLayout());
    database.commit();
  } catch (const Xapian::Error& error) {
    return Status::IoError("search index: " + error.get_description());
  }
  return Status::Ok();
}

// Merges `shards` into a new index at `output` (one shard is just renamed;
// the caller removes the others); an empty index when there are none.
// Throws Xapian::Error.
void MergeShards(const std::vector<fs::path>& shards, const fs::path& output) {
  if (shards.empty()) {
    Xapian::WritableDatabase empty(output.string(),
                                   Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
    empty.close();
    return;
  }
  if (shards.size() == 1) {
    std::error_code error;
    fs::rename(shards.front(), output, error);
    if (error)
      throw Xapian::DatabaseError("cannot rename " + shards.front().string() + ": " +
                                  error.message());
    return;
  }
  Xapian::Database all;
  for (const fs::path& shard : shards) all.add_database(Xapian::Database(shard.string()));
  // In one pass: Xapian's DBCOMPACT_MULTIPASS, which merges postings a few
  // shards at a time into temporary tables, took 7.2-8.5 s to merge 100k
  // studies in 61 shards, against 4.4 s (xapian-compact, same shards).
  all.compact(output.string());
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
    if (database.get_metadata(kLayoutKey) != DocumentLayout()) {
      database.close();
      return RebuildIndex(store, index_path, progress);
    }
    const std::string recorded = database.get_metadata(kSequenceKey);
    const std::int64_t after = recorded.empty() ? 0 : std::stoll(recorded);
    std::int64_t not_listed = 0;
    FailureMap failures = ReadFailures(database, &not_listed);
    std::deque<IndexWriter> output;
    output.emplace_back(database);
    Result<IndexReport> report = IndexChanges(store, output, after, progress, failures);
    if (!report.ok()) return report;
    if (Status recorded_now =
            RecordCoverage(database, report->store_sequence, failures, not_listed);
        !recorded_now.ok()) {
      return recorded_now;
    }
    return report;
  } catch (const Xapian::Error& failure) {
    return Status::IoError("cannot open the search index " + index_path.string() + ": " +
                           failure.get_description() + " (try 'trialfinder reindex')");
  }
}

Result<IndexReport> RebuildIndex(const StudyStore& store, const fs::path& index_path,
                                 const IndexProgress& progress, const RebuildOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const fs::path parent = index_path.parent_path();
  const std::string name =
      "index-" + std::to_string(std::chrono::system_clock::now().time_since_epoch().count());
  const fs::path fresh = parent / name;
  const fs::path previous = StubTarget(index_path);
  // By default one writer per core. On 2 cores that bought little (600k:
  // 890 s of indexing against 952 s with one writer, the same day) for
  // more CPU time (user CPU 1,605 s against 1,583 s; 100k: 278 s against
  // 231 s), as threads sharing the cores slow each other down.
  const unsigned writers = options.writer_threads > 0
                               ? static_cast<unsigned>(options.writer_threads)
                               : std::max(1u, std::thread::hardware_concurrency());
  std::deque<IndexWriter> outputs;
  for (unsigned i = 1; i <= writers; ++i) {
    outputs.emplace_back(fresh.string() + ".writer-" + std::to_string(i),
                         std::max<std::int64_t>(options.studies_per_shard, 1));
  }
  std::vector<fs::path> shards;
  FailureMap failures;
  Result<IndexReport> report = Status::Internal("not run");
  try {
    report = IndexChanges(store, outputs, 0, progress, failures);
    for (IndexWriter& output : outputs) {
      output.CloseShards();
      shards.insert(shards.end(), output.shards().begin(), output.shards().end());
    }
    if (report.ok()) {
      MergeShards(shards, fresh);
      Xapian::WritableDatabase database(fresh.string(), Xapian::DB_OPEN);
      if (Status recorded = RecordCoverage(database, report->store_sequence, failures, 0);
          !recorded.ok())
        report = recorded;
    }
  } catch (const Xapian::Error& error) {
    report = Status::IoError("cannot create the search index in " + fresh.string() + ": " +
                             error.get_description());
  }
  std::error_code error;
  for (IndexWriter& output : outputs) {
    for (const fs::path& shard : output.shards()) fs::remove_all(shard, error);
  }
  if (!report.ok()) {
    fs::remove_all(fresh, error);
    return report;
  }
  report->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // Swap the stub in one rename; readers opening "index" see old or new.
  const fs::path temporary = parent / "index.stub.tmp";
  {
    std::ofstream stub(temporary, std::ios::trunc);
    stub << "glass " << name << "\n";
    if (!stub) return Status::IoError("cannot write " + temporary.string());
  }
  fs::rename(temporary, index_path, error);
  if (error)
    return Status::IoError("cannot replace " + index_path.string() + ": " + error.message());
  // Drop older generations, keeping the one just replaced for open readers.
  for (const auto& entry : fs::directory_iterator(parent, error)) {
    const std::string entry_name = entry.path().filename().string();
    if (entry_name.rfind("index-", 0) == 0 && entry.path() != fresh && entry.path() != previous) {
      fs::remove_all(entry.path(), error);
    }
  }
  return report;
}

Result<IndexState> ReadIndexState(const fs::path& index_path) {
  std::error_code error;
  if (!fs::exists(index_path, error))
    return Status::NotFound("no search index at " + index_path.string());
  try {
    Xapian::Database database(index_path.string());
    const std::string recorded = database.get_metadata(kSequenceKey);
    IndexState state;
    state.documents = static_cast<std::int64_t>(database.get_doccount());
    state.store_sequence = recorded.empty() ? 0 : std::stoll(recorded);
    for (auto& [nct_id, problem] : ReadFailures(database, &state.failures_not_listed)) {
      state.failures.push_back({nct_id, std::move(problem)});
    }
    return state;
  } catch (const Xapian::Error& failure) {
    return Status::IoError("cannot open the search index " + index_path.string() + ": " +
                           failure.get_description());
  }
}

}  // namespace trialfinder
