#!/usr/bin/env bash
# Stops the compose cluster and deletes its containers and their data.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
docker-compose -p daxseal -f "$here/docker-compose.yml" down -v
