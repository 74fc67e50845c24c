// The one way a check words its finding: every outcome of a check shares its id and title, and only a
// problem carries a fix.
import type { Finding } from "../types";

export function findingOf(id: string, title: string) {
  return {
    ok: (detail: string): Finding => ({ id, status: "ok", title, detail }),
    warning: (detail: string, fix: string): Finding => ({ id, status: "warning", title, detail, fix }),
    error: (detail: string, fix: string): Finding => ({ id, status: "error", title, detail, fix }),
  };
}
