/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // msal-node and ioredis are Node libraries: keep them out of the server bundle.
  serverExternalPackages: ["@azure/msal-node", "ioredis", "pino"],
  // forbidden() and app/admin/forbidden.tsx: a real 403 for signed-in users without the admin app role.
  experimental: { authInterrupts: true },
};

export default nextConfig;
