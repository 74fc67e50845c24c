import { PageHeader } from "@/app/components/PageHeader";
import { ProfileView } from "./ProfileView";
import { PAGES } from "@/lib/pages";

export const metadata = { title: PAGES.profile.title };

export default function SpaProfilePage() {
  return (
    <main>
      <PageHeader page="profile" mode="spa" />
      <ProfileView />
    </main>
  );
}
