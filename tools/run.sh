#!/usr/bin/env bash
# One command from a fresh clone to a running NetInfoSuite: installs what is missing, restores and builds
# (which publishes every module into the host's plugins folder), then starts the host on its embedded
# PostgreSQL (data in ./.netinfo/pg) and prints the URL. Extra arguments go to the host, e.g.
#   tools/run.sh --Urls=http://0.0.0.0:8080 --NetInfo:Modules=directory
set -euo pipefail
cd "$(dirname "$0")/.."

tools/setup.sh
dotnet build NetInfoSuite.sln -c Release -nologo -clp:ErrorsOnly
exec dotnet host/NetInfoSuite.Host/bin/Release/net10.0/NetInfoSuite.Host.dll "$@"
