export default function Loading() {
  return (
    <main>
      <div className="card muted" aria-busy="true" data-testid="loading">
        Loading from Microsoft Graph…
      </div>
    </main>
  );
}
