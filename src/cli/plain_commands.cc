// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// `trialfinder editor add`: create an editor account (or reset its password).
// `trialfinder readability`: Flesch-Kincaid grade of the generated patient
// pages against the registry's own summaries, over the whole store.

#include <fmt/core.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>

#include "cli/commands.h"
#include "trialfinder/criteria.h"
#include "trialfinder/editorial.h"
#include "trialfinder/index.h"
#include "trialfinder/match.h"
#include "trialfinder/plain.h"
#include "trialfinder/search.h"
#include "trialfinder/store.h"
#include "trialfinder/study_json.h"

namespace trialfinder::cli {
namespace {

// One line from stdin, not echoed when stdin is a terminal.
std::string ReadPassword() {
  termios saved{};
  const bool terminal = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0;
  if (terminal) {
    fmt::print(stderr, "Password: ");
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string password;
  std::getline(std::cin, password);
  if (terminal) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    fmt::print(stderr, "\n");
  }
  return password;
}

int RunEditorAdd(const std::string& db, const std::string& name) {
  Result<std::unique_ptr<EditorialStore>> store = EditorialStore::Open(db);
  if (!store.ok()) return Fail(store.status());
  Status set = (*store)->SetEditor(name, ReadPassword());
  if (!set.ok()) return Fail(set);
  fmt::print("editor {} can now log in at /editor/login\n", name);
  return 0;
}

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const std::size_t middle = values.size() / 2;
  return values.size() % 2 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

int RunReadability(const std::string& db) {
  Result<std::unique_ptr<StudyStore>> store = StudyStore::Open(db, StudyStore::Mode::kReadOnly);
  if (!store.ok()) return Fail(store.status());
  Result<std::unique_ptr<SearchIndex>> index = SearchIndex::Open(IndexPath(db));
  if (!index.ok()) return Fail(index.status());
  Result<CriteriaLexicon> lexicon = RegistryLexicon(**index);
  if (!lexicon.ok()) return Fail(lexicon.status());
  std::vector<double> generated;
  std::vector<double> registry;
  std::size_t at_most_eight = 0;
  Status visited = (*store)->ForEachChangedSince(0, [&](const StoredStudy& stored) {
    Result<Study> study = ParseStudyJson(stored.raw_json, StoredRecordLimits());
    if (!study.ok()) return true;
    const PlainPage page =
        BuildPlainPage(*study, ParseStudyCriteria(*study, *lexicon), LayTerms::Builtin());
    const auto ours = FleschKincaidGrade(page.GeneratedProse());
    const auto theirs = FleschKincaidGrade(study->protocol.description.brief_summary);
    if (ours && theirs) {  // pairs only: both sides over the same studies
      generated.push_back(*ours);
      registry.push_back(*theirs);
      if (*ours <= 8.0) ++at_most_eight;
    }
    return true;
  });
  if (!visited.ok()) return Fail(visited);
  if (generated.empty()) return Fail(Status::NotFound("no study with a brief summary in " + db));
  fmt::print("studies measured: {}\n", generated.size());
  fmt::print("generated pages at grade 8 or below: {} ({:.1f}%)\n", at_most_eight,
             100.0 * static_cast<double>(at_most_eight) / static_cast<double>(generated.size()));
  fmt::print("median Flesch-Kincaid grade, registry brief summary: {:.1f}\n", Median(registry));
  fmt::print("median Flesch-Kincaid grade, generated plain-language text: {:.1f}\n",
             Median(generated));
  return 0;
}

}  // namespace

void RegisterPlainCommands(CLI::App& app, CommandRegistry& registry) {
  auto db = std::make_shared<std::string>();
  auto name = std::make_shared<std::string>();
  CLI::App* editor = app.add_subcommand("editor", "Manage editor accounts of the patient pages");
  editor->require_subcommand(1);
  CLI::App* add =
      editor->add_subcommand("add", "Create an editor, or set a new password (read from stdin)");
  add->add_option("--db", *db, "Database directory")->required();
  add->add_option("--name", *name, "Editor name (3-40 letters, digits, . - _)")->required();
  registry.Add(add, [db, name] { return RunEditorAdd(*db, *name); });

  auto readability_db = std::make_shared<std::string>();
  CLI::App* readability = app.add_subcommand(
      "readability",
      "Median Flesch-Kincaid grade of generated patient pages vs the registry's summaries");
  readability->add_option("--db", *readability_db, "Database directory")->required();
  registry.Add(readability, [readability_db] { return RunReadability(*readability_db); });
}

}  // namespace trialfinder::cli
