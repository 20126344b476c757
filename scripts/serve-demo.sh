#!/usr/bin/env bash
# Serves the demo: the task worker beside the web server, stopped together.
set -euo pipefail
BIN=.venv/bin
PORT="${PORT:-8000}"
$BIN/python manage.py db_worker --queue-name '*' --interval 1 &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM
$BIN/python manage.py demo_logins
echo
echo "Joined Up demo: http://127.0.0.1:${PORT}/  (Ctrl+C stops the server and the task worker)"
$BIN/python manage.py runserver "127.0.0.1:${PORT}" --noreload
