// Catalogue entries for the registrations and their credentials: client ids, secrets, certificates, federated tokens, scopes.
import { scopeOf, type EntrySpec } from "./entry";

export const CLIENTS: Record<number, EntrySpec> = {
  700016: {
    handling: "misconfiguration",
    daemonHint: "DAEMON_CLIENT_ID is not an application in this tenant",
    title: "The application is not in this tenant",
    happened: "Entra found no application with this client id in the directory.",
    cause: (c) =>
      `The client id '${c.client.id}' (${c.client.idVar}) is not an application in tenant '${c.failure.tenant ?? c.facts.tenantId}': a typo, the object id instead of the Application (client) ID, or a registration in another tenant (ENTRA_TENANT_ID).`,
    fix: (c) =>
      `Set ${c.client.idVar} to the registration's "Application (client) ID" from its Overview page, and ENTRA_TENANT_ID to the tenant that holds it.`,
  },
  7000215: {
    handling: "rejected-credential",
    daemonHint: "the service registration refused the credential",
    title: "Wrong client secret",
    happened: "The client secret sent with the token request is not a valid secret of the application.",
    cause: (c) =>
      `${c.client.secretVar} does not hold a current secret VALUE of ${c.client.label}: a typo, a secret rotated away, or the secret's ID copied instead of its value.`,
    fix: (c) =>
      `Create a secret under ${c.client.label} → Certificates & secrets and put its Value (shown once) in ${c.client.secretVar}.`,
  },
  7000222: {
    handling: "rejected-credential",
    title: "The client secret has expired",
    happened: "The client secret sent is valid but past its expiry date.",
    cause: (c) => `The secret in ${c.client.secretVar} has expired.`,
    fix: (c) =>
      `Create a new secret for ${c.client.label} and update ${c.client.secretVar} (or move to a certificate).`,
  },
  7000218: {
    handling: "misconfiguration",
    title: "No client credential was sent",
    happened: "A confidential client's token request carried neither client_secret nor client_assertion.",
    cause: (c) => `${c.client.label} is a confidential client but no credential was configured or sent.`,
    fix: (c) =>
      `Set ${c.client.secretVar}${c.client.id === c.facts.backendClientId ? " or ENTRA_BACKEND_CERTIFICATE_PATH" : ""}.`,
  },
  700027: {
    handling: "rejected-credential",
    daemonHint:
      "the certificate is not registered on the service registration: upload it (az ad app credential reset --id <app> --cert @cert.pem --append)",
    title: "The client certificate is not registered",
    happened:
      "The client assertion's signature could not be validated with any certificate registered on the application.",
    cause: (c) =>
      `The certificate the app signs with (ENTRA_BACKEND_CERTIFICATE_PATH/_BASE64) is not uploaded to ${c.client.label}, or the registration holds another certificate (renewed on one side only).`,
    fix: (c) =>
      `Upload the certificate's public part to ${c.client.label} → Certificates & secrets, and compare thumbprints (npm run doctor prints the configured one).`,
  },
  700211: {
    title: "The federated token's issuer is not registered",
    happened:
      "The workload token presented as the client assertion comes from an issuer none of the application's federated credentials names.",
    cause: (c) =>
      `${c.client.label} has no federated credential for that issuer: the token file (ENTRA_BACKEND_FEDERATED_TOKEN_FILE) comes from another cluster or identity provider than the one registered.`,
    fix: (c) =>
      `Add a federated credential to ${c.client.label} (Certificates & secrets → Federated credentials) with the token's issuer (for AKS: the cluster's OIDC issuer URL), or point ENTRA_BACKEND_FEDERATED_TOKEN_FILE at the right token.`,
  },
  700212: {
    title: "The federated token's audience is not registered",
    happened: "The workload token's aud matches none of the audiences of the application's federated credentials.",
    cause:
      "The platform projected the token for another audience than the federated credential expects (by default api://AzureADTokenExchange).",
    fix: "Project the token with the audience api://AzureADTokenExchange (AKS workload identity does), or add the token's audience to the federated credential.",
  },
  700213: {
    title: "The federated token's subject is not registered",
    happened: "The workload token's issuer is registered, but not for its subject.",
    cause: (c) =>
      `The workload runs under another identity than the federated credential of ${c.client.label} names (for Kubernetes: system:serviceaccount:<namespace>:<service account>).`,
    fix: (c) =>
      `Set the federated credential's subject on ${c.client.label} to the workload's subject, or run the workload under the registered service account.`,
  },
  1002012: {
    handling: "misconfiguration",
    daemonHint:
      "client credentials need a scope ending in /.default: set DAEMON_SCOPE to api://<backend client id>/.default (or unset it)",
    title: "Client credentials need a /.default scope",
    happened: "A client-credentials request asked for a scope that does not end in /.default.",
    cause: (c) =>
      `The scope ${c.failure.scopes?.length ? `'${c.failure.scopes.join(" ")}'` : "requested"} names a delegated permission; app-only tokens carry the application permissions granted to the app, which are requested as {resource}/.default.`,
    fix: (c) =>
      `Use ${c.facts.backendAppIdUri}/.default (daemons: DAEMON_SCOPE) or https://graph.microsoft.com/.default.`,
  },
  500011: {
    handling: "misconfiguration",
    daemonHint: "the resource in DAEMON_SCOPE is not in this tenant: check the backend's Application ID URI",
    title: "The resource is not in the tenant",
    happened: "The scope names a resource (App ID URI) that no service principal in the tenant has.",
    cause: (c) =>
      `The resource of the requested scope${c.failure.scopes?.length ? ` '${c.failure.scopes.join(" ")}'` : ""} is not an App ID URI of any app in the tenant: ENTRA_BACKEND_APP_ID_URI does not match the backend registration's "Application ID URI", or the backend has no service principal yet.`,
    fix: (c) =>
      `Set ENTRA_BACKEND_APP_ID_URI to the backend's Application ID URI (Expose an API), e.g. api://${c.facts.backendClientId}.`,
  },
  70011: {
    handling: "misconfiguration",
    title: "The scope is not valid",
    happened: "The scope parameter is malformed or names a permission the resource does not expose.",
    cause: (c) =>
      `The requested scope${c.failure.scopes?.length ? ` '${c.failure.scopes.join(" ")}'` : ""} is not a permission of its resource, or mixes /.default with other scopes.`,
    fix: (c) => `Check the scope names: the backend exposes ${scopeOf(c)} (ENTRA_BACKEND_SCOPE).`,
  },
  90009: {
    title: "An app asked for a token for itself by URI",
    happened: "An application requested a token for itself using a non-GUID identifier.",
    cause: (c) =>
      `${c.client.label} asked for a token for its own App ID URI; Entra only allows that with the GUID form.`,
    fix: (c) => `Request ${c.client.id}/.default instead of the App ID URI form.`,
  },
  7000114: {
    handling: "misconfiguration",
    title: "The backend may not use the on-behalf-of flow",
    happened: "Entra refused an on-behalf-of request from an application that is not allowed to make one.",
    cause: (c) => `${c.client.label} is not allowed to make on-behalf-of calls (Entra answers unauthorized_client).`,
    fix: (c) =>
      `Use a Web API registration as the backend (ENTRA_BACKEND_CLIENT_ID) that exposes a scope and holds a credential; ${c.client.label} cannot exchange user tokens.`,
  },
  90002: {
    title: "Tenant not found",
    happened: "The tenant in the authority URL does not exist in this cloud.",
    cause: (c) =>
      `'${c.failure.tenant ?? c.facts.tenantId}' is not a tenant at ${c.facts.instance}: ENTRA_TENANT_ID is wrong, or ENTRA_INSTANCE points at another cloud.`,
    fix: "Set ENTRA_TENANT_ID to the Directory (tenant) ID GUID from the Entra admin center Overview page, and ENTRA_INSTANCE to the tenant's cloud (https://login.microsoftonline.com for the public cloud).",
  },
};
