#!/usr/bin/env bash
# Load test: HMAC-signed GET /api/v1/account against its unauthenticated twin, same app, same generator (wrk), same run.
#   scripts/load-test.sh [--provider sqlite|postgres] [--replay-store memory|database|redis] [--instances 1|2] [--flood]
#                        [--unpinned] [--gateway] [SECONDS] [CONNECTIONS] [ROUNDS]
# --gateway: signed calls through the gateway (a route to nginx answering a fixed JSON body) against plain YARP with
# the same ReverseProxy section and no authentication (ApiKeys.Benchmarks plain-proxy), in front of the same nginx.
# Pinned (the default with 2 CPUs or more): the app alone on the first half of the CPUs (taskset), wrk and the stores
# on the rest, so the app's own cost is measured, not the machine's; --unpinned lets them share every CPU.
# LOADTEST_PERF=DIR: a perf profile of the app during each measured run, one file per run in DIR (needs perf).
# LOADTEST_COUNTERS=DIR: the runtime's counters of the app during each measured run (dotnet-counters, CSV: allocation
# rate, GC counts and pauses, thread pool), one file per run in DIR. With LOADTEST_PERF, scripts/perf-top.sh lists
# the dearest methods of a profile.
# Starts the app (Release) on loopback on the chosen database (SQLite in a temporary folder, or a throwaway
# PostgreSQL from scripts/postgres.sh, or the server in LOADTEST_POSTGRES) with the chosen replay store (Redis from
# scripts/redis.sh, or LOADTEST_REDIS), and creates a key with the command line. With --instances 2 it starts two
# instances on one database and drives both at once, one wrk each with half the connections.
# Warms both endpoints first (LOADTEST_WARMUP seconds each, default SECONDS): until the runtime has compiled their code
# to its optimised tier, a run measures the JIT as much as the app. Then ROUNDS rounds each run both endpoints for
# SECONDS, alternating which goes first; every signed run gets its own pool of requests signed just before it (a fresh
# nonce each), sized from the rate measured in the warm-up, so wrk does no cryptography and never replays.
# With --flood each round also runs the signed endpoint with every other request signed by a made-up keyid.
# Prints the machine, then requests/s, p50, p99 and the CPU time per request of the app (and of PostgreSQL or Redis)
# for each run, the median ratio signed/unauthenticated and the median CPU time signing adds. The CPU figures are the
# steadier ones on a shared machine: a neighbour taking the cores lowers requests/s, but hardly what a request costs.
set -euo pipefail
cd "$(dirname "$0")/.."

provider=sqlite store=database instances=1 flood=0 pinned=1 gateway=0
while [ $# -gt 0 ] && [ "${1#--}" != "$1" ]; do
  case $1 in
    --provider) provider=$2; shift 2 ;;
    --replay-store) store=$2; shift 2 ;;
    --instances) instances=$2; shift 2 ;;
    --flood) flood=1; shift ;;
    --unpinned) pinned=0; shift ;;
    --gateway) gateway=1; shift ;;
    *) echo "unknown option $1 (see the first lines of $0)" >&2; exit 2 ;;
  esac
done
case $provider in sqlite|postgres) ;; *) echo "--provider must be sqlite or postgres" >&2; exit 2 ;; esac
case $store in database|redis|memory) ;; *) echo "--replay-store must be database, redis or memory" >&2; exit 2 ;; esac
case $instances in 1|2) ;; *) echo "--instances must be 1 or 2" >&2; exit 2 ;; esac
if [ "$store" = memory ] && [ "$instances" = 2 ]; then echo "the memory replay store serves one instance only" >&2; exit 2; fi
if [ "$gateway" = 1 ] && { [ "$instances" != 1 ] || [ "$flood" = 1 ]; }; then echo "--gateway measures one instance, without a flood" >&2; exit 2; fi
seconds=${1:-10}
connections=${2:-32}
rounds=${3:-3}
warmup=${LOADTEST_WARMUP:-$seconds}
port=${LOADTEST_PORT:-5391}
command -v wrk >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null; }
cpus=$(nproc)
[ "$cpus" -ge 2 ] || pinned=0
if [ "$pinned" = 1 ]; then
  app_cpus="0-$(( cpus / 2 - 1 ))" rest_cpus="$(( cpus / 2 ))-$(( cpus - 1 ))"
  on_app=(taskset -c "$app_cpus") on_rest=(taskset -c "$rest_cpus")
