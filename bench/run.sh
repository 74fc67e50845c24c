#!/usr/bin/env bash
# npm run bench: a private redis-server, a production build (BENCH_SKIP_BUILD=1 reuses .next), then bench/main.ts.
# BENCH_ONLY=b1 (npm run bench:b1): only the cache-hit benchmark, in this process, printed, no file written.
# BENCH_ONLY=b5: only task creation in both modes (one app instance), printed, no file written.
# BENCH_ONLY=flags (npm run bench:flags): only the page-mode flags benchmark (B6), in this process, printed.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 EMULATOR_STATE_DIR="$PWD/.emulator-test" LOG_LEVEL=error
node --conditions=react-server --import tsx -e 'const { ensureTls } = await import("./emulator/pki.ts"); const { KeyRing } = await import("./emulator/keys.ts"); ensureTls(process.env.EMULATOR_STATE_DIR); new KeyRing(process.env.EMULATOR_STATE_DIR);'
export NODE_EXTRA_CA_CERTS="$EMULATOR_STATE_DIR/ca.crt"
if [ "${BENCH_ONLY:-}" = b1 ] || [ "${BENCH_ONLY:-}" = flags ]; then exec node --expose-gc --conditions=react-server --import tsx bench/main.ts; fi
port="${BENCH_REDIS_PORT:-6393}"
dir="$(mktemp -d)"
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" --daemonize yes --pidfile "$dir/redis.pid" >/dev/null
trap 'kill "$(cat "$dir/redis.pid" 2>/dev/null)" 2>/dev/null || true; rm -rf "$dir"' EXIT
export BENCH_REDIS_URL="redis://127.0.0.1:$port"
if [ "${BENCH_SKIP_BUILD:-}" != 1 ]; then echo "==> next build"; npx next build >/tmp/bench-build.log 2>&1 || { tail -40 /tmp/bench-build.log; exit 1; }; fi
node --expose-gc --conditions=react-server --import tsx bench/main.ts
