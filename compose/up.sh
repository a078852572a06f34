#!/usr/bin/env bash
# Builds the daxseal image and starts the compose cluster (three brokers, two coordinators with
# failover, three agents); returns once a coordinator's API answers on 127.0.0.1:7070 or 7080.
# Needs a running Docker engine and docker-compose (compose/README.md says how to get both here).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
command -v docker-compose >/dev/null || { echo "compose/up.sh: no docker-compose: apt-get install -y --no-install-recommends docker.io docker-compose busybox-static" >&2; exit 2; }
"$here/build-image.sh"
docker-compose -p daxseal -f "$here/docker-compose.yml" up -d
echo "waiting for a coordinator to decide (the brokers elect a controller first) ..." >&2
for _ in $(seq 1 120); do
  for port in 7070 7080; do
    if wget -q -O - "http://127.0.0.1:$port/health" 2>/dev/null | grep -q '"up"'; then
      echo "daxseal is up: coordinator API http://127.0.0.1:$port (the other coordinator stands by)" >&2
      exit 0
    fi
  done
  sleep 1
done
echo "compose/up.sh: no coordinator answered within 120 s; see: docker-compose -p daxseal -f $here/docker-compose.yml logs" >&2
exit 1
