#!/usr/bin/env bash
# Prove that `pip install .` gives a working learning site: install into a fresh virtualenv,
# then migrate, seed and serve from an unrelated directory, and fetch two pages.
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
PORT=$port "$work/venv/bin/learnanything" run > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/api/v1/health"; echo
page="$(curl -fsS "http://127.0.0.1:$port/auth/register")"  # read whole: grep -q would cut the pipe
grep -q "Rejoignez LearnAnything" <<<"$page"
curl -fsS "http://127.0.0.1:$port/static/css/styles.css" >/dev/null
schema="$(curl -fsS "http://127.0.0.1:$port/api/v1/schemas/course-document.json")"  # shipped with the package
grep -q "urn:learnanything:course-document:1" <<<"$schema"
imported="$("$work/venv/bin/learnanything" course import "$root/data/sample-bank/sample.gift")"
grep -q "21 questions" <<<"$imported"
test -f "$work/elsewhere/instance/learnanything.sqlite"
echo "package check passed: installed package migrated, seeded, served pages and imported a course from $work/elsewhere"
