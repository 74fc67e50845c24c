// Token-signing keys: an active key and the next one are published in JWKS (Entra publishes several),
// rotation promotes "next", keeps the retired key published for a while, and mints a new "next".
// Persisted in the state folder so tokens stay valid across emulator restarts.
import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeSigningCertificate, thumbprints, type CertFiles } from "./pki.ts";

export interface SigningKey {
  kid: string; // == x5t == base64url(SHA-1(DER))
  privateKey: KeyObject;
  publicKey: KeyObject;
  certDer: Buffer;
}

export interface PublishedJwk {
  kty: "RSA";
  use: "sig";
  kid: string;
  x5t: string;
  n: string;
  e: string;
  x5c: string[];
  cloud_instance_name: string;
  issuer: string;
}

function toKey(files: CertFiles): SigningKey {
  const { x5t, der } = thumbprints(files.certPem);
  const privateKey = createPrivateKey(files.keyPem);
  return { kid: x5t, privateKey, publicKey: createPublicKey(privateKey), certDer: der };
}

export class KeyRing {
  private files: CertFiles[]; // [active, next, ...retired]
  private keys: SigningKey[];
  private readonly path: string;

  constructor(stateDir: string) {
    this.path = join(stateDir, "signing-keys.json");
    this.files = existsSync(this.path) ? (JSON.parse(readFileSync(this.path, "utf8")) as CertFiles[]) : [];
    while (this.files.length < 2) this.files.push(makeSigningCertificate(`signing key ${this.files.length + 1}`));
    this.keys = this.files.map(toKey);
    this.save();
  }

  active(): SigningKey {
    return this.keys[0];
  }
  byKid(kid: string): SigningKey | undefined {
    return this.keys.find((k) => k.kid === kid);
  }
  /** Promotes the next key, publishes a new next one, keeps one retired key. Returns the new active kid. */
  rotate(): string {
    this.files = [this.files[1], makeSigningCertificate(`signing key ${Date.now()}`), this.files[0]];
    this.keys = this.files.map(toKey);
    this.save();
    return this.active().kid;
  }
  jwks(issuer: string): { keys: PublishedJwk[] } {
    return {
      keys: this.keys.map((k) => {
        const jwk = k.publicKey.export({ format: "jwk" }) as { n: string; e: string };
        return {
          kty: "RSA",
          use: "sig",
          kid: k.kid,
          x5t: k.kid,
          n: jwk.n,
          e: jwk.e,
          x5c: [k.certDer.toString("base64")],
          cloud_instance_name: "microsoftonline.com",
          issuer,
        };
      }),
    };
  }
  private save(): void {
    writeFileSync(this.path, JSON.stringify(this.files), { mode: 0o600 });
  }
}
