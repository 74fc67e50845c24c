// The backend's certificates (thumbprint and expiry) and federated tokens (the claims Entra matches):
// local reads, before any call to Entra.
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { decodeJwt } from "jose";
import type { Finding } from "../../types";
import type { Check } from "../context";
import { findingOf } from "../finding";

const DAY_MS = 24 * 3600 * 1000;

function certificateFinding(pem: string, i: number, warningDays: number): Finding {
  const finding = findingOf(`certificate-${i + 1}`, `Backend certificate ${i + 1}`);
  const cert = new X509Certificate(pem);
  const until = new Date(cert.validTo);
  const days = Math.floor((until.getTime() - Date.now()) / DAY_MS);
  const detail = `SHA-1 thumbprint ${cert.fingerprint.replaceAll(":", "")}, SHA-256 ${cert.fingerprint256.replaceAll(":", "").toLowerCase()}, subject ${cert.subject.replace(/\n/g, ", ")}, valid until ${until.toISOString()}`;
  if (days < 0)
    return finding.error(
      `Expired: ${detail}`,
      "Create a new certificate, upload its public part to the backend registration, and point ENTRA_BACKEND_CERTIFICATE_PATH at it.",
    );
  if (days < warningDays)
    return finding.warning(
      `Expires in ${days} day(s): ${detail}`,
      "Renew it soon: upload the new certificate next to the old one, then switch ENTRA_BACKEND_CERTIFICATE_PATH.",
    );
  return finding.ok(detail);
}

/** What Entra will match against the backend's federated credentials: issuer, subject, audience; and the expiry. */
function federatedTokenFinding(tokenFile: string, i: number): Finding {
  const finding = findingOf(`federated-token-${i + 1}`, `Backend federated token ${i + 1}`);
  let claims: ReturnType<typeof decodeJwt>;
  try {
    claims = decodeJwt(readFileSync(tokenFile, "utf8").trim());
  } catch {
    return finding.error(
      `${tokenFile} does not hold a JWT.`,
      "Point ENTRA_BACKEND_FEDERATED_TOKEN_FILE at the token the platform projects (on AKS: $AZURE_FEDERATED_TOKEN_FILE).",
    );
  }
  const detail = `issuer ${String(claims.iss)}, subject ${String(claims.sub)}, audience ${[claims.aud].flat().join(", ")}${typeof claims.exp === "number" ? `, expires ${new Date(claims.exp * 1000).toISOString()}` : ""}`;
  if (typeof claims.exp === "number" && claims.exp * 1000 <= Date.now())
    return finding.error(
      `Expired: ${detail}`,
      "The platform should rotate this file; check that the workload identity webhook or token projection is running.",
    );
  return finding.ok(`${detail} (these must match a federated credential of the backend)`);
}

export const credentialFiles: Check = {
  name: "credential-files",
  run({ config, options }) {
    return config.entra.backend.credentials.flatMap((c, i) => {
      if (c.type === "federated") return [federatedTokenFinding(c.tokenFile, i)];
      if (c.type === "certificate")
        return [certificateFinding(c.certificatePem, i, options.certificateWarningDays ?? 30)];
      return [];
    });
  },
};
