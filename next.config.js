/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // .next/standalone: server.js and only the node_modules it needs, which the Dockerfile's final stage copies.
  output: "standalone",
  // Node libraries loaded at run time, kept out of the server bundle (and traced into the standalone output).
  serverExternalPackages: [
    "@azure/msal-node",
    "ioredis",
    "pino",
    "@opentelemetry/api",
    "@opentelemetry/sdk-trace-node",
    "@opentelemetry/sdk-trace-base",
    "@opentelemetry/resources",
    "@opentelemetry/exporter-trace-otlp-http",
    "@azure/monitor-opentelemetry",
  ],
  // forbidden() and app/admin/forbidden.tsx: a real 403 for signed-in users without the admin app role.
  experimental: { authInterrupts: true },
};

export default nextConfig;
