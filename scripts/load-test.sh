#!/usr/bin/env bash
# Load test: HMAC-signed GET /api/v1/account against its unauthenticated twin, same app, same generator (wrk), same run.
#   scripts/load-test.sh [SECONDS] [CONNECTIONS]
# Starts the app (Release, SQLite in a temporary folder) on loopback, creates a key with the command line, pre-signs a
# pool of requests (a fresh nonce each), runs wrk against both endpoints and prints requests/s, p50, p99 and the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-32}
port=${LOADTEST_PORT:-5391}
command -v wrk >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null; }

work=$(mktemp -d)
app_pid=""
cleanup() { if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null; wait "$app_pid" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT

dotnet build -c Release ApiKeys.Admin >/dev/null
dotnet build -c Release ApiKeys.Benchmarks >/dev/null
export ASPNETCORE_ENVIRONMENT=Production
export ConnectionStrings__ApiKeys="Data Source=$work/loadtest.db"
export Bootstrap__AdminPassword="Load-test-password-1"
export LoadTest__Enabled=true
export Logging__LogLevel__Default=Warning
admin=ApiKeys.Admin/bin/Release/net10.0/ApiKeys.Admin.dll
dotnet "$admin" roles create Integrations --api-calls >/dev/null
dotnet "$admin" accounts create --login load.test --display-name "Load test" --role Integrations >/dev/null
key=$(dotnet "$admin" keys create --account load.test --expires "$(date -u -d '+1 day' +%Y-%m-%dT%H:%M:%SZ)" --json)
APIKEYS_TOKEN=$(printf '%s' "$key" | sed -n 's/.*"token": "\([^"]*\)".*/\1/p')
APIKEYS_SECRET=$(printf '%s' "$key" | sed -n 's/.*"secret": "\([^"]*\)".*/\1/p')
export APIKEYS_TOKEN APIKEYS_SECRET

(cd ApiKeys.Admin && exec dotnet "bin/Release/net10.0/ApiKeys.Admin.dll" --urls "http://127.0.0.1:$port" >"$work/app.log" 2>&1) &
app_pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.2; done
kill -0 "$app_pid" 2>/dev/null || { echo "the app did not start (port $port in use?):" >&2; cat "$work/app.log" >&2; exit 1; }

# Warm both paths (JIT, caches) before measuring.
wrk -t1 -c"$connections" -d2s "http://127.0.0.1:$port/load-test/account" >/dev/null

pool=$(( seconds * 60000 ))
dotnet ApiKeys.Benchmarks/bin/Release/net10.0/ApiKeys.Benchmarks.dll presign "http://127.0.0.1:$port/api/v1/account" "$pool" >"$work/signed.tsv"

run() { APIKEYS_SIGNED=${2:-} wrk -t1 -c"$connections" -d"${seconds}s" -s scripts/load-test.lua "http://127.0.0.1:$port$1" | grep '^RESULT'; }
# The twin gets the very same signed requests (it ignores the headers), so both runs cost wrk and Kestrel the same.
read -r _ anon_rps anon_p50 anon_p99 anon_errors anon_total < <(run /load-test/account "$work/signed.tsv")
read -r _ hmac_rps hmac_p50 hmac_p99 hmac_errors hmac_total < <(run /api/v1/account "$work/signed.tsv")

printf '%-16s %12s %10s %10s %10s\n' endpoint "requests/s" "p50 ms" "p99 ms" "non-2xx"
printf '%-16s %12s %10s %10s %10s\n' unauthenticated "$anon_rps" "$anon_p50" "$anon_p99" "$anon_errors"
printf '%-16s %12s %10s %10s %10s\n' hmac-signed "$hmac_rps" "$hmac_p50" "$hmac_p99" "$hmac_errors"
awk -v a="$anon_rps" -v h="$hmac_rps" 'BEGIN { printf "ratio signed/unauthenticated: %.3f\n", h / a }'
[ "$hmac_total" -le "$pool" ] || echo "warning: the signed run outgrew its pool of $pool pre-signed requests" >&2
[ "$hmac_errors" = 0 ] || { echo "signed requests were refused: see $work/app.log" >&2; exit 1; }
