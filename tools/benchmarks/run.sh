#!/usr/bin/env bash
# The benchmark suite (issue 8): every speed target beside its baseline, measured in the same run, on a durable
# embedded PostgreSQL; writes one Markdown report.
#   tools/benchmarks/run.sh            full run (Release build, ~10 min): writes docs/benchmarks.md (commit it)
#   tools/benchmarks/run.sh --quick    smoke run (Debug, small sizes, ~2 min): writes artifacts/benchmarks-quick.md;
#                                      CI runs it so the cases never rot
#   … --only fan-out,feedback          some cases only (micro, pipeline, console, fan-out, feedback, rankings, import, rules, inspection, registry, host, seed; upgrades and province only when named)
set -euo pipefail
cd "$(dirname "$0")/../.."
config=Release
out=docs/benchmarks.md
if [[ " $* " == *" --quick "* ]]; then config=Debug; out=artifacts/benchmarks-quick.md; fi
if [[ " $* " == *" --only "* ]]; then out=artifacts/benchmarks-partial.md; fi
mkdir -p artifacts
dotnet build NetInfoSuite.sln -c $config -nologo -clp:ErrorsOnly >/dev/null
dotnet tools/benchmarks/NetInfoSuite.Benchmarks/bin/$config/net10.0/NetInfoSuite.Benchmarks.dll --out "$out" "$@"
echo "benchmarks: report written to $out" >&2
