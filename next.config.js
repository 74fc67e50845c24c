/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // msal-node and ioredis are Node libraries: keep them out of the server bundle.
  serverExternalPackages: ["@azure/msal-node", "ioredis", "pino"],
};

export default nextConfig;
