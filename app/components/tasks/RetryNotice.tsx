"use client";
import { useEffect, useState } from "react";

// Graph throttled (429) or was unavailable (503) for a write: nothing was changed, the form keeps what
// the user entered, and the write is tried again when Graph's Retry-After has passed (with JavaScript;
// without it, the user submits again). `attempt` changes with each answer, restarting the countdown.
export function RetryNotice({
  seconds,
  message,
  attempt,
  onElapsed,
}: {
  seconds: number;
  message: string;
  attempt: number;
  onElapsed?: () => void;
}) {
  const [left, setLeft] = useState(seconds);
  const [live, setLive] = useState(false); // false until hydrated: the server's HTML must not promise a retry
  useEffect(() => {
    setLive(true);
    setLeft(seconds);
    const started = Date.now();
    const timer = setInterval(() => {
      const remaining = Math.max(0, seconds - Math.floor((Date.now() - started) / 1000));
      setLeft(remaining);
      if (remaining === 0) {
        clearInterval(timer);
        onElapsed?.();
      }
    }, 250);
    return () => clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- one countdown per answer
  }, [seconds, attempt]);
  return (
    <p role="status" className="error" data-testid="retry-notice" data-seconds-left={left}>
      {message} Nothing was saved yet; your input is kept.{" "}
      {live && onElapsed
        ? left > 0
          ? `Trying again in ${left} s.`
          : "Trying again…"
        : `Try again in ${seconds} seconds.`}
    </p>
  );
}
