import { Suspense } from "react";
import { requireUser } from "@/lib/session";
import { loadAsUser } from "@/lib/api/page";
import { getMe } from "@/lib/graph";
import { PageHeader } from "@/app/components/PageHeader";
import { PageLoadBeacon } from "@/app/components/PageLoadBeacon";
import { ProblemNotice } from "@/app/components/ProblemNotice";
import { ProfileCard } from "@/app/components/ProfileCard";
import { ProfileSkeleton } from "@/app/components/Skeletons";
import { PAGES } from "@/lib/pages";

export const dynamic = "force-dynamic";
export const metadata = { title: PAGES.profile.title };

export default async function ProfilePage() {
  await requireUser("/profile");
  return (
    <main>
      <PageHeader page="profile" mode="server" />
      {/* The heading and badge go out at once; only the data area waits for Graph (streamed). */}
      <Suspense fallback={<ProfileSkeleton />}>
        <ProfileData />
      </Suspense>
    </main>
  );
}

async function ProfileData() {
  const result = await loadAsUser("/profile", getMe);
  return (
    <>
      {result.ok ? (
        <ProfileCard profile={result.data} photoSrc="/api/me/photo" />
      ) : (
        <ProblemNotice problem={result.problem} retryHref="/profile" />
      )}
      <PageLoadBeacon page="profile" mode="server" problem={result.ok ? undefined : result.problem} />
    </>
  );
}
