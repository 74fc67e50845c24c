// A certificate credential as MSAL wants it, from PEM text: the SHA-256 thumbprint is computed here,
// never configured by hand (a stale hand-copied thumbprint is a classic AADSTS700027).
import { createPrivateKey, X509Certificate } from "node:crypto";

export interface CertificatePem {
  certificatePem: string;
  privateKeyPem: string;
}

export interface MsalCertificate {
  thumbprintSha256: string;
  privateKey: string;
  /** Sent as x5c so certificate rotation (subject name + issuer) works in Entra. */
  x5c: string;
}

export function toMsalCertificate({ certificatePem, privateKeyPem }: CertificatePem): MsalCertificate {
  const cert = new X509Certificate(certificatePem);
  // msal-node signs with PKCS#8 only; keys exported as "RSA PRIVATE KEY" (PKCS#1, openssl's old default) are converted.
  const privateKey = createPrivateKey(privateKeyPem).export({ format: "pem", type: "pkcs8" }).toString();
  return { thumbprintSha256: cert.fingerprint256.replace(/:/g, "").toLowerCase(), privateKey, x5c: certificatePem };
}

/** Splits a PEM bundle (certificate + private key, any order) into its two parts, or says what is missing. */
export function splitPemBundle(pem: string): CertificatePem | { missing: string } {
  const certificatePem = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/)?.[0];
  const privateKeyPem = pem.match(
    /-----BEGIN (RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END (RSA |EC )?PRIVATE KEY-----/,
  )?.[0];
  if (!certificatePem) return { missing: "-----BEGIN CERTIFICATE-----" };
  if (!privateKeyPem) return { missing: "-----BEGIN PRIVATE KEY-----" };
  return { certificatePem, privateKeyPem };
}

export function certificateExpiry(certificatePem: string): Date {
  return new Date(new X509Certificate(certificatePem).validTo);
}
