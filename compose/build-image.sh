#!/usr/bin/env bash
# Builds the `daxseal` container image with no registry: the command line's jar on a JRE made by
# jlink from the local JDK, the few shared libraries that JRE needs (found with ldd), and busybox
# for a shell, in an image FROM scratch. Needs a running Docker engine and busybox-static.
# Usage: compose/build-image.sh [TAG]   (default daxseal:latest)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tag=${1:-daxseal:latest}
# shellcheck source=../tools/find-jdk.sh
. "$root/tools/find-jdk.sh"
jdk=$(daxseal_find_jdk) || { daxseal_no_jdk; exit 2; }
command -v docker >/dev/null || { echo "compose/build-image.sh: no docker command: install docker.io (apt-get install -y --no-install-recommends docker.io docker-compose busybox-static)" >&2; exit 2; }
docker info >/dev/null 2>&1 || { echo "compose/build-image.sh: the Docker engine does not answer on its socket: start dockerd (see compose/README.md)" >&2; exit 2; }
busybox=$(command -v busybox || true)
if [ -z "$busybox" ] || ! file -L "$busybox" 2>/dev/null | grep -q "statically linked"; then
  [ -x /bin/busybox ] && busybox=/bin/busybox
fi
[ -n "$busybox" ] || { echo "compose/build-image.sh: busybox is missing: apt-get install -y busybox-static" >&2; exit 2; }

jar="$root/cli/target/daxseal.jar"
"$root/daxseal" --version >/dev/null # builds the jar when it is missing or older than the sources

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
mkdir -p "$rootfs"/{bin,tmp,etc,data,lib64,lib/x86_64-linux-gnu,usr/lib/x86_64-linux-gnu}
chmod 1777 "$rootfs/tmp"
# The modules jdeps names for the jar, plus name services, elliptic-curve TLS and the JFR for diagnosis.
modules=$("$jdk/bin/jdeps" --multi-release 25 --ignore-missing-deps --print-module-deps "$jar" 2>/dev/null | tail -1)
"$jdk/bin/jlink" --add-modules "$modules,jdk.naming.dns,jdk.crypto.ec,jdk.jfr,jdk.zipfs" --strip-debug --no-man-pages \
  --no-header-files --compress=zip-6 --output "$rootfs/jre"
cp "$jar" "$rootfs/daxseal.jar"
# The shared libraries the JRE's binaries and libraries name, from this host.
for lib in $( (ldd "$rootfs/jre/bin/java"; find "$rootfs/jre/lib" -name '*.so' -exec ldd {} \; ) 2>/dev/null \
    | grep -o '/[^ ]*\.so[^ ]*' | sort -u); do
  [ -f "$lib" ] || continue
  mkdir -p "$rootfs$(dirname "$lib")"
  cp -L "$lib" "$rootfs$lib"
done
cp "$busybox" "$rootfs/bin/busybox"
for applet in sh ls cat ps kill sleep wget nc ip grep; do ln -s busybox "$rootfs/bin/$applet"; done
printf 'root:x:0:0:root:/data:/bin/sh\n' > "$rootfs/etc/passwd"
printf 'root:x:0:\n' > "$rootfs/etc/group"
printf 'hosts: files dns\n' > "$rootfs/etc/nsswitch.conf"
cat > "$work/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY rootfs/ /
ENV PATH=/jre/bin:/bin JAVA_HOME=/jre HOME=/data
WORKDIR /data
# As ./daxseal: the coordinator runs on ZGC unless DAXSEAL_JAVA_OPTS names a collector.
ENTRYPOINT ["/bin/sh", "-c", "gc=; case \"$1 $DAXSEAL_JAVA_OPTS\" in coordinator*GC*) ;; coordinator*) gc=-XX:+UseZGC;; esac; exec /jre/bin/java --sun-misc-unsafe-memory-access=allow $gc $DAXSEAL_JAVA_OPTS -jar /daxseal.jar \"$@\"", "daxseal"]
CMD ["--help"]
DOCKERFILE
DOCKER_BUILDKIT=0 docker build -q -t "$tag" "$work" >/dev/null
echo "built $tag: $(docker image inspect "$tag" --format '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}')" >&2
