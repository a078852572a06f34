#!/usr/bin/env bash
# The live system on a real embedded broker: grant latency at a fixed rate (after a warm-up at the
# same rate, not counted), recall round trip, sustained events/s end to end, failure detection.
# One process; prints a report. Runs on ZGC, as `./daxseal coordinator` does (BENCH_GC overrides,
# e.g. BENCH_GC=-XX:+UseG1GC); rebuilds the jar when the sources changed (bench-env.sh).
# Usage: benchmarks/live-bench.sh [RATE] [SECONDS] [EVENTS]   (default 1000 requests/s, 10 s, 300000 events)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/bench-env.sh"
exec "$jdk/bin/java" --sun-misc-unsafe-memory-access=allow ${BENCH_GC:--XX:+UseZGC} -Ddaxseal.log.level=WARN -cp "$jar" \
  io.daxseal.benchmarks.LiveBenchmark "$@"
