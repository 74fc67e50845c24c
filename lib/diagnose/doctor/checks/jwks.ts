// The tenant's signing keys, which bearer validation needs.
import type { Check } from "../context";
import { describeFetchError, getJson } from "../context";

const title = "Signing keys (JWKS)";

export const jwks: Check = {
  name: "jwks",
  async run({ config, discovery }) {
    const url = String(discovery?.jwks_uri);
    try {
      const { status, body } = await getJson(url);
      const keys = (body as { keys?: Array<{ kty?: string }> } | undefined)?.keys ?? [];
      if (status === 200 && keys.some((k) => k.kty === "RSA"))
        return [{ id: "jwks", status: "ok", title, detail: `${keys.length} key(s) at ${url}` }];
      return [
        {
          id: "jwks",
          status: "error",
          title,
          detail: `GET ${url} answered ${status} without RSA keys.`,
          fix: "Bearer validation needs the tenant's JWKS; check the authority.",
        },
      ];
    } catch (err) {
      return [{ id: "jwks", status: "error", title, detail: `GET ${url} failed: ${describeFetchError(err, config)}` }];
    }
  },
};
