import { requireUser } from "@/lib/auth";
import { loadAsUser } from "@/lib/api/page";
import { getMe } from "@/lib/graph";
import { ProblemNotice } from "@/app/components/ProblemNotice";

export const dynamic = "force-dynamic";

export default async function ProfilePage() {
  await requireUser("/profile");
  const result = await loadAsUser("/profile", getMe);
  return (
    <main>
      <h1>Profile</h1>
      {result.ok ? (
        <div className="card" style={{ display: "flex", gap: 20 }}>
          {/* eslint-disable-next-line @next/next/no-img-element -- a private, per-user image from our own API */}
          <img src="/api/me/photo" alt="" width={96} height={96} style={{ borderRadius: "50%", background: "#eef4fb" }} />
          <dl>
            <dt className="muted">Name</dt>
            <dd data-testid="profile-name">{result.data.displayName}</dd>
            <dt className="muted">Mail</dt>
            <dd data-testid="profile-mail">{result.data.mail ?? "—"}</dd>
            <dt className="muted">Job title</dt>
            <dd data-testid="profile-job-title">{result.data.jobTitle ?? "—"}</dd>
            <dt className="muted">Department</dt>
            <dd>{result.data.department ?? "—"}</dd>
            <dt className="muted">Office</dt>
            <dd>{result.data.officeLocation ?? "—"}</dd>
          </dl>
        </div>
      ) : (
        <ProblemNotice problem={result.problem} retryHref="/profile" />
      )}
    </main>
  );
}