else
  app_cpus="0-$(( cpus - 1 ))" rest_cpus=$app_cpus on_app=() on_rest=()
fi

work=$(mktemp -d)
pids=() pids_other=()
started_pg="" started_redis=""
cleanup() {
  for pid in "${pids[@]}" "${pids_other[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  [ -z "$started_pg" ] || bash scripts/postgres.sh stop "$work/pg" >/dev/null 2>&1 || true
  [ -z "$started_redis" ] || bash scripts/redis.sh stop "$work/redis" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores, SHA extensions: $([ "$(grep -c sha_ni /proc/cpuinfo || true)" -gt 0 ] && echo yes || echo no)"
echo "Configuration: $provider, $store replay store, $instances instance(s), $connections connections, ${seconds}s runs, $rounds rounds$([ $flood = 1 ] && echo ', with a flood of made-up keyids')$([ $gateway = 1 ] && echo ', through the gateway against plain YARP, nginx upstream')"
echo "CPUs: $([ "$pinned" = 1 ] && echo "pinned: the app on $app_cpus; wrk, PostgreSQL and Redis on $rest_cpus" || echo "unpinned: everything shares $app_cpus")"

dotnet build -c Release ApiKeys.Admin >/dev/null
dotnet build -c Release ApiKeys.Benchmarks >/dev/null
export ASPNETCORE_ENVIRONMENT=Production
export Bootstrap__AdminPassword="Load-test-password-1"
export LoadTest__Enabled=true
if [ -n "${LOADTEST_PERF:-}" ]; then mkdir -p "$LOADTEST_PERF"; export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0; fi
if [ -n "${LOADTEST_COUNTERS:-}" ]; then mkdir -p "$LOADTEST_COUNTERS"; dotnet tool restore >/dev/null; fi
export Logging__LogLevel__Default=Warning
# The flood's made-up keyids all come from loopback: without this, the address would be refused unchecked (429).
export RateLimits__RefusedApiCallsPerAddress__PermitLimit=0
export Authentication__Hmac__ReplayStore=$store
if [ "$provider" = postgres ]; then
  if [ -z "${LOADTEST_POSTGRES:-}" ]; then
    LOADTEST_POSTGRES=$("${on_rest[@]}" bash scripts/postgres.sh start "$work/pg" "${LOADTEST_PG_PORT:-55491}"); started_pg=1
  fi
  export Database__Provider=PostgreSql ConnectionStrings__ApiKeys="$LOADTEST_POSTGRES"
else
  export Database__Provider=Sqlite ConnectionStrings__ApiKeys="Data Source=$work/loadtest.db"
fi
if [ "$store" = redis ]; then
  if [ -z "${LOADTEST_REDIS:-}" ]; then
    LOADTEST_REDIS=$("${on_rest[@]}" bash scripts/redis.sh start "$work/redis" "${LOADTEST_REDIS_PORT:-56491}"); started_redis=1
  fi
  export ConnectionStrings__Redis="$LOADTEST_REDIS"
fi

if [ "$gateway" = 1 ]; then
  command -v nginx >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx-light >/dev/null; }
  upstream_port=${LOADTEST_UPSTREAM_PORT:-58491}
  mkdir -p "$work/nginx"
  cat >"$work/nginx/nginx.conf" <<NGINX
