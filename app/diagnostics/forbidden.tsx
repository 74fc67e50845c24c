import { Forbidden } from "@/app/components/Forbidden";

// HTTP 403 for /diagnostics outside `npm run dev` without the admin app role.
export default function DiagnosticsForbidden() {
  return (
    <Forbidden
      what="Diagnostics show how this app is set up, so they are for its administrators."
      roleFor="Outside npm run dev, Diagnostics"
    />
  );
}
