import { Forbidden } from "@/app/components/Forbidden";
import { getConfig } from "@/lib/config";

// HTTP 403 for /diagnostics outside `npm run dev` without the admin app role.
export default function DiagnosticsForbidden() {
  const role = getConfig().entra.backend.roles.directoryAdmin;
  return (
    <Forbidden
      what="Diagnostics show how this app is set up, so they are for its administrators."
      forAdmin={
        <>
          Diagnostics need the <code>{role}</code> app role on the API outside <code>npm run dev</code>.
        </>
      }
    />
  );
}
