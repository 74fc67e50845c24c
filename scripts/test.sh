#!/usr/bin/env bash
# `npm test`: every test of the project, as CI runs it.
#   1. system packages npm cannot install (Debian chromium, redis-server, python3-msal): installed when root with apt
#   2. typecheck, lint (Prettier, ESLint) and the Dockerfile linter, 3. vitest (emulator, lib, integration; real HTTPS, real Redis),
#   4. next build + Playwright (including the image run as its Dockerfile says, and a Redis Cluster)
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

# Python MSAL (Debian python3-msal) drives the emulator in some emulator tests; they are skipped without it.
if ! /usr/bin/python3 -c "import msal" >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> installing python3-msal (apt)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-msal >/dev/null; } || echo "python3-msal could not be installed: the Python MSAL tests will be skipped" >&2
  else
    echo "note: python3-msal is not installed (sudo apt-get install -y python3-msal); the Python MSAL tests will be skipped" >&2
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

# Two commands, not `a && b`: under set -e a failing left side of && would not stop the run.
echo "==> lint"
npx prettier --check .
npx eslint .

# dockerfile-utils prints its findings and exits 0: any output fails the run.
echo "==> Dockerfile lint"
lint="$(npx dockerfile-utils lint Dockerfile 2>&1)"
if [ -n "$lint" ]; then echo "$lint"; exit 1; fi

echo "==> vitest"
npx vitest run --reporter=default --reporter=json --outputFile.json=.test-reports/vitest.json

echo "==> next build"
npx next build >/tmp/next-build.log 2>&1 || { cat /tmp/next-build.log; exit 1; }

echo "==> playwright (Debian chromium)"
rm -f .test-reports/e2e.json .test-reports/app.log
npx playwright test || e2e_failed=1

node scripts/test-summary.mjs .test-reports/vitest.json .test-reports/e2e.json
exit "${e2e_failed:-0}"
