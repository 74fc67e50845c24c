import { describe, expect, it } from "vitest";
import { clearBrowserTokens } from "./sign-out";

function storage(keys: string[]) {
  const map = new Map(keys.map((k) => [k, "v"]));
  return {
    get length() {
      return map.size;
    },
    key: (i: number) => [...map.keys()][i] ?? null,
    removeItem: (k: string) => void map.delete(k),
    keys: () => [...map.keys()],
  };
}

describe("clearing MSAL's browser cache on sign-out", () => {
  it("removes every msal. key and nothing else", () => {
    const s = storage([
      "msal.token.keys.x",
      "msal.account.keys",
      "msal.3f6d.active-account",
      "other",
      "spa-interaction:/profile",
    ]);
    clearBrowserTokens(s);
    expect(s.keys()).toEqual(["other", "spa-interaction:/profile"]);
  });
});
