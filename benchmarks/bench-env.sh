#!/usr/bin/env bash
# Sourced by the benchmark scripts: sets $root, $jdk (a JDK >= 21) and $jar (the benchmarks jar,
# rebuilt when missing or older than any source or pom, so that a figure is always of the code
# checked out), and prints which build is measured.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../tools/find-jdk.sh
. "$root/tools/find-jdk.sh"
jdk=$(daxseal_find_jdk) || { daxseal_no_jdk; exit 2; }
# shellcheck source=../tools/stale.sh
. "$root/tools/stale.sh"
jar="$root/benchmarks/target/benchmarks.jar"
if daxseal_stale "$jar" "$root/pom.xml" "$root"/*/src "$root"/*/pom.xml; then
  echo "building the benchmarks jar (sources changed since it was built) ..." >&2
  (cd "$root" && JAVA_HOME="$jdk" ./mvnw -q -B -DskipTests package) >&2
fi
echo "measuring $(git -C "$root" describe --always --dirty 2>/dev/null || echo 'an unversioned tree') on $("$jdk/bin/java" -version 2>&1 | head -1), $(nproc) cores, $(date -u +%FT%TZ)" >&2
