#!/usr/bin/env bash
# Runs the whole test suite: installs what is missing, builds everything (modules and test plugins are
# published to disk and loaded from there), and runs every test project against a real PostgreSQL that
# the test fixtures start. Extra arguments go to dotnet test.
set -euo pipefail
cd "$(dirname "$0")/.."

tools/setup.sh --tests
# Build the whole solution first: `dotnet test` alone builds only the test projects, and the plugins
# they load from disk would be missing or stale.
dotnet build NetInfoSuite.sln -nologo -clp:ErrorsOnly
dotnet test --solution NetInfoSuite.sln --no-build "$@"
