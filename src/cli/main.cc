// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// The `trialfinder` command: one binary, one subcommand per job.

#include <unistd.h>

#include <fmt/core.h>
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"trialfinder: find the clinical trials a person could join"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string(trialfinder::kTrialfinderVersionText));
  trialfinder::cli::CommandRegistry registry;
  trialfinder::cli::RegisterStoreCommands(app, registry);
  trialfinder::cli::RegisterSearchCommands(app, registry);
  trialfinder::cli::RegisterCriteriaCommand(app, registry);
  trialfinder::cli::RegisterMatchCommands(app, registry);
  trialfinder::cli::RegisterPrescreenCommand(app, registry);
  trialfinder::cli::RegisterSyncCommand(app, registry);
  trialfinder::cli::RegisterServeCommand(app, registry);
  trialfinder::cli::RegisterPlainCommands(app, registry);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error);
  }
  return registry.Run(app);
}
