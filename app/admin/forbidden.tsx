import { Forbidden } from "@/app/components/Forbidden";
import { getConfig } from "@/lib/config";

// Rendered with HTTP 403 when an admin page calls forbidden(): the signed-in user lacks the admin app role.
export default function AdminForbidden() {
  const role = getConfig().entra.backend.roles.directoryAdmin;
  return (
    <Forbidden
      what="This page is for the app's administrators."
      forAdmin={
        <>
          The user needs the <code>{role}</code> app role on the API: Entra admin center → Enterprise applications → the
          API → Users and groups → Add user/group.
        </>
      }
    />
  );
}
