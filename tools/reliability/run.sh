#!/usr/bin/env bash
# The reliability suite (issue 20): the host killed mid-operation, PostgreSQL stopped and started under load, several
# instances on one database, a backup under load, a simulated day on a fast clock (memory, connections, plugin cycles);
# every operation judged complete or absent afterwards. Exits non-zero when a goal is missed.
#   tools/reliability/run.sh            full run (Release build, ≥ 20 kills per operation): writes docs/reliability.md (commit it)
#   tools/reliability/run.sh --quick    smoke run (Debug, 3 kills per operation, small sizes): writes artifacts/reliability-quick.md;
#                                       CI runs it
#   … --only crash,database             some sections only (crash, database, instances, backup, day); writes artifacts/reliability-partial.md
#   … --seed 1234                       the random moments of an earlier run again (its report names its seed)
#   … --kills 20                        kills per crash operation (database restarts: a quarter of it), at the mode's sizes
set -euo pipefail
cd "$(dirname "$0")/../.."
config=Release
out=docs/reliability.md
if [[ " $* " == *" --quick "* ]]; then config=Debug; out=artifacts/reliability-quick.md; fi
if [[ " $* " == *" --only "* ]]; then out=artifacts/reliability-partial.md; fi
mkdir -p artifacts
dotnet build NetInfoSuite.sln -c $config -nologo -clp:ErrorsOnly >/dev/null
dotnet tools/reliability/NetInfoSuite.Reliability/bin/$config/net10.0/NetInfoSuite.Reliability.dll --out "$out" "$@"
