#!/usr/bin/env bash
# One command from a fresh clone to a running NetInfoSuite: installs what is missing, restores and builds
# (which publishes every module into the host's plugins folder), then starts the host on its embedded
# PostgreSQL (data in ./.netinfo/pg) and prints the URL. Extra arguments go to the host, e.g.
#   tools/run.sh --Urls=http://0.0.0.0:8080 --NetInfo:Modules=directory
#
#   tools/run.sh --demo   the same, on its own database (./.netinfo/demo/pg, empty the first time): starts the host,
#                         waits until it is ready, seeds the city of 牡丹江 through the API (tools/netinfo seed) and
#                         prints whom to sign in as. Run again, it keeps the data (the seed doubles nothing).
set -euo pipefail
cd "$(dirname "$0")/.."

demo=false
if [ "${1:-}" = "--demo" ]; then demo=true; shift; fi

tools/setup.sh
dotnet build NetInfoSuite.sln -c Release -nologo -clp:ErrorsOnly
host=host/NetInfoSuite.Host/bin/Release/net10.0/NetInfoSuite.Host.dll
if [ "$demo" = false ]; then
  exec dotnet "$host" "$@"
fi

url="${NETINFO_DEMO_URL:-http://127.0.0.1:5080}"
mkdir -p .netinfo/demo
secret=.netinfo/demo/admin-password
if [ ! -s "$secret" ]; then
  # The demo administrator's password: chosen here (not printed by the host) so the seed can sign in; kept only in
  # this file, readable by this user alone.
  (umask 077; printf 'Demo#%s' "$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')" > "$secret")
fi
password="$(cat "$secret")"

dotnet "$host" --Urls="$url" --NetInfo:Database:DataDir=.netinfo/demo/pg --NetInfo:Admin:InitialPassword="$password" "$@" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' INT TERM EXIT

echo "demo: waiting for $url/health/ready …"
for _ in $(seq 1 300); do
  if curl -fsS "$url/health/ready" >/dev/null 2>&1; then break; fi
  if ! kill -0 $pid 2>/dev/null; then echo "demo: the host stopped before it was ready" >&2; exit 1; fi
  sleep 1
done
curl -fsS "$url/health/ready" >/dev/null

NETINFO_PASSWORD="$password" dotnet tools/NetInfoSuite.Cli/bin/Release/net10.0/netinfo.dll seed --scale city --url "$url" --login admin

cat <<TEXT

==============================================================================
 NetInfoSuite demo: 牡丹江市 seeded.  Open $url in a browser.
 Sign in as:  admin  /  $password   (system administrator, the whole city)
 The users created above (cityadmin, dongan.admin, dongan.grid …) sign in with the
 one-time passwords printed in the table and choose their own at first sign-in.
 Data: ./.netinfo/demo/pg.  Ctrl+C stops the host.
==============================================================================
TEXT
wait $pid
