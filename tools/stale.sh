# shellcheck shell=bash
# `daxseal_stale JAR DIR...`: returns 0 when JAR is missing or older than a source, a pom or a main
# resource under the DIRs (target/ excluded), so that the scripts rebuild it; 1 when it is current.
daxseal_stale() {
  local jar=$1
  shift
  [ ! -f "$jar" ] && return 0
  [ -n "$(find "$@" -newer "$jar" \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) \
      -not -path '*/target/*' -print -quit 2>/dev/null)" ]
}
