#!/usr/bin/env bash
# Produces a deployable folder: the host and the chosen plugins, ready to copy to a server and run with
# `dotnet NetInfoSuite.Host.dll` (see docs/deploy.md).
#   tools/publish.sh --out /srv/netinfosuite                        the host and every shared module
#   … --modules directory,grid-dispatch,account-matrix             only these shared modules
#   … --local jingpo-winter-fishing                                 a county's local plugin too (under plugins/tenants/<its tenant>/)
#   … --configuration Debug --no-build                              reuse what `dotnet build` made (the tests do this)
set -euo pipefail
cd "$(dirname "$0")/.."

out="" modules="*" locals="" config=Release build=""
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --modules) modules="$2"; shift 2 ;;
    --local) locals="$locals,$2"; shift 2 ;;
    --configuration|-c) config="$2"; shift 2 ;;
    --no-build) build="--no-build -p:BuildProjectReferences=false"; shift ;;
    *) echo "publish: unknown argument '$1' (see the top of tools/publish.sh)" >&2; exit 2 ;;
  esac
done
[ -n "$out" ] || { echo "publish: --out <folder> is required" >&2; exit 2; }
mkdir -p "$out"
out=$(cd "$out" && pwd)
if [ -e "$out/plugins" ]; then echo "publish: $out/plugins exists; publish into an empty folder" >&2; exit 2; fi

# A module's project names its tenant when it is a county's local plugin (PluginTenant); shared ones do not.
is_local() { grep -q '<PluginTenant>' "$1"; }
chosen=()
for project in modules/*/*.csproj; do
  id=$(basename "$(dirname "$project")")
  if is_local "$project"; then
    [[ ",$locals," == *",$id,"* ]] && chosen+=("$project")
  elif [ "$modules" = "*" ] || [[ ",$modules," == *",$id,"* ]]; then
    chosen+=("$project")
  fi
done
for id in ${modules//,/ } ${locals//,/ }; do
  [ "$id" = "*" ] || [ -d "modules/$id" ] || { echo "publish: there is no module '$id' under modules/" >&2; exit 2; }
done

echo "publish: host ($config) → $out"
dotnet publish host/NetInfoSuite.Host -c "$config" -o "$out" $build -nologo -v q -clp:ErrorsOnly
for project in "${chosen[@]}"; do
  echo "publish: plugin $(basename "$(dirname "$project")")"
  # Plugin.targets puts a module under <PluginsDir>/<id>/ (or tenants/<tenant>/<id>/ for a local plugin).
  dotnet publish "$project" -c "$config" $build -p:PluginsDir="$out/plugins/" -nologo -v q -clp:ErrorsOnly
done
# Settings belong to the deployment, not the build: no development database folder, no test plugins.
rm -rf "$out/.netinfo"
echo "publish: done. Run it with: cd <a data folder> && dotnet $out/NetInfoSuite.Host.dll --ConnectionStrings:Marten='Host=…;Database=…;Username=…;Password=…'"
