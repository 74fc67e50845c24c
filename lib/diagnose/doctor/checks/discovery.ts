// Discovery over TLS and the issuer the app expects; without a discovery document nothing else can be checked.
import { diagnose } from "../../index";
import type { Finding } from "../../types";
import { describeFetchError, getJson, type Check, type DoctorContext } from "../context";

const title = "OpenID discovery";

function fromEntraLike(body: object): { aadsts?: number; error?: string } {
  const b = body as { error?: string; error_codes?: number[] };
  return { aadsts: b.error_codes?.[0], error: b.error };
}

async function read(ctx: DoctorContext, url: string): Promise<Finding | undefined> {
  const { config, facts } = ctx;
  try {
    const { status, body } = await getJson(url);
    if (status === 200 && body && typeof body === "object") {
      ctx.discovery = body as Record<string, unknown>;
      return undefined;
    }
    const d =
      body && typeof body === "object" && "error" in body
        ? diagnose({ ...fromEntraLike(body), flow: "discovery", tenant: config.entra.tenantId }, facts)
        : undefined;
    return {
      id: "discovery",
      status: "error",
      title,
      detail: `GET ${url} answered ${status}.`,
      fix: d?.fix ?? "Check ENTRA_INSTANCE and ENTRA_TENANT_ID.",
      diagnosis: d,
    };
  } catch (err) {
    const fix =
      config.provider === "emulator"
        ? "Start the emulator (npm run dev or npm run emulator)."
        : "Check ENTRA_INSTANCE and the network path to it.";
    return {
      id: "discovery",
      status: "error",
      title,
      detail: `GET ${url} failed: ${describeFetchError(err, config)}`,
      fix,
    };
  }
}

export const discovery: Check = {
  name: "discovery",
  async run(ctx) {
    const { entra } = ctx.config;
    const url = `${entra.authority}/v2.0/.well-known/openid-configuration`;
    const failed = await read(ctx, url);
    if (failed || !ctx.discovery) {
      ctx.stop = true;
      return failed ? [failed] : [];
    }
    const issuer = ctx.discovery.issuer;
    return [
      { id: "discovery", status: "ok", title, detail: `${url} reached over TLS.` },
      issuer === entra.issuer
        ? { id: "issuer", status: "ok", title: "Issuer", detail: `${entra.issuer}` }
        : {
            id: "issuer",
            status: "error",
            title: "Issuer",
            detail: `Discovery says issuer '${String(issuer)}', the app expects '${entra.issuer}'. Sign-in would fail the issuer check.`,
            fix: "Use the tenant GUID in ENTRA_TENANT_ID (not a domain name or 'common') and the authority host in ENTRA_INSTANCE.",
          },
    ];
  },
};