worker_processes 1; daemon off; pid $work/nginx/nginx.pid; error_log $work/nginx/error.log;
events { worker_connections 1024; }
http { access_log off; server { listen 127.0.0.1:$upstream_port; keepalive_requests 1000000;
  location / { default_type application/json; return 200 '{"id":42,"status":"shipped"}'; } } }
NGINX
  "${on_rest[@]}" nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" &
  pids_other+=($!)
  export ReverseProxy__Routes__orders__ClusterId=orders ReverseProxy__Routes__orders__Match__Path='/orders/{**rest}'
  export ReverseProxy__Clusters__orders__Destinations__one__Address="http://127.0.0.1:$upstream_port/"
fi

admin=ApiKeys.Admin/bin/Release/net10.0/ApiKeys.Admin.dll
dotnet "$admin" roles create Integrations --api-calls >/dev/null
dotnet "$admin" accounts create --login load.test --display-name "Load test" --role Integrations >/dev/null
key=$(dotnet "$admin" keys create --account load.test --expires "$(date -u -d '+1 day' +%Y-%m-%dT%H:%M:%SZ)" --json)
APIKEYS_TOKEN=$(printf '%s' "$key" | sed -n 's/.*"token": "\([^"]*\)".*/\1/p')
APIKEYS_SECRET=$(printf '%s' "$key" | sed -n 's/.*"secret": "\([^"]*\)".*/\1/p')
export APIKEYS_TOKEN APIKEYS_SECRET

for i in $(seq 0 $(( instances - 1 ))); do
  (cd ApiKeys.Admin && exec "${on_app[@]}" dotnet "bin/Release/net10.0/ApiKeys.Admin.dll" --urls "http://127.0.0.1:$(( port + i ))" >"$work/app-$i.log" 2>&1) &
  pids+=($!)
done
plain_pid=""
if [ "$gateway" = 1 ]; then
  # Plain YARP on the app's CPUs too (only one of the two is under load at a time), on the next port.
  "${on_app[@]}" dotnet ApiKeys.Benchmarks/bin/Release/net10.0/ApiKeys.Benchmarks.dll plain-proxy "http://127.0.0.1:$(( port + 1 ))" >"$work/plain.log" 2>&1 &
  plain_pid=$!; pids_other+=("$plain_pid")
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$(( port + 1 ))/orders/1" >/dev/null 2>&1 && break; sleep 0.2; done
fi
for i in $(seq 0 $(( instances - 1 ))); do
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$(( port + i ))/health" >/dev/null 2>&1 && break; sleep 0.2; done
  kill -0 "${pids[$i]}" 2>/dev/null || { echo "instance $i did not start (port $(( port + i )) in use?):" >&2; cat "$work/app-$i.log" >&2; exit 1; }
done

