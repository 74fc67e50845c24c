// What a data area looks like while it loads: the shape it will have, nothing else of the page changes.

const Line = ({ width }: { width: string }) => <span className="skeleton skeleton-line" style={{ width }} />;

function SkeletonCard({ shape, children }: { shape: string; children: React.ReactNode }) {
  return (
    <div className="card" aria-busy="true" data-testid="skeleton" data-shape={shape}>
      <span className="sr-only-text" role="status">
        Loading…
      </span>
      {children}
    </div>
  );
}

export function ProfileSkeleton() {
  return (
    <SkeletonCard shape="profile">
      <div className="profile">
        <span className="skeleton" style={{ width: 96, height: 96, borderRadius: "50%", flex: "none" }} />
        <div style={{ flex: 1 }}>
          {["40%", "55%", "35%", "45%", "30%"].map((w, i) => (
            <Line key={i} width={w} />
          ))}
        </div>
      </div>
    </SkeletonCard>
  );
}

export function ListSkeleton({ shape, rows = 6 }: { shape: "directory" | "groups" | "list"; rows?: number }) {
  return (
    <SkeletonCard shape={shape}>
      <Line width="30%" />
      {Array.from({ length: rows }, (_, i) => (
        <Line key={i} width={`${90 - ((i * 17) % 40)}%`} />
      ))}
    </SkeletonCard>
  );
}
