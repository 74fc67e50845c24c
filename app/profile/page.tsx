import { requireUser } from "@/lib/auth";
import { loadAsUser } from "@/lib/api/page";
import { getMe } from "@/lib/graph";
import { ModeBadge } from "@/app/components/ModeBadge";
import { PageLoadBeacon } from "@/app/components/PageLoadBeacon";
import { ProblemNotice } from "@/app/components/ProblemNotice";
import { ProfileCard } from "@/app/components/ProfileCard";

export const dynamic = "force-dynamic";

export default async function ProfilePage() {
  await requireUser("/profile");
  const result = await loadAsUser("/profile", getMe);
  return (
    <main>
      <h1>Profile</h1>
      <ModeBadge page="profile" mode="server" />
      {result.ok ? <ProfileCard profile={result.data} photoSrc="/api/me/photo" /> : <ProblemNotice problem={result.problem} retryHref="/profile" />}
      <PageLoadBeacon page="profile" mode="server" problem={result.ok ? undefined : result.problem} />
    </main>
  );
}
