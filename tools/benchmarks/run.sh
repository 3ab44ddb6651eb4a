#!/usr/bin/env bash
# Runs the end-to-end benchmarks against a real (embedded, durable) PostgreSQL and prints a Markdown table.
#   tools/benchmarks/run.sh            full run (Release build), a minute or so
#   tools/benchmarks/run.sh --quick    smoke run in seconds (CI runs it so the benchmarks never rot)
set -euo pipefail
cd "$(dirname "$0")/../.."
config=Release
if [ "${1:-}" = "--quick" ]; then config=Debug; fi
dotnet build NetInfoSuite.sln -c $config -nologo -clp:ErrorsOnly >/dev/null
dotnet tools/benchmarks/NetInfoSuite.Benchmarks/bin/$config/net10.0/NetInfoSuite.Benchmarks.dll "$@"
