#!/usr/bin/env bash
# Packs srvprov as .NET 10 RID-specific tool packages into artifacts/nupkg:
#   SrvProvisioner.<version>.nupkg        the pointer package `dotnet tool install` asks for
#   SrvProvisioner.any.<version>.nupkg    framework-dependent fallback (any OS with .NET 10)
#   SrvProvisioner.<rid>.<version>.nupkg  Native AOT executable for this machine's RID
# Native AOT cannot cross-compile between operating systems: run this on each platform
# (linux-x64, linux-arm64, osx-arm64, osx-x64, win-x64) and publish all packages together.
# https://learn.microsoft.com/dotnet/core/tools/rid-specific-tools
set -euo pipefail
cd "$(dirname "$0")/.."
rid=${1:-$(dotnet --info | awk '/^ *RID:/ {print $2; exit}')}
project=src/SrvProvisioner.Cli/SrvProvisioner.Cli.csproj
dotnet pack "$project" -c Release
dotnet pack "$project" -c Release -r any
dotnet pack "$project" -c Release -r "$rid"
ls -1 artifacts/nupkg
