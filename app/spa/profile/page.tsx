import { ModeBadge } from "@/app/components/ModeBadge";
import { ProfileView } from "./ProfileView";

export const metadata = { title: "Profile" };

export default function SpaProfilePage() {
  return (
    <main>
      <h1>Profile</h1>
      <ModeBadge page="profile" mode="spa" />
      <ProfileView />
    </main>
  );
}
