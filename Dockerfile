# The app as one image: `docker build -t entra-dual-mode .`, then
# `docker run -p 3000:3000 --env-file production.env entra-dual-mode` (README "Deploying").
# Nothing secret is built in: every ENTRA_*, AUTH_* and REDIS_* value comes from the host at run time.
ARG NODE_VERSION=22

# 1. dependencies, from the lockfile only (cached until it changes)
FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
ENV PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# 2. next build: .next/standalone holds server.js and only the node_modules it needs
FROM node:${NODE_VERSION}-bookworm-slim AS builder
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npx next build

# 3. the image: the standalone server and the static assets, run by an unprivileged user
FROM node:${NODE_VERSION}-bookworm-slim AS runner
WORKDIR /app
# NEXT_MANUAL_SIG_HANDLE: SIGTERM goes to the app's graceful shutdown (lib/lifecycle/shutdown.ts), not Next's.
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    NEXT_MANUAL_SIG_HANDLE=true \
    PORT=3000 \
    HOSTNAME=0.0.0.0
COPY --from=builder /app/.next/standalone ./
COPY --from=builder /app/.next/static ./.next/static
# The code stays root-owned and read-only to the app; only Next's cache directory is its to write.
RUN mkdir -p .next/cache && chown 1001:1001 .next/cache
# Numeric, so Kubernetes' runAsNonRoot can verify it.
USER 1001:1001
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "server.js"]
