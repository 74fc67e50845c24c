// X.509 material the emulator makes for itself on first start: a local CA, the HTTPS certificate it
// signs for localhost, and self-signed certificates for app registrations' key credentials.
import { createHash, createPrivateKey, generateKeyPairSync, X509Certificate } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import forge from "node-forge";

export interface CertFiles {
  keyPem: string;
  certPem: string;
}

interface Subject {
  commonName: string;
  ca?: boolean;
  altNames?: { dns?: string[]; ip?: string[] };
  issuer?: CertFiles;
  days: number;
}

function makeCert(subject: Subject): CertFiles {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: "spki", format: "pem" }).toString());
  cert.serialNumber = "01" + forge.util.bytesToHex(forge.random.getBytesSync(15));
  cert.validity.notBefore = new Date(Date.now() - 24 * 3600 * 1000);
  cert.validity.notAfter = new Date(Date.now() + subject.days * 24 * 3600 * 1000);
  const name = [
    { name: "commonName", value: subject.commonName },
    { name: "organizationName", value: "Entra emulator (local)" },
  ];
  cert.setSubject(name);
  const issuerCert = subject.issuer ? forge.pki.certificateFromPem(subject.issuer.certPem) : undefined;
  cert.setIssuer(issuerCert ? issuerCert.subject.attributes : name);
  const extensions: object[] = [
    { name: "basicConstraints", cA: !!subject.ca, critical: true },
    subject.ca
      ? { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true }
      : { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ];
  if (subject.altNames) {
    extensions.push({ name: "extKeyUsage", serverAuth: true });
    extensions.push({
      name: "subjectAltName",
      altNames: [
        ...(subject.altNames.dns ?? []).map((value) => ({ type: 2, value })),
        ...(subject.altNames.ip ?? []).map((ip) => ({ type: 7, ip })),
      ],
    });
  }
  if (issuerCert)
    extensions.push({
      name: "authorityKeyIdentifier",
      keyIdentifier: issuerCert.generateSubjectKeyIdentifier().getBytes(),
    });
  cert.setExtensions(extensions);
  const signer = subject.issuer ? subject.issuer.keyPem : keyPem;
  cert.sign(
    forge.pki.privateKeyFromPem(createPrivateKey(signer).export({ type: "pkcs1", format: "pem" }).toString()),
    forge.md.sha256.create(),
  );
  return { keyPem, certPem: forge.pki.certificateToPem(cert) };
}

function loadOrCreate(dir: string, name: string, create: () => CertFiles): CertFiles {
  const keyPath = join(dir, `${name}.key`);
  const certPath = join(dir, `${name}.crt`);
  if (existsSync(keyPath) && existsSync(certPath)) {
    const files = { keyPem: readFileSync(keyPath, "utf8"), certPem: readFileSync(certPath, "utf8") };
    if (new Date(new X509Certificate(files.certPem).validTo).getTime() > Date.now() + 24 * 3600 * 1000) return files;
  }
  mkdirSync(dir, { recursive: true });
  const files = create();
  writeFileSync(keyPath, files.keyPem, { mode: 0o600 });
  writeFileSync(certPath, files.certPem);
  return files;
}

export interface TlsMaterial {
  caPath: string;
  ca: CertFiles;
  server: CertFiles;
}

/** The local CA (state/ca.crt, the file NODE_EXTRA_CA_CERTS points at) and the localhost server certificate. */
export function ensureTls(stateDir: string): TlsMaterial {
  const ca = loadOrCreate(stateDir, "ca", () =>
    makeCert({ commonName: "Entra emulator local CA", ca: true, days: 3650 }),
  );
  const server = loadOrCreate(stateDir, "localhost", () =>
    makeCert({
      commonName: "localhost",
      issuer: ca,
      altNames: { dns: ["localhost"], ip: ["127.0.0.1", "::1"] },
      days: 825,
    }),
  );
  // A server certificate from an earlier CA would not chain to this one: re-issue it.
  if (!new X509Certificate(server.certPem).checkIssued(new X509Certificate(ca.certPem))) {
    const fresh = makeCert({
      commonName: "localhost",
      issuer: ca,
      altNames: { dns: ["localhost"], ip: ["127.0.0.1", "::1"] },
      days: 825,
    });
    writeFileSync(join(stateDir, "localhost.key"), fresh.keyPem, { mode: 0o600 });
    writeFileSync(join(stateDir, "localhost.crt"), fresh.certPem);
    return { caPath: join(stateDir, "ca.crt"), ca, server: fresh };
  }
  return { caPath: join(stateDir, "ca.crt"), ca, server };
}

/** A self-signed certificate for an app registration's key credential (state/certs/<name>.{key,crt}). */
export function ensureClientCertificate(
  stateDir: string,
  name: string,
): CertFiles & { keyPath: string; certPath: string } {
  const dir = join(stateDir, "certs");
  const files = loadOrCreate(dir, name, () => makeCert({ commonName: `${name} (app credential)`, days: 730 }));
  return { ...files, keyPath: join(dir, `${name}.key`), certPath: join(dir, `${name}.crt`) };
}

/** Self-signed certificate for a token-signing key (x5c in JWKS). */
export function makeSigningCertificate(commonName: string): CertFiles {
  return makeCert({ commonName, days: 365 });
}

export function thumbprints(certPem: string): { x5t: string; x5tS256: string; der: Buffer } {
  const der = new X509Certificate(certPem).raw;
  return {
    der,
    x5t: createHash("sha1").update(der).digest("base64url"),
    x5tS256: createHash("sha256").update(der).digest("base64url"),
  };
}
