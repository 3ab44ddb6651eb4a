#!/usr/bin/env bash
# Makes contracts/baseline/ the contracts of a release: builds NetInfoSuite.Contracts and NetInfoSuite.Ui as they
# are at a git ref (default HEAD) in a scratch folder and copies the assemblies and the version beside the sources.
# Every later build checks its contracts against them (contracts/Directory.Build.props). Run it when a contracts
# version is released, and commit the result with the release: see docs/modules.md, "Contracts and their version".
set -euo pipefail
cd "$(dirname "$0")/.."
ref=${1:-HEAD}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

git archive "$ref" contracts Directory.Build.props Directory.Packages.props global.json nuget.config | tar -x -C "$work"
# The release is built as it was, without checking it against its own predecessor.
dotnet build "$work/contracts/NetInfoSuite.Ui/NetInfoSuite.Ui.csproj" -c Release -nologo -clp:ErrorsOnly \
  -p:ApiCompatValidateAssemblies=false -p:ContractsBaselineCheck=false
out="$work/contracts"
cp "$out/NetInfoSuite.Contracts/bin/Release/net10.0/NetInfoSuite.Contracts.dll" contracts/baseline/
cp "$out/NetInfoSuite.Ui/bin/Release/net10.0/NetInfoSuite.Ui.dll" contracts/baseline/
grep -oP 'Version = "\K[0-9]+\.[0-9]+' "$out/NetInfoSuite.Contracts/ContractsInfo.cs" > contracts/baseline/VERSION
echo "contracts/baseline/ now holds contracts $(cat contracts/baseline/VERSION) from $(git rev-parse --short "$ref")"
