import type { Profile } from "@/lib/graph/types";

// The profile as both modes show it: the server page passes the photo route (session cookie), the SPA
// page a blob URL it fetched with its bearer token.
export function ProfileCard({ profile, photoSrc }: { profile: Profile; photoSrc: string | undefined }) {
  return (
    <div className="card" style={{ display: "flex", gap: 20 }}>
      {/* eslint-disable-next-line @next/next/no-img-element -- a private, per-user image from our own API */}
      <img src={photoSrc} alt="" width={96} height={96} style={{ borderRadius: "50%", background: "#eef4fb" }} />
      <dl>
        <dt className="muted">Name</dt>
        <dd data-testid="profile-name">{profile.displayName}</dd>
        <dt className="muted">Mail</dt>
        <dd data-testid="profile-mail">{profile.mail ?? "—"}</dd>
        <dt className="muted">Job title</dt>
        <dd data-testid="profile-job-title">{profile.jobTitle ?? "—"}</dd>
        <dt className="muted">Department</dt>
        <dd>{profile.department ?? "—"}</dd>
        <dt className="muted">Office</dt>
        <dd>{profile.officeLocation ?? "—"}</dd>
      </dl>
    </div>
  );
}
