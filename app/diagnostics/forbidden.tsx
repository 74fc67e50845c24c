import { getConfig } from "@/lib/config";

// HTTP 403 for /diagnostics in production without the admin app role.
export default function DiagnosticsForbidden() {
  const role = getConfig().entra.backend.roles.directoryAdmin;
  return (
    <main>
      <h1>403: not allowed</h1>
      <div className="card" role="alert" data-testid="forbidden">
        <p className="error">Diagnostics show the app&apos;s configuration: in production they need the {role} role on this app.</p>
        <p>
          <a className="button" href="/">
            Home
          </a>
        </p>
      </div>
    </main>
  );
}
