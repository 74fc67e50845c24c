export function LoadingCard() {
  return (
    <div className="card muted" aria-busy="true" data-testid="loading">
      Loading from Microsoft Graph…
    </div>
  );
}
