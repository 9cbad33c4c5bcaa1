#!/usr/bin/env bash
# The dearest methods of a perf profile of the app (scripts/load-test.sh with LOADTEST_PERF=DIR), by their own CPU
# time (self), and the dearest of ApiKeys' own and ASP.NET Core's by the time spent in them and below (children).
#   scripts/perf-top.sh FILE.data [N]
set -euo pipefail
file=${1:?perf data file} n=${2:-15}
echo "== self: the top $n symbols"
perf report -i "$file" --no-children --sort symbol --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -"$n" | cut -c1-180
echo "== by module"
perf report -i "$file" --no-children --sort dso --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -12
echo "== children: ApiKeys, ASP.NET Core, YARP, OpenTelemetry, StackExchange.Redis, Npgsql"
perf report -i "$file" --children --sort symbol --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' \
  | grep -E 'ApiKeys|AspNetCore\.(Authentication|Authorization|Routing|Http)|Yarp|OpenTelemetry|StackExchange|Npgsql' | grep -v 'AsyncStateMachineBox' | head -"$n" | cut -c1-180
