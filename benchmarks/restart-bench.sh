#!/usr/bin/env bash
# Restart time of a coordinator with the same live state after short and long histories, with
# snapshots (now) and with a full replay (as before snapshots), plus the decide loop's latency
# while snapshots are written (ZGC, as the coordinator runs; BENCH_GC=-XX:+UseG1GC for G1). See RestartBenchmark
# Usage: benchmarks/restart-bench.sh [LIVE] [INODES] [AGENTS] [SHORT_HISTORY] [LONG_HISTORY] [FULL_REPLAY_HISTORY]
#   defaults: 1000000 100000 1000 10000 10000000 1000000
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/bench-env.sh"
live=${1:-1000000}; inodes=${2:-100000}; agents=${3:-1000}
short=${4:-10000}; long=${5:-10000000}; replay=${6:-1000000}
run() { "$jdk/bin/java" --sun-misc-unsafe-memory-access=allow ${BENCH_GC:--XX:+UseZGC} -Xmx12g -Ddaxseal.log.level=WARN -cp "$jar" io.daxseal.benchmarks.RestartBenchmark "$@" 2>/dev/null | grep -v '^\s*$'; }
echo "== history $short events, with a full replay for comparison"
run "$live" "$inodes" "$agents" "$short" 3 --full-replay
echo "== history $replay events, with a full replay for comparison"
run "$live" "$inodes" "$agents" "$replay" 3 --full-replay
echo "== history $long events"
run "$live" "$inodes" "$agents" "$long" 3
