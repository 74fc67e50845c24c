"use client";
import { useId, useState } from "react";
import type { Group } from "@/lib/graph/types";

/** Lists longer than this get a filter box. */
const FILTER_FROM = 12;

/** The user's groups, with a filter box when the list is long (grady's 231 groups). */
export function GroupFilter({ groups }: { groups: Group[] }) {
  const [text, setText] = useState("");
  const id = useId();
  const needle = text.trim().toLowerCase();
  const shown = needle ? groups.filter((g) => g.displayName.toLowerCase().includes(needle)) : groups;
  return (
    <>
      {groups.length >= FILTER_FROM ? (
        <div className="search-form" role="search">
          <label htmlFor={id} className="sr-only-text">
            Filter groups
          </label>
          <input
            id={id}
            className="input"
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="Filter groups by name"
            data-testid="group-filter"
          />
        </div>
      ) : null}
      {needle ? (
        <p className="muted" role="status" data-testid="group-filter-count">
          {shown.length} of {groups.length} shown
        </p>
      ) : null}
      <ul className="group-list">
        {shown.map((g) => (
          <li key={g.id} data-testid="group-row">
            {g.displayName}
          </li>
        ))}
      </ul>
    </>
  );
}
