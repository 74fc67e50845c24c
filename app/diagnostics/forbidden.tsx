import { Forbidden } from "@/app/components/Forbidden";
import { getConfig } from "@/lib/config";

// HTTP 403 for /diagnostics outside `npm run dev` without the admin app role.
export default function DiagnosticsForbidden() {
  const role = getConfig().entra.backend.roles.directoryAdmin;
  return <Forbidden>Diagnostics show the app&apos;s configuration: they need the {role} role on this app.</Forbidden>;
}
