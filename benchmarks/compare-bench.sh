#!/usr/bin/env bash
# daxseal side by side with ZooKeeper (in-process, Curator) and etcd (Debian's etcd-server, a
# separate process), interleaved rounds in one run; prints each system's figures and the ratios.
# Installs etcd-server when it is missing and this runs as root; without it etcd is left out (said).
# Usage: benchmarks/compare-bench.sh [ROUNDS] [CYCLES] [CLIENTS] [SECONDS]   (default 3 500 16 5)
set -euo pipefail
if [ ! -x /usr/bin/etcd ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing etcd-server (apt-get) for the etcd baseline ..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends etcd-server >/dev/null 2>&1 \
    || echo "etcd-server could not be installed; etcd is left out" >&2
fi
. "$(dirname "${BASH_SOURCE[0]}")/bench-env.sh"
mkdir -p "$root/bench-out"
echo "logs: $root/bench-out/compare-bench.err" >&2
exec "$jdk/bin/java" --sun-misc-unsafe-memory-access=allow -XX:+UseZGC -Ddaxseal.log.level=WARN -cp "$jar" \
  io.daxseal.benchmarks.compare.CompareBenchmark "${1:-3}" "${2:-500}" "${3:-16}" "${4:-5}" \
  2> "$root/bench-out/compare-bench.err"
