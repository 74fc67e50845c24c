import type { Profile } from "@/lib/graph/types";
import { Avatar } from "./Avatar";

// The profile as both modes show it: the server page passes the photo route (session cookie), the SPA
// page a blob URL it fetched with its bearer token (undefined when there is none: the initials show).
export function ProfileCard({ profile, photoSrc }: { profile: Profile; photoSrc: string | undefined }) {
  const rows: Array<[string, string | null, string?]> = [
    ["Name", profile.displayName, "profile-name"],
    ["Mail", profile.mail, "profile-mail"],
    ["Job title", profile.jobTitle, "profile-job-title"],
    ["Department", profile.department],
    ["Office", profile.officeLocation],
  ];
  return (
    <div className="card profile">
      <Avatar name={profile.displayName} photoSrc={photoSrc} size={96} />
      <dl className="fields">
        {rows.map(([label, value, testId]) => (
          <div key={label} style={{ display: "contents" }}>
            <dt>{label}</dt>
            <dd data-testid={testId}>{value ?? "—"}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
