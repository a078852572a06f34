#!/usr/bin/env bash
# The live system on a real embedded broker: grant latency at a fixed rate, recall round trip,
# sustained events/s end to end, failure detection. One process; prints a report.
# Usage: benchmarks/live-bench.sh [RATE] [SECONDS] [EVENTS]   (default 1000 requests/s, 10 s, 300000 events)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/tools/find-jdk.sh"
jdk=$(daxseal_find_jdk) || { daxseal_no_jdk; exit 2; }
jar="$root/benchmarks/target/benchmarks.jar"
if [ ! -f "$jar" ]; then
  (cd "$root" && ./mvnw -q -B package -DskipTests) >&2
fi
exec "$jdk/bin/java" --sun-misc-unsafe-memory-access=allow -Ddaxseal.log.level=WARN -cp "$jar" \
  io.daxseal.benchmarks.LiveBenchmark "$@"
