"use client";
import type { Profile } from "@/lib/graph/types";
import { useApi, useApiImage } from "@/lib/spa/use-api";
import { PageLoadBeacon } from "@/app/components/PageLoadBeacon";
import { ProblemNotice } from "@/app/components/ProblemNotice";
import { ProfileCard } from "@/app/components/ProfileCard";
import { ProfileSkeleton } from "@/app/components/Skeletons";
import { PAGES } from "@/lib/pages";

export function ProfileView() {
  const { data, error, onContinue } = useApi<Profile>(PAGES.profile.api);
  const photo = useApiImage(`${PAGES.profile.api}/photo`);
  if (error)
    return (
      <>
        <ProblemNotice problem={error} retryHref="/profile" onContinue={onContinue} />
        <PageLoadBeacon page="profile" mode="spa" problem={error} />
      </>
    );
  if (!data) return <ProfileSkeleton />;
  return (
    <>
      <ProfileCard profile={data} photoSrc={photo.url} />
      <PageLoadBeacon page="profile" mode="spa" />
    </>
  );
}
