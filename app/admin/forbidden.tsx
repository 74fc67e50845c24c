import { Forbidden } from "@/app/components/Forbidden";
import { getConfig } from "@/lib/config";

// Rendered with HTTP 403 when an admin page calls forbidden(): the signed-in user lacks the admin app role.
export default function AdminForbidden() {
  const role = getConfig().entra.backend.roles.directoryAdmin;
  return (
    <Forbidden>
      You need the {role} role on this app to see this page. Ask an administrator to assign it to you (Entra admin
      center → Enterprise applications → the API → Users and groups), then sign out and in again.
    </Forbidden>
  );
}
