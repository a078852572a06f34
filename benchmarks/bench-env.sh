#!/usr/bin/env bash
# Sourced by the benchmark scripts: sets $root, $jdk (a JDK >= 21) and $jar (the benchmarks jar,
# built if missing).
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../tools/find-jdk.sh
. "$root/tools/find-jdk.sh"
jdk=$(daxseal_find_jdk)
jar="$root/benchmarks/target/benchmarks.jar"
[ -f "$jar" ] || (cd "$root" && JAVA_HOME="$jdk" ./mvnw -q -B -DskipTests package)
