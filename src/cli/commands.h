// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// CLI subcommands. Each Register* function adds its subcommands to the app
// and to the registry, which runs the one the user chose.

#ifndef TRIALFINDER_CLI_COMMANDS_H_
#define TRIALFINDER_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <nlohmann/json.hpp>
#include <string_view>
#include <utility>
#include <vector>

#include "trialfinder/index.h"
#include "trialfinder/status.h"
#include "trialfinder/store.h"
#include "trialfinder/version.h"

namespace trialfinder::cli {

// Exit codes: 0 success, 1 the job failed, 2 bad usage or input (CLI11 uses
// its own codes for argument errors), 3 partly done (some records rejected,
// or stored but left out of the search index).
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitPartial = 3;

class CommandRegistry {
 public:
  void Add(CLI::App* subcommand, std::function<int()> run) {
    commands_.emplace_back(subcommand, std::move(run));
  }
  // Runs the parsed subcommand; returns its exit code.
  int Run(const CLI::App& /*app*/) const {
    for (const auto& [subcommand, run] : commands_) {
      if (subcommand->parsed()) return run();
    }
    return kExitBadInput;
  }

 private:
  std::vector<std::pair<CLI::App*, std::function<int()>>> commands_;
};

// Prints "trialfinder: MESSAGE" on stderr; returns the exit code for it.
int Fail(const Status& status);

// Prints, on stderr, each study the index left out and why (at most
// `most`, then how many more).
void PrintIndexFailures(const std::vector<IndexFailure>& failures, std::size_t most = 20);

// ingest, show, stats.
void RegisterStoreCommands(CLI::App& app, CommandRegistry& registry);

// search, related, reindex.
void RegisterSearchCommands(CLI::App& app, CommandRegistry& registry);

// criteria.
void RegisterCriteriaCommand(CLI::App& app, CommandRegistry& registry);

// match, eval rank, eval criteria.
void RegisterMatchCommands(CLI::App& app, CommandRegistry& registry);

// `prescreen`: one trial against many patients (prescreen_command.cc).
void RegisterPrescreenCommand(CLI::App& app, CommandRegistry& registry);

// `sync`: the store from an API v2 upstream (sync_command.cc).
void RegisterSyncCommand(CLI::App& app, CommandRegistry& registry);

// The store's last sync, for `stats`: printed as lines, or as JSON (null
// before the first sync).
// `db` is the store's directory (a sync in progress holds its lock).
void PrintSyncState(const StudyStore& store, const std::filesystem::path& db);
nlohmann::ordered_json SyncStateJson(const StudyStore& store, const std::filesystem::path& db);

// serve.
void RegisterServeCommand(CLI::App& app, CommandRegistry& registry);

// editor add, readability
void RegisterPlainCommands(CLI::App& app, CommandRegistry& registry);

}  // namespace trialfinder::cli

#endif  // TRIALFINDER_CLI_COMMANDS_H_
