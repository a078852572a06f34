# shellcheck shell=bash
# Finds a JDK >= 21 for daxseal's scripts (./daxseal, ./mvnw, .ci/run). Source it, then call
# `daxseal_find_jdk`: it prints the JDK's home and returns 0, or returns 1.
# Order: $JAVA_HOME if it is a JDK >= 21; else the newest JDK >= 21 under /usr/lib/jvm;
# else the javac on PATH if it is >= 21.

DAXSEAL_MIN_JAVA=21

daxseal_java_major() {
  local home=$1 version=""
  if [ -r "$home/release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
  fi
  if [ -z "$version" ] && [ -x "$home/bin/java" ]; then
    version=$("$home/bin/java" -version 2>&1 | sed -n '1s/.*version "\([0-9]*\).*/\1/p')
  fi
  echo "${version:-0}"
}

daxseal_find_jdk() {
  local candidate version best="" best_version=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] \
      && [ "$(daxseal_java_major "$JAVA_HOME")" -ge "$DAXSEAL_MIN_JAVA" ]; then
    echo "$JAVA_HOME"
    return 0
  fi
  # No glob here: ./mvnw runs with globbing off (set -f).
  for candidate in $(ls /usr/lib/jvm 2>/dev/null); do
    candidate=/usr/lib/jvm/$candidate
    [ -x "$candidate/bin/javac" ] || continue
    version=$(daxseal_java_major "$candidate")
    if [ "$version" -ge "$DAXSEAL_MIN_JAVA" ] && [ "$version" -gt "$best_version" ]; then
      best=$candidate
      best_version=$version
    fi
  done
  if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    if [ "$(daxseal_java_major "$candidate")" -ge "$DAXSEAL_MIN_JAVA" ]; then
      best=$candidate
    fi
  fi
  [ -n "$best" ] || return 1
  echo "$best"
}

# Prints why no JDK was found and what to do.
daxseal_no_jdk() {
  {
    echo "daxseal: no JDK ${DAXSEAL_MIN_JAVA} or newer found."
    echo "  JAVA_HOME: ${JAVA_HOME:-(not set)}"
    echo "  /usr/lib/jvm: $(ls /usr/lib/jvm 2>/dev/null | tr '\n' ' ')"
    echo "  Install one (for example: apt-get install openjdk-21-jdk-headless) or set JAVA_HOME to one."
  } >&2
}
