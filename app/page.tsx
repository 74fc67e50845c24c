import Link from "next/link";
import { getCurrentUser } from "@/lib/auth";
import { getConfig } from "@/lib/config";
import { PAGES } from "@/lib/flags";
import { currentPageModes } from "@/lib/rollout/request";

export const dynamic = "force-dynamic";

const DESCRIPTIONS = {
  profile: "your Graph profile and photo",
  directory: "search the people in the directory",
  groups: "the groups you belong to (read from Graph past the token's 200-group limit)",
} as const;

export default async function Home() {
  const { provider, entra } = getConfig();
  const user = await getCurrentUser();
  const modes = await currentPageModes();
  return (
    <main>
      <h1>Entra dual-mode app</h1>
      <div className="card" data-testid="identity-provider">
        <p>
          Identity provider: <strong>{provider === "emulator" ? "local Entra emulator" : "Microsoft Entra ID tenant"}</strong>
        </p>
        <p className="muted">
          Authority <code>{entra.authority}</code>
        </p>
      </div>
      <div className="card">
        <p>Each page renders on the server or as an SPA page, chosen per page by configuration; both call the same API.</p>
        <table>
          <tbody>
            {PAGES.map((page) => (
              <tr key={page}>
                <td>
                  <Link href={`/${page}`} prefetch={false}>
                    {page[0].toUpperCase() + page.slice(1)}
                  </Link>
                </td>
                <td className="muted">{DESCRIPTIONS[page]}</td>
                <td>
                  <span className="badge" data-testid={`home-mode-${page}`}>
                    {modes[page] === "spa" ? "SPA mode" : "server mode"}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {user ? (
        <p>
          Signed in as <strong>{user.name}</strong> ({user.username}). <Link href="/diagnostics" prefetch={false}>Diagnostics</Link>
        </p>
      ) : (
        <p>
          <a className="button" href="/auth/signin?returnTo=%2F">
            Sign in
          </a>
        </p>
      )}
    </main>
  );
}
