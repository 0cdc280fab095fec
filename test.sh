#!/usr/bin/env bash
# Runs every test of the solution. Azurite (the pinned npm package) is started here when nothing
# listens on its ports, shared by all test assemblies (they run in parallel), and stopped at the end;
# an Azurite that was already running is used and left alone. Extra arguments go to `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")"

[ -f node_modules/azurite/dist/src/azurite.js ] || npm ci --no-audit --no-fund --loglevel=error

listening() { (exec 3<>/dev/tcp/127.0.0.1/10002) 2>/dev/null; }
azurite_pid=""
if ! listening; then
  mkdir -p .azurite
  node node_modules/azurite/dist/src/azurite.js --silent --skipApiVersionCheck --disableTelemetry --loose \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 --inMemoryPersistence \
    >.azurite/test-run.log 2>&1 &
  azurite_pid=$!
  trap '[ -n "$azurite_pid" ] && kill -TERM "$azurite_pid" 2>/dev/null; wait "$azurite_pid" 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do listening && break; sleep 0.2; done
  listening || { echo "Azurite did not start; see .azurite/test-run.log" >&2; exit 1; }
fi

dotnet test Triage.sln "$@"
