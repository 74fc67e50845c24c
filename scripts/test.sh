#!/usr/bin/env bash
# `npm test`: every test of the project, as CI runs it.
#   1. system packages npm cannot install (Debian chromium, redis-server): installed when root with apt
#   2. typecheck, 3. vitest (emulator, lib, integration; real HTTPS, real Redis), 4. next build + Playwright
set -euo pipefail
export NEXT_TELEMETRY_DISABLED=1
cd "$(dirname "$0")/.."

need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> installing ${need[*]} (apt)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "npm test needs: ${need[*]}" >&2
    echo "  Debian/Ubuntu: sudo apt-get install -y ${need[*]}" >&2
    echo "  (or set CHROMIUM_PATH to another Chromium binary)" >&2
    exit 1
  fi
fi

# A private redis-server on loopback for the store and cache tests; stopped on exit.
REDIS_PORT="${REDIS_TEST_PORT:-6391}"
redis_dir="$(mktemp -d)"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$redis_dir" --daemonize yes --pidfile "$redis_dir/redis.pid" >/dev/null
trap 'kill "$(cat "$redis_dir/redis.pid" 2>/dev/null)" 2>/dev/null || true; rm -rf "$redis_dir"' EXIT
export REDIS_TEST_URL="redis://127.0.0.1:$REDIS_PORT"
for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

echo "==> typecheck"
npx tsc --noEmit

echo "==> vitest"
npx vitest run --reporter=default --reporter=json --outputFile.json=.test-reports/vitest.json

echo "==> next build"
npx next build >/tmp/next-build.log 2>&1 || { cat /tmp/next-build.log; exit 1; }

echo "==> playwright (Debian chromium)"
rm -f .test-reports/e2e.json .test-reports/app.log
npx playwright test || e2e_failed=1

node scripts/test-summary.mjs .test-reports/vitest.json .test-reports/e2e.json
exit "${e2e_failed:-0}"
