#!/usr/bin/env bash
# The long-lived history of the "runs for months" issue: one agent incarnation that pins and
# releases CYCLES times over INODES inodes (2 x CYCLES + 1 lines). Decides it with `daxseal
# simulate` in a 128 MiB heap, then in-process (LongLivedHeap) to print the heap retained after a
# full GC and what the state machine remembers.
# Usage: benchmarks/long-lived-bench.sh [CYCLES] [INODES]   (default 4000000 1000)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/bench-env.sh"
cycles=${1:-4000000}; inodes=${2:-1000}
work=${DAXSEAL_BENCH_DIR:-$root/bench-out}
mkdir -p "$work"
input="$work/long-lived-$cycles-$inodes.jsonl"
[ -s "$input" ] || "$jdk/bin/java" -cp "$jar" io.daxseal.benchmarks.LongLivedHistory "$cycles" "$inodes" "$input"
echo "input: $(wc -l < "$input") lines, $(du -h "$input" | cut -f1)"
start=$(date +%s.%N)
DAXSEAL_JAVA_OPTS="-Xmx128m" "$root/daxseal" simulate --input "$input" > /dev/null 2> "$work/long-lived.err"
end=$(date +%s.%N)
tail -1 "$work/long-lived.err"
awk -v s="$start" -v e="$end" 'BEGIN { printf "simulate in -Xmx128m: %.1f s\n", e - s }'
"$jdk/bin/java" -Xmx128m -cp "$jar" io.daxseal.benchmarks.LongLivedHeap "$cycles" "$inodes"
