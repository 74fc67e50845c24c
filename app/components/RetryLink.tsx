"use client";
import { useEffect, useState } from "react";

/** "Try again", held back for the Retry-After the server gave (a countdown), then a plain link. */
export function RetryLink({ href, seconds = 0 }: { href: string; seconds?: number }) {
  const [left, setLeft] = useState(Math.ceil(seconds));
  useEffect(() => {
    if (left <= 0) return;
    const timer = setTimeout(() => setLeft((n) => n - 1), 1000);
    return () => clearTimeout(timer);
  }, [left]);
  const waiting = left > 0;
  return (
    <a
      className="button"
      href={href}
      data-testid="retry"
      data-wait={left}
      aria-disabled={waiting || undefined}
      onClick={(event) => {
        if (waiting) event.preventDefault();
      }}
    >
      {waiting ? `Try again in ${left} s` : "Try again"}
    </a>
  );
}
