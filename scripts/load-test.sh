#!/usr/bin/env bash
# Load test: HMAC-signed GET /api/v1/account against its unauthenticated twin, same app, same generator (wrk), same run.
#   scripts/load-test.sh [SECONDS] [CONNECTIONS] [ROUNDS]
# Starts the app (Release, SQLite in a temporary folder) on loopback and creates a key with the command line. Warms
# both endpoints first (LOADTEST_WARMUP seconds each, default SECONDS): until the runtime has compiled their code to
# its optimised tier, a run measures the JIT as much as the app. Then ROUNDS rounds each run both endpoints for
# SECONDS, alternating which goes first; every signed run gets its own pool of requests signed just before it (a fresh
# nonce each), so wrk does no cryptography and never replays. Prints requests/s, p50, p99 and the app's CPU time
# per request for each run, the median ratio signed/unauthenticated and the median CPU time signing adds. The CPU
# figure is the steadier one on a shared machine: a neighbour taking the cores for a while lowers requests/s, but
# hardly what each request costs the app.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-32}
rounds=${3:-3}
warmup=${LOADTEST_WARMUP:-$seconds}
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

url="http://127.0.0.1:$port"
# More pre-signed requests than one run can send (the unauthenticated twin stays below 30,000 per second here).
sign() { dotnet ApiKeys.Benchmarks/bin/Release/net10.0/ApiKeys.Benchmarks.dll presign "$url/api/v1/account" "$(( $1 * 40000 ))" >"$work/signed.tsv"; }
# The twin gets the very same signed requests (it ignores the headers), so both runs cost wrk and Kestrel the same.
# The app's CPU time so far (user + system, in clock ticks), to tell its cost per request apart from the machine's noise.
app_cpu() { awk '{ print $14 + $15 }' "/proc/$app_pid/stat"; }
ticks=$(getconf CLK_TCK)
run() {
  local result cpu_before cpu_after
  cpu_before=$(app_cpu)
  result=$(APIKEYS_SIGNED="$work/signed.tsv" wrk -t1 -c"$connections" -d"$2s" -s scripts/load-test.lua "$url$1" | grep '^RESULT')
  cpu_after=$(app_cpu)
  read -r _ rps p50 p99 errors total <<<"$result"
  if [ "$errors" != 0 ]; then echo "$1: $errors requests were refused; see $work/app.log" >&2; exit 1; fi
  if [ "$total" -gt "$(wc -l <"$work/signed.tsv")" ]; then echo "$1: the run outgrew its pool of pre-signed requests" >&2; exit 1; fi
  echo "$rps $p50 $p99 $(awk -v c=$(( cpu_after - cpu_before )) -v t="$ticks" -v n="$total" 'BEGIN { printf "%.1f", c / t * 1e6 / n }')"
}

sign "$warmup"
run /load-test/account "$warmup" >/dev/null
run /api/v1/account "$warmup" >/dev/null

printf '%-6s %-16s %12s %10s %10s %12s\n' round endpoint "requests/s" "p50 ms" "p99 ms" "app CPU µs"
: >"$work/rounds"
for round in $(seq 1 "$rounds"); do
  sign "$seconds"
  if [ $(( round % 2 )) = 1 ]; then
    anon=$(run /load-test/account "$seconds"); hmac=$(run /api/v1/account "$seconds")
  else
    hmac=$(run /api/v1/account "$seconds"); anon=$(run /load-test/account "$seconds")
  fi
  read -r anon_rps anon_p50 anon_p99 anon_cpu <<<"$anon"
  read -r hmac_rps hmac_p50 hmac_p99 hmac_cpu <<<"$hmac"
  printf '%-6s %-16s %12s %10s %10s %12s\n' "$round" unauthenticated "$anon_rps" "$anon_p50" "$anon_p99" "$anon_cpu" \
    "$round" hmac-signed "$hmac_rps" "$hmac_p50" "$hmac_p99" "$hmac_cpu"
  echo "$anon_rps $hmac_rps $anon_cpu $hmac_cpu" >>"$work/rounds"
done
# median EXPRESSION LABEL FORMAT: the median over the rounds of an awk expression of a round's line.
median() {
  awk "{ printf \"%.6f\\n\", $1 }" "$work/rounds" | sort -g | awk -v label="$2" -v format="$3" '{ r[NR] = $1 }
    END { printf "%s, median of %d rounds: " format "\n", label, NR, NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2 }'
}
median '$2 / $1' "ratio signed/unauthenticated" "%.3f"
median '$4 - $3' "app CPU added by signing" "%.1f µs per request"
