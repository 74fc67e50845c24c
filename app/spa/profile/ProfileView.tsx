"use client";
import type { Profile } from "@/lib/graph/types";
import { useApi, useApiImage } from "@/lib/spa/use-api";
import { LoadingCard } from "@/app/components/LoadingCard";
import { ProblemNotice } from "@/app/components/ProblemNotice";
import { ProfileCard } from "@/app/components/ProfileCard";

export function ProfileView() {
  const { data, error } = useApi<Profile>("/api/me");
  const photo = useApiImage("/api/me/photo");
  if (error) return <ProblemNotice problem={error} retryHref="/profile" />;
  if (!data) return <LoadingCard />;
  return <ProfileCard profile={data} photoSrc={photo} />;
}
