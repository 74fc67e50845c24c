"use client";
import { useEffect, useRef, useState } from "react";

/** "Adele Vance" → "AV"; one word → its first letter. */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters.map((w) => [...w][0]?.toUpperCase() ?? "").join("") || "?";
}

/**
 * The user's photo, or their initials when there is none: the photo hides itself when it fails to load
 * (no photo answers 404), including a failure that happened before this component hydrated.
 */
export function Avatar({ name, photoSrc, size = 32 }: { name: string; photoSrc?: string; size?: number }) {
  const [broken, setBroken] = useState(false);
  const img = useRef<HTMLImageElement>(null);
  useEffect(() => {
    setBroken(false);
    const el = img.current;
    if (el?.complete && el.naturalWidth === 0) setBroken(true);
  }, [photoSrc]);
  return (
    <span
      className="avatar"
      style={{ width: size, height: size, fontSize: Math.round(size * 0.38) }}
      data-testid="avatar"
      data-photo={photoSrc && !broken ? "yes" : "no"}
    >
      <span aria-hidden="true">{initialsOf(name)}</span>
      {photoSrc && !broken ? (
        // eslint-disable-next-line @next/next/no-img-element -- a private, per-user image from our own API
        <img
          ref={img}
          src={photoSrc}
          alt={`Photo of ${name}`}
          width={size}
          height={size}
          onError={() => setBroken(true)}
        />
      ) : null}
    </span>
  );
}
