"use client";
import type { Profile } from "@/lib/graph/types";
import { useApi, useApiImage } from "@/lib/spa/use-api";
import { LoadingCard } from "@/app/components/LoadingCard";
import { PageLoadBeacon } from "@/app/components/PageLoadBeacon";
import { ProblemNotice } from "@/app/components/ProblemNotice";
import { ProfileCard } from "@/app/components/ProfileCard";

export function ProfileView() {
  const { data, error } = useApi<Profile>("/api/me");
  const photo = useApiImage("/api/me/photo");
  if (!data && !error) return <LoadingCard />;
  return (
    <>
      {error ? <ProblemNotice problem={error} retryHref="/profile" /> : <ProfileCard profile={data!} photoSrc={photo} />}
      <PageLoadBeacon page="profile" mode="spa" problem={error} />
    </>
  );
}
