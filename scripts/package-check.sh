#!/usr/bin/env bash
# Prove that `pip install .` gives a working learning site: install into a fresh virtualenv,
# then migrate, seed and serve from an unrelated directory, and fetch two pages — served by
# gunicorn with the production configuration, not by the development server.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'status=$?; kill "${server:-0}" 2>/dev/null || true; [ $status -eq 0 ] || cat "$work/server.log"; rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --upgrade pip
"$work/venv/bin/python" -m pip install --quiet -r "$root/requirements.txt"
"$work/venv/bin/python" -m pip install --quiet --no-deps "$root"

mkdir "$work/elsewhere" && cd "$work/elsewhere"
port=$(( 20000 + RANDOM % 20000 ))
env -u SECRET_KEY -u DATABASE_URL -u FLASK_CONFIG PORT=$port WEB_CONCURRENCY=2 \
  "$work/venv/bin/learnanything" run > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/api/v1/health"; echo
page="$(curl -fsS "http://127.0.0.1:$port/auth/register")"  # read whole: grep -q would cut the pipe
grep -q "Rejoignez LearnAnything" <<<"$page"
curl -fsS "http://127.0.0.1:$port/static/css/styles.css" >/dev/null
headers="$(curl -fsS -o /dev/null -D - "http://127.0.0.1:$port/about")"
server_header="$(grep -i '^server:' <<<"$headers" | tr -d '\r')"
echo "$server_header"
grep -qi 'gunicorn' <<<"$server_header" || { echo "not served by gunicorn: $server_header" >&2; exit 1; }
if grep -qi 'werkzeug' <<<"$server_header"; then echo "the development server answered" >&2; exit 1; fi
grep -qi '^strict-transport-security:' <<<"$headers"  # the production configuration is the one served
grep -qi '^x-request-id:' <<<"$headers"
curl -fsS "http://127.0.0.1:$port/readyz"; echo
test -f "$work/elsewhere/instance/learnanything.sqlite"
test -f "$work/elsewhere/instance/secret_key"
schema="$(curl -fsS "http://127.0.0.1:$port/api/v1/schemas/course-document.json")"  # shipped with the package
grep -q "urn:learnanything:course-document:1" <<<"$schema"
imported="$("$work/venv/bin/learnanything" course import "$root/data/sample-bank/sample.gift")"
grep -q "21 questions" <<<"$imported"
echo "package check passed: installed package migrated, seeded, served pages on gunicorn and imported a course from $work/elsewhere"
