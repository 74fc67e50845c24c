import { Forbidden } from "@/app/components/Forbidden";

// Rendered with HTTP 403 when an admin page calls forbidden(): the signed-in user lacks the admin app role.
export default function AdminForbidden() {
  return <Forbidden what="This page is for the app's administrators." roleFor="This page" />;
}
