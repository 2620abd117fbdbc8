#!/usr/bin/env bash
# The deployment of deploy/ proved on this machine (`make deploy-check`; not part of CI): nginx
# (Debian's, installed if missing) in front of two `learnanything run` instances on PostgreSQL
# (127.0.0.1:5432, user postgres) and a private Redis, all on loopback. Needs root: it installs
# nginx and restarts the PostgreSQL cluster. Everything it starts is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"

if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
    echo "installing nginx (Debian package)"
    # Debian starts the packaged nginx (port 80) at install; the check runs its own: forbid the start.
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
        trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    fi
    apt-get install -y nginx >/dev/null || { apt-get update >/dev/null && apt-get install -y nginx >/dev/null; }
fi
for tool in redis-server psql pg_ctlcluster; do
    command -v "$tool" >/dev/null || { echo "deploy-check needs $tool" >&2; exit 2; }
done
pg_isready -h 127.0.0.1 -q || { echo "PostgreSQL does not answer on 127.0.0.1:5432" >&2; exit 2; }

exec "$PYTHON" scripts/deploy_check.py
