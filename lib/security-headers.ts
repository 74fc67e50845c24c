// The headers every response of the app carries (proxy.ts sets them, error pages included), beside the
// per-request CSP. Pure, for proxy.ts and its tests.

/** Browser features the app does not use, turned off for it and anything it embeds. */
export const PERMISSIONS_POLICY = [
  "accelerometer",
  "autoplay",
  "browsing-topics",
  "camera",
  "display-capture",
  "encrypted-media",
  "geolocation",
  "gyroscope",
  "hid",
  "idle-detection",
  "magnetometer",
  "microphone",
  "midi",
  "payment",
  "picture-in-picture",
  "publickey-credentials-get",
  "screen-wake-lock",
  "serial",
  "usb",
  "xr-spatial-tracking",
]
  .map((feature) => `${feature}=()`)
  .join(", ");

/** Two years, subdomains included: once the app is served over https, browsers never try http again. */
export const HSTS = "max-age=63072000; includeSubDomains";

export function securityHeaders(appOrigin: string): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": PERMISSIONS_POLICY,
    // Only for an https origin: over http a browser ignores it, and on http://localhost it would pin every local port to https.
    ...(appOrigin.startsWith("https://") ? { "Strict-Transport-Security": HSTS } : {}),
  };
}
