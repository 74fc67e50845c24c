import { getMe } from "@/lib/graph";
import { ProfileCard } from "@/app/components/ProfileCard";
import { serverPage } from "@/app/components/ServerPage";
import { ProfileSkeleton } from "@/app/components/Skeletons";
import { PAGES } from "@/lib/pages";

export const dynamic = "force-dynamic";
export const metadata = { title: PAGES.profile.title };

export default function ProfilePage() {
  return serverPage({
    page: "profile",
    fallback: <ProfileSkeleton />,
    load: getMe,
    render: (profile) => <ProfileCard profile={profile} photoSrc="/api/me/photo" />,
  });
}