# CPU time so far (user + system, in clock ticks) of the app instances, and of the store's server processes.
cpu_of() { local total=0 pid; for pid in "$@"; do [ -r "/proc/$pid/stat" ] && total=$(( total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat") )); done; echo "$total"; }
store_pids() {
  local postmaster
  if [ -n "$started_pg" ]; then postmaster=$(head -1 "$work/pg/data/postmaster.pid"); echo "$postmaster $(pgrep -P "$postmaster" | tr '\n' ' ')"; fi
  if [ -n "$started_redis" ]; then cat "$work/redis/redis.pid"; fi
}
ticks=$(getconf CLK_TCK)
# The whole machine's CPU time so far, in clock ticks: busy (every process and the kernel, wrk included) and stolen by
# the hypervisor (time this VM wanted to run and could not: a neighbour's load).
machine_cpu() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat; }
# Busy and all ticks of the app's CPUs and of the rest, for the busy share of each side.
first_app=${app_cpus%-*} last_app=${app_cpus#*-}
side_cpu() { awk -v lo="$first_app" -v hi="$last_app" '/^cpu[0-9]/ { n = substr($1, 4) + 0; busy = $2 + $3 + $4 + $7 + $8; all = busy + $5 + $6 + $9
  if (n >= lo && n <= hi) { ab += busy; aa += all } else { rb += busy; ra += all } } END { print ab, aa, rb, ra }' /proc/stat; }

# Each instance's pool: signed for its own address (@authority), COUNT requests, every FORGED-th with a made-up keyid.
sign() {
  local count=$1 forged=${2:-0} i
  for i in $(seq 0 $(( instances - 1 ))); do
    "${on_rest[@]}" dotnet ApiKeys.Benchmarks/bin/Release/net10.0/ApiKeys.Benchmarks.dll presign "http://127.0.0.1:$(( port + i ))$signed" "$count" "$forged" >"$work/signed-$i.tsv"
  done
}
# run PATH SECONDS [ALLOWED_REFUSALS]: all instances at once; prints requests/s (sum), p50 and p99 (worst), app and
# store CPU µs per request, and requests refused. ALLOWED_REFUSALS=half lets half the requests be refused (--flood).
run() {
  local i app_before app_after store_before store_after machine_before machine_after rps=0 p50=0 p99=0 refused=0 total=0 line wrks=()
  local per=$(( connections / instances ))
  # The plain proxy's own runs measure the plain proxy: what answers is what is measured.
  local measured=("${pids[@]}") target_port=$port
  if [ "$gateway" = 1 ] && [ "$1" = "$twin" ]; then measured=("$plain_pid"); target_port=$(( port + 1 )); fi
  app_before=$(cpu_of "${measured[@]}"); store_before=$(cpu_of $(store_pids))
  for i in $(seq 0 $(( instances - 1 ))); do
    APIKEYS_SIGNED="$work/signed-$i.tsv" "${on_rest[@]}" wrk -t1 -c"$per" -d"$2s" -s scripts/load-test.lua "http://127.0.0.1:$(( target_port + i ))$1" >"$work/wrk-$i.out" &
    wrks+=($!)
  done
  # The machine's CPU over the run's middle (from its first second to one second before its end), so that wrk
  # reading its pool and the connections opening and closing are left out; per request at the run's mean rate.
  local window=$(( $2 > 2 ? $2 - 2 : 1 ))
  (sleep 1; machine_cpu; side_cpu; sleep "$window"; machine_cpu; side_cpu) >"$work/machine" &
  local sampler=$!
  if [ -n "${LOADTEST_COUNTERS:-}" ]; then
    "${on_rest[@]}" dotnet dotnet-counters collect -p "${measured[0]}" --counters System.Runtime --format csv --refresh-interval 1 \
      --duration "00:00:00:$(printf '%02d' $(( $2 - 1 )))" -o "$LOADTEST_COUNTERS/$(echo "$1" | tr '/?' '__')-$(date +%s).csv" >/dev/null 2>&1 &
  fi
  if [ -n "${LOADTEST_PERF:-}" ]; then
    # Profiles the app during the run; perf script then reads the runtime's perf maps for method names.
    perf record -q -F 999 -g -p "$(IFS=,; echo "${measured[*]}")" -o "$LOADTEST_PERF/$(echo "$1" | tr / _)-$(date +%s).data" -- sleep "$(( $2 - 1 ))" 2>/dev/null
  fi
  wait "${wrks[@]}"
  app_after=$(cpu_of "${measured[@]}"); store_after=$(cpu_of $(store_pids))
  wait "$sampler"; { read -r machine_before; read -r sides_before; read -r machine_after; read -r sides_after; } <"$work/machine"
  for i in $(seq 0 $(( instances - 1 ))); do
    line=$(grep '^RESULT' "$work/wrk-$i.out") || { echo "wrk failed: $(cat "$work/wrk-$i.out")" >&2; exit 1; }
    read -r _ r a b e n <<<"$line"
    # The twin ignores the signatures it carries; a signed run that ran out would be refused, so it must not.
    if [ "$1" != "$twin" ] && [ "$n" -gt "$(wc -l <"$work/signed-$i.tsv")" ]; then echo "$1: the run outgrew its pool of pre-signed requests" >&2; exit 1; fi
    rps=$(( rps + r )); refused=$(( refused + e )); total=$(( total + n ))
    p50=$(awk -v x="$a" -v y="$p50" 'BEGIN { print (x > y ? x : y) }'); p99=$(awk -v x="$b" -v y="$p99" 'BEGIN { print (x > y ? x : y) }')
  done
  if [ "${3:-}" = half ]; then
    # Every other request is forged; each connection may have one more of either kind in flight at the end.
    if [ $(( refused * 2 - total )) -gt "$connections" ] || [ $(( total - refused * 2 )) -gt "$connections" ]; then
      echo "$1: $refused of $total refused, not half; see $work/app-*.log" >&2; exit 1
    fi
  elif [ "$refused" != 0 ]; then
    echo "$1: $refused requests were refused; see $work/app-*.log" >&2; exit 1
  fi
  # Prints: requests/s p50 p99, then per request the CPU µs of the app, of the store and of the whole machine, then the
  # share of the machine's time that was busy and that was stolen, then requests refused and all requests, then the
  # busy share of the app's CPUs and of the others.
  echo "$rps $p50 $p99 $(awk -v c=$(( app_after - app_before )) -v s=$(( store_after - store_before )) -v t="$ticks" -v n="$total" \
    -v before="$machine_before" -v after="$machine_after" -v window="$window" -v rps="$rps" 'BEGIN { split(before, b, " "); split(after, a, " ")
      busy = a[1] - b[1]; steal = a[2] - b[2]; all = a[3] - b[3]
      printf "%.1f %.1f %.1f %.0f %.0f", c / t * 1e6 / n, s / t * 1e6 / n, busy / t * 1e6 / (rps * window), 100 * busy / all, 100 * steal / all }') $refused $total $(awk -v before="$sides_before" -v after="$sides_after" 'BEGIN { split(before, b, " "); split(after, a, " ")
      printf "%.0f %.0f", 100 * (a[1] - b[1]) / (a[2] - b[2] + 1e-9), 100 * (a[3] - b[3]) / (a[4] - b[4] + 1e-9) }')"
}

twin=/api/load-test/account # the unauthenticated twin of /api/v1/account (LoadTest:Enabled)
signed=/api/v1/account
if [ "$gateway" = 1 ]; then
  # The signed call through the gateway; its twin the same path through plain YARP (told apart by the port).
  signed=/orders/1 twin=/orders/1?plain
fi

# Warm-up: both endpoints until compiled, then the twin once more to measure the rate the pools are sized from.
sign $(( warmup * 40000 / instances ))
run "$twin" "$warmup" >/dev/null
run "$signed" "$warmup" >/dev/null
sign $(( warmup * 40000 / instances ))
pool=$(( $(run "$twin" "$warmup" | cut -d' ' -f1) * seconds * 2 / instances + 1000 ))

printf '%-6s %-16s %12s %10s %10s %12s %12s %14s %7s %7s %9s %9s\n' round endpoint "requests/s" "p50 ms" "p99 ms" "app CPU µs" "store CPU µs" "machine CPU µs" "busy %" "steal %" "app CPUs" "others"
: >"$work/rounds"
for round in $(seq 1 "$rounds"); do
  sign "$pool"
  if [ $(( round % 2 )) = 1 ]; then
    anon=$(run "$twin" "$seconds"); hmac=$(run "$signed" "$seconds")
  else
    hmac=$(run "$signed" "$seconds"); anon=$(run "$twin" "$seconds")
  fi
  read -r anon_rps anon_p50 anon_p99 anon_cpu anon_store anon_machine anon_busy anon_steal _ _ anon_side anon_rest <<<"$anon"
  read -r hmac_rps hmac_p50 hmac_p99 hmac_cpu hmac_store hmac_machine hmac_busy hmac_steal _ _ hmac_side hmac_rest <<<"$hmac"
  printf '%-6s %-16s %12s %10s %10s %12s %12s %14s %7s %7s %8s%% %8s%%\n' \
    "$round" unauthenticated "$anon_rps" "$anon_p50" "$anon_p99" "$anon_cpu" "$anon_store" "$anon_machine" "$anon_busy" "$anon_steal" "$anon_side" "$anon_rest" \
    "$round" hmac-signed "$hmac_rps" "$hmac_p50" "$hmac_p99" "$hmac_cpu" "$hmac_store" "$hmac_machine" "$hmac_busy" "$hmac_steal" "$hmac_side" "$hmac_rest"
  flood_valid=0 flood_total=0 f_cpu=0
  if [ "$flood" = 1 ]; then
    sign "$pool" 2
    read -r f_rps f_p50 f_p99 f_cpu f_store _ _ _ f_refused f_total _ _ <<<"$(run /api/v1/account "$seconds" half)"
    flood_valid=$(( f_rps * (f_total - f_refused) / f_total )); flood_total=$f_rps
    printf '%-6s %-16s %12s %10s %10s %12s %12s   (%s valid/s, the rest refused as unknown keys)\n' \
      "$round" "signed + flood" "$f_rps" "$f_p50" "$f_p99" "$f_cpu" "$f_store" "$flood_valid"
  fi
  echo "$anon_rps $hmac_rps $anon_cpu $hmac_cpu $hmac_store $flood_valid $flood_total $anon_machine $hmac_machine $f_cpu" >>"$work/rounds"
done
# median EXPRESSION LABEL FORMAT: the median over the rounds of an awk expression of a round's line.
median() {
  awk "{ printf \"%.6f\\n\", $1 }" "$work/rounds" | sort -g | awk -v label="$2" -v format="$3" '{ r[NR] = $1 }
    END { printf "%s, median of %d rounds: " format "\n", label, NR, NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2 }'
}
median '$2 / $1' "ratio signed/unauthenticated" "%.3f"
median '$3' "app CPU per unauthenticated request" "%.1f µs"
median '$4' "app CPU per signed request" "%.1f µs"
median '$4 - $3' "app CPU added by signing" "%.1f µs per request"
median '$8' "machine CPU per unauthenticated request (app, wrk, kernel)" "%.1f µs"
median '$9' "machine CPU per signed request" "%.1f µs"
if [ "$provider" = postgres ] || [ "$store" = redis ]; then
  median '$5' "store CPU per signed request" "%.1f µs"
  # When the run is bound by the machine's cores (busy near 100 %), the store's own CPU alone caps the ratio, however
  # little the app adds: the twin's machine CPU against the same plus the store's.
  median '$8 / ($8 + $5)' "ratio the store's CPU alone allows on these cores" "%.3f"
fi
if [ "$flood" = 1 ]; then
  median '$7 / $2' "flood: all requests served (half made-up keyids) / clean signed run" "%.3f"
  median '$6 / $2' "flood: valid requests served / clean signed run" "%.3f"
  # Half the flood run's calls are valid: a forged call's CPU is twice the mixed run's per call, less a valid one's.
  median '2 * $10 - $4' "app CPU per forged call (made-up keyid; 2 × the flood run's − a valid call's)" "%.1f µs"
  median '(2 * $10 - $4) / $4' "a forged call's app CPU / a valid call's" "%.3f"
fi
if [ "$store" != memory ]; then
  # How many nonces each write to the shared replay store carried, over the whole test (the app's own metrics).
  curl -s "http://127.0.0.1:$port/metrics" | awk '/^apikeys_replay_store_batch_size_sum/ { sum += $NF } /^apikeys_replay_store_batch_size_count/ { n += $NF }
    END { if (n > 0) printf "replay store writes (instance 1, whole test): %d, nonces per write: %.2f on average\n", n, sum / n }' || true
fi
