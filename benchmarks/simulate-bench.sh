#!/usr/bin/env bash
# End-to-end simulate throughput: generate a realistic input file (10,000 agents, 1,000,000
# inodes), then time `daxseal simulate` on it, writing the decided log to /dev/null.
# Usage: benchmarks/simulate-bench.sh [LINES] [RUNS]   (default 10000000 lines, 3 runs)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
lines=${1:-10000000}
runs=${2:-3}
work=${DAXSEAL_BENCH_DIR:-$root/bench-out}
mkdir -p "$work"
input="$work/input-$lines.jsonl"
if [ ! -s "$input" ]; then
  echo "generating $lines lines into $input ..." >&2
  "$root/daxseal" generate --lines "$lines" --agents 10000 --inodes 1000000 --seed 42 --output "$input"
fi
echo "input: $(du -h "$input" | cut -f1), $lines lines" >&2
for i in $(seq "$runs"); do
  start=$(date +%s.%N)
  "$root/daxseal" simulate --input "$input" > /dev/null 2> "$work/simulate-$i.err"
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" -v n="$lines" -v i="$i" \
    'BEGIN { t = e - s; printf "run %d: %.1f s, %.0f lines/s\n", i, t, n / t }'
done
tail -1 "$work/simulate-$runs.err"
