// A stand-in for an external OIDC issuer of workload tokens (a Kubernetes cluster's service-account
// issuer, GitHub Actions, …), so federated identity credentials can be tried without one: its discovery
// document and keys under /workload-issuer, and tokens minted by an admin hook the way a cluster projects
// them into a pod (AZURE_FEDERATED_TOKEN_FILE). The identity side trusts it only through an app's
// federatedIdentityCredentials, exactly as it would trust any other issuer.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  type KeyObject,
} from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ServerResponse } from "node:http";
import { exportJWK, SignJWT } from "jose";
import type { EmulatorContext } from "./context.ts";
import { sendJson, type Handler } from "./http.ts";
import { findRoute, segmentsOf, type RouteSpec } from "./routes.ts";

export const WORKLOAD_ISSUER_PATH = "/workload-issuer";
/** What Entra expects as the `aud` of a federated assertion by default. */
export const TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

interface IssuerKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

const keys = new Map<string, IssuerKey>();

/** One RSA key per state directory, kept in it so tokens outlive a restart of the emulator. */
function issuerKey(stateDir: string): IssuerKey {
  let key = keys.get(stateDir);
  if (!key) {
    const file = join(stateDir, "workload-issuer.key");
    if (!existsSync(file))
      writeFileSync(
        file,
        generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }),
        { mode: 0o600 },
      );
    const privateKey = createPrivateKey(readFileSync(file, "utf8"));
    const publicKey = createPublicKey(privateKey);
    const kid = createHash("sha256")
      .update(publicKey.export({ type: "spki", format: "der" }))
      .digest("base64url")
      .slice(0, 16);
    keys.set(stateDir, (key = { kid, privateKey, publicKey }));
  }
  return key;
}

export const workloadIssuer = (ctx: EmulatorContext) => `${ctx.baseUrl}${WORKLOAD_ISSUER_PATH}`;

/** The built-in issuer's public key for `kid`, if the token claims to come from it. */
export function workloadIssuerKey(ctx: EmulatorContext, kid: string | undefined): KeyObject | undefined {
  const key = issuerKey(ctx.stateDir);
  return kid === key.kid ? key.publicKey : undefined;
}

export async function mintWorkloadToken(
  ctx: EmulatorContext,
  opts: { subject: string; audience?: string; lifetimeSeconds?: number },
): Promise<string> {
  const key = issuerKey(ctx.stateDir);
  const now = ctx.clock.now();
  return new SignJWT({})
    .setProtectedHeader({ alg: "RS256", kid: key.kid, typ: "JWT" })
    .setIssuer(workloadIssuer(ctx))
    .setSubject(opts.subject)
    .setAudience(opts.audience ?? TOKEN_EXCHANGE_AUDIENCE)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + (opts.lifetimeSeconds ?? 3600))
    .setJti(randomUUID())
    .sign(key.privateKey);
}

interface Route extends RouteSpec {
  run: (ctx: EmulatorContext, res: ServerResponse) => Promise<void> | void;
}

const ROUTES: Route[] = [
  {
    method: "GET",
    path: `${WORKLOAD_ISSUER_PATH}/.well-known/openid-configuration`,
    run: (ctx, res) => {
      const issuer = workloadIssuer(ctx);
      sendJson(res, 200, {
        issuer,
        jwks_uri: `${issuer}/keys`,
        response_types_supported: ["id_token"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
      });
    },
  },
  {
    method: "GET",
    path: `${WORKLOAD_ISSUER_PATH}/keys`,
    run: async (ctx, res) => {
      const key = issuerKey(ctx.stateDir);
      sendJson(res, 200, { keys: [{ ...(await exportJWK(key.publicKey)), kid: key.kid, use: "sig", alg: "RS256" }] });
    },
  },
];

/** The issuer's discovery document and keys, under /workload-issuer. */
export function createWorkloadIssuerHandler(ctx: EmulatorContext): Handler {
  return async (req, res) => {
    const found = findRoute(ROUTES, req.method, segmentsOf(req.url.pathname));
    if (!found || found === "method-not-allowed") return sendJson(res, 404, { error: "not_found" });
    return found.route.run(ctx, res);
  };
}
