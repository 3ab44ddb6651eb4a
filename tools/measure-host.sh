#!/usr/bin/env bash
# Figures for the host (issue 2): first start including initdb, start-to-ready on an initialized
# embedded database (all modules vs none, side by side), idle resident memory, and the test suite's time.
# Times are wall-clock from launching the process to the first 200 from /health/ready.
#   tools/measure-host.sh [runs]     (builds Release first; writes nothing, prints a Markdown table)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
dotnet build NetInfoSuite.sln -c Release -nologo -clp:ErrorsOnly >/dev/null
dll=$PWD/host/NetInfoSuite.Host/bin/Release/net10.0/NetInfoSuite.Host.dll
work=$(mktemp -d /tmp/netinfo-measure-XXXXXX)
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT

# start_host <modules> -> prints "seconds rss_mb"; leaves the data folder for the next start
start_host() {
  local port=$((20000 + RANDOM % 20000)) t0 t1 pid rss
  t0=$(date +%s.%N)
  (cd "$work" && exec dotnet "$dll" --Urls=http://127.0.0.1:$port --NetInfo:Modules="$1" >"$work/host.log" 2>&1) &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready"; do
    sleep 0.02
    kill -0 $pid 2>/dev/null || { cat "$work/host.log" >&2; exit 1; }
  done
  t1=$(date +%s.%N)
  sleep 5 # idle
  rss=$(awk '/VmRSS/{printf "%.0f", $2/1024}' /proc/$pid/status)
  kill -TERM $pid; wait $pid || true
  echo "$(awk "BEGIN{print $t1 - $t0}") $rss"
}

median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }

read -r first first_rss < <(start_host '*')
all=(); none=(); rss_all=()
for _ in $(seq "$runs"); do
  read -r s r < <(start_host '*'); all+=("$s"); rss_all+=("$r")
  read -r s _ < <(start_host 'none'); none+=("$s")
done
all_med=$(printf '%s\n' "${all[@]}" | median)
none_med=$(printf '%s\n' "${none[@]}" | median)
rss_med=$(printf '%s\n' "${rss_all[@]}" | median)

dotnet build NetInfoSuite.sln -nologo -clp:ErrorsOnly >/dev/null
suite_t0=$(date +%s.%N)
dotnet test --solution NetInfoSuite.sln --no-build >/dev/null 2>&1
suite=$(awk "BEGIN{print $(date +%s.%N) - $suite_t0}")

cat <<TABLE
| figure | measured | goal |
|---|---|---|
| first start, including initdb | $(printf %.2f "$first") s | < 15 s |
| start to ready, initialized embedded database, all modules (median of $runs) | $(printf %.2f "$all_med") s | < 3 s |
| same host with no module selected (median of $runs, reference) | $(printf %.2f "$none_med") s | |
| modules' share of start-up (all / none) | $(awk "BEGIN{printf \"%.2f\", $all_med / $none_med}") | |
| idle resident memory, all modules (median of $runs) | ${rss_med} MB | < 200 MB |
| full test suite (dotnet test --no-build) | $(printf %.1f "$suite") s | < 180 s |

Machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB, $(uname -r), .NET $(dotnet --version), PostgreSQL $(ls /usr/lib/postgresql | sort -n | tail -1).
TABLE
