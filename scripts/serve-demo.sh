#!/usr/bin/env bash
# Serves the demo: the task worker beside the web server, stopped together
# (Ctrl+C, a TERM signal, or either of them failing stops both).
set -euo pipefail
BIN=.venv/bin
PORT="${PORT:-8000}"
export SITE_URL="${SITE_URL:-http://127.0.0.1:${PORT}}"

SERVER=""
stop() {
  kill "$WORKER" 2>/dev/null || true
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; fi
}
trap stop EXIT
trap 'exit 130' INT TERM

$BIN/python manage.py db_worker --queue-name '*' --interval 1 &
WORKER=$!
$BIN/python manage.py demo_logins
echo
echo "Joined Up demo: ${SITE_URL}/  (Ctrl+C stops the server and the task worker)"
$BIN/python manage.py runserver "127.0.0.1:${PORT}" --noreload &
SERVER=$!
wait "$SERVER"
