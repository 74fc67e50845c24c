// The backend's credentials for the OBO exchange, from the variables that name them; unreadable files are
// reported as problems with the rest of the configuration.
import { readFileSync } from "node:fs";
import { splitPemBundle } from "../certificate";
import { EMULATOR_DEFAULTS } from "./defaults";
import type { ParsedEnv } from "./env-schema";
import type { AppConfig, BackendCredential } from "./types";

/** The backend's credentials, tried in this order, a refused one falling through to the next: secretless first. */
export function backendCredentials(
  e: ParsedEnv,
  provider: AppConfig["provider"],
  problems: string[],
): BackendCredential[] {
  const credentials: BackendCredential[] = [];
  if (e.ENTRA_BACKEND_FEDERATED_TOKEN_FILE) {
    if (isReadableFile(e.ENTRA_BACKEND_FEDERATED_TOKEN_FILE))
      credentials.push({ type: "federated", tokenFile: e.ENTRA_BACKEND_FEDERATED_TOKEN_FILE });
    else
      problems.push(
        `ENTRA_BACKEND_FEDERATED_TOKEN_FILE points at '${e.ENTRA_BACKEND_FEDERATED_TOKEN_FILE}', which cannot be read: give the path of the workload's token file (e.g. $AZURE_FEDERATED_TOKEN_FILE)`,
      );
  }
  if (e.ENTRA_BACKEND_MANAGED_IDENTITY) {
    credentials.push({
      type: "managed-identity",
      clientId: e.ENTRA_BACKEND_MANAGED_IDENTITY.toLowerCase(),
      // Against the emulator, its identity endpoint stands in for the host's (App Service sets these itself).
      ...(provider === "emulator"
        ? {
            emulatorEndpoint: {
              endpoint: `${e.ENTRA_INSTANCE}/msi/token`,
              header: EMULATOR_DEFAULTS.managedIdentityHeader,
            },
          }
        : {}),
    });
  }
  const certificate = readCertificate(e, problems);
  if (certificate) credentials.push(certificate);
  if (e.ENTRA_BACKEND_CLIENT_SECRET) credentials.push({ type: "secret", secret: e.ENTRA_BACKEND_CLIENT_SECRET });
  if (credentials.length === 0 && problems.length === 0) {
    problems.push(
      "The backend needs a credential: set ENTRA_BACKEND_CLIENT_SECRET, or ENTRA_BACKEND_CERTIFICATE_PATH (PEM with private key and certificate) or ENTRA_BACKEND_CERTIFICATE_BASE64, or ENTRA_BACKEND_FEDERATED_TOKEN_FILE / ENTRA_BACKEND_MANAGED_IDENTITY (no secret)",
    );
  }
  return credentials;
}

function isReadableFile(path: string): boolean {
  try {
    return readFileSync(path, "utf8").trim().length > 0;
  } catch {
    return false;
  }
}

function readCertificate(e: ParsedEnv, problems: string[]): BackendCredential | undefined {
  let pem: string | undefined;
  if (e.ENTRA_BACKEND_CERTIFICATE_PATH) {
    try {
      pem = readFileSync(e.ENTRA_BACKEND_CERTIFICATE_PATH, "utf8");
    } catch {
      problems.push(
        `ENTRA_BACKEND_CERTIFICATE_PATH points at '${e.ENTRA_BACKEND_CERTIFICATE_PATH}', which cannot be read: give the path of a PEM file`,
      );
      return undefined;
    }
  } else if (e.ENTRA_BACKEND_CERTIFICATE_BASE64) {
    pem = Buffer.from(e.ENTRA_BACKEND_CERTIFICATE_BASE64, "base64").toString("utf8");
  } else return undefined;
  if (e.ENTRA_BACKEND_PRIVATE_KEY_PATH) {
    try {
      pem += "\n" + readFileSync(e.ENTRA_BACKEND_PRIVATE_KEY_PATH, "utf8");
    } catch {
      problems.push(
        `ENTRA_BACKEND_PRIVATE_KEY_PATH points at '${e.ENTRA_BACKEND_PRIVATE_KEY_PATH}', which cannot be read`,
      );
      return undefined;
    }
  }
  const parts = splitPemBundle(pem);
  if ("missing" in parts) {
    problems.push(
      `The backend certificate PEM lacks '${parts.missing}': it must hold the certificate and its private key (or give the key in ENTRA_BACKEND_PRIVATE_KEY_PATH)`,
    );
    return undefined;
  }
  return { type: "certificate", ...parts };
}
