import { getConfig } from "@/lib/config";

export const dynamic = "force-dynamic";

export default function Home() {
  const { provider, entra } = getConfig();
  return (
    <main>
      <h1>Entra dual-mode app</h1>
      <div className="card" data-testid="identity-provider">
        <p>
          Identity provider:{" "}
          <strong>{provider === "emulator" ? "local Entra emulator" : "Microsoft Entra ID tenant"}</strong>
        </p>
        <p className="muted">
          Authority <code>{entra.authority}</code>
        </p>
      </div>
      <p>
        <a className="button" href="/auth/signin?returnTo=%2F">
          Sign in
        </a>
      </p>
    </main>
  );
}
