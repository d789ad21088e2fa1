#!/usr/bin/env bash
# Runs every test of the solution. Installs the real servers the integration tests start
# (BIND named and its tools, nginx) when they are missing, builds, tests, and ends with one
# line "N passed, N failed". Every test runs against the IL build; the tests that run the srvprov
# binary (test classes marked [Trait("Category", "Binary")]) run again against the Native AOT
# executable that ships. Exit code: 0 only when every test passed.
set -uo pipefail
cd "$(dirname "$0")/.."

need=()
command -v named >/dev/null 2>&1 || [ -x /usr/sbin/named ] || need+=(bind9)
command -v named-checkzone >/dev/null 2>&1 || need+=(bind9-utils)
[ -x /usr/sbin/knotd ] || need+=(knot)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v caddy >/dev/null 2>&1 || [ -x /usr/bin/caddy ] || need+=(caddy)
[ -x /usr/sbin/apache2 ] || need+=(apache2)
command -v pebble >/dev/null 2>&1 || need+=(pebble)
command -v certbot >/dev/null 2>&1 || need+=(certbot)
command -v lego >/dev/null 2>&1 || need+=(lego)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing test servers: ${need[*]}"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# The Debian packages may start their services; the tests leave the machine's own services
# alone (never stop or start them) and run their own instances on free loopback ports.

# Native AOT (the executable the RID-specific tool package ships) links with clang or gcc.
if ! command -v clang >/dev/null 2>&1 && ! command -v gcc >/dev/null 2>&1; then
  echo "Installing a native linker for the Native AOT build: clang zlib1g-dev"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends clang zlib1g-dev >/dev/null
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 NO_COLOR=1
log=$(mktemp)
total_passed=0
total_failed=0
ok=1

# count LABEL STATUS: adds one run's "Passed: N" / "Failed: N" lines to the totals.
count() {
  local passed failed
  passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
  failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
  if [ "$2" -ne 0 ] && [ "$failed" -eq 0 ]; then
    # The build or a test host failed before any test could report.
    failed=1
  fi
  echo "$1: ${passed} passed, ${failed} failed"
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  if [ "$2" -ne 0 ] || [ "$failed" -ne 0 ]; then ok=0; fi
}

# 1. Every test; the CLI tests run `dotnet srvprov.dll` (what `dotnet run` and the
#    framework-dependent `any` tool package run).
dotnet test SrvProvisioner.sln -c Release "$@" 2>&1 | tee "$log"
count "IL build" "${PIPESTATUS[0]}"

# 2. The tests that run the binary, against the Native AOT executable (what the RID-specific
#    tool package ships) as a child process through SRVPROV_TEST_EXECUTABLE. Only they differ
#    between the builds: every other test runs the product's code in-process, already run above.
rid=$(dotnet --info | awk '/^ *RID:/ {print $2; exit}')
native_dir=$PWD/artifacts/native/$rid
if dotnet publish src/SrvProvisioner.Cli -c Release -r "$rid" -o "$native_dir" 2>&1 | tee "$log" | grep -E 'error|->'; [ "${PIPESTATUS[0]}" -eq 0 ]; then
  SRVPROV_TEST_EXECUTABLE="$native_dir/srvprov" dotnet test SrvProvisioner.sln -c Release --no-build --filter "Category=Binary" "$@" 2>&1 | tee "$log"
  count "Native AOT build ($rid)" "${PIPESTATUS[0]}"
else
  echo "error: the Native AOT publish failed (see above); it needs clang or gcc (apt-get install -y clang zlib1g-dev)"
  total_failed=$((total_failed + 1))
  ok=0
fi

rm -f "$log"
echo
echo "${total_passed} passed, ${total_failed} failed"
[ "$ok" -eq 1 ]
