// One notice for every interruption, in both modes: the sentence and action per code, what the SPA reads
// from an API error (correlation id, Retry-After), the correlation id the server logs beside the failure,
// and the counts users read (plurals, the directory's position).
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { errorResponse } from "@/lib/api/respond";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { readApiError } from "@/lib/spa/api";
import { DirectoryResults } from "@/app/components/Directory";
import { GroupsCard } from "@/app/components/GroupsCard";
import { noticeFor } from "@/app/components/notice-text";

afterEach(() => vi.restoreAllMocks());

describe("the notice for each interruption", () => {
  it("expected steps are neutral with their action; failures are errors with Try again", () => {
    expect(noticeFor("ERR_OBO_CONSENT_REQUIRED")).toMatchObject({ tone: "info", action: "grant" });
    expect(noticeFor("ERR_OBO_CLAIMS_CHALLENGE")).toMatchObject({ tone: "info", action: "continue" });
    expect(noticeFor("ERR_INTERACTION_REQUIRED")).toMatchObject({ tone: "info", action: "continue" });
    for (const code of [
      "ERR_GRAPH_THROTTLED",
      "ERR_GRAPH_UNAVAILABLE",
      "ERR_IDP_UNAVAILABLE",
      "ERR_UNEXPECTED",
      "ERR_SPA_SIGN_IN",
    ] as const) {
      expect(noticeFor(code), code).toMatchObject({ tone: "error", action: "retry" });
    }
  });

  it("says nothing technical to the user", () => {
    for (const code of [
      "ERR_OBO_CONSENT_REQUIRED",
      "ERR_OBO_CLAIMS_CHALLENGE",
      "ERR_INTERACTION_REQUIRED",
      "ERR_GRAPH_THROTTLED",
      "ERR_OBO_MISCONFIGURED",
    ] as const) {
      expect(noticeFor(code).sentence, code).not.toMatch(/AADSTS|OBO|token|claim|Graph|client|doctor/i);
    }
  });
});

describe("correlation ids and Retry-After", () => {
  it("the API logs the id it answers with, never the token", async () => {
    const warn = vi.spyOn(log, "warn").mockImplementation(() => undefined);
    const res = errorResponse(new AppError("ERR_GRAPH_THROTTLED", { retryAfterSeconds: 3 }));
    const body = (await res.json()) as { correlationId: string };
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("3");
    expect(body.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ correlationId: body.correlationId, code: "ERR_GRAPH_THROTTLED", status: 503 }),
      "api: error answered",
    );
  });

  it("the SPA reads the id and the Retry-After into the notice; a malformed id is dropped", () => {
    const id = "0b1f6a3c-2d4e-4f50-9a61-7b8c9d0e1f23";
    const outcome = readApiError(503, null, { error: "graph_throttled", message: "m", correlationId: id }, "4");
    expect(outcome).toEqual({
      kind: "problem",
      problem: { code: "ERR_GRAPH_THROTTLED", message: "m", correlationId: id, retryAfterSeconds: 4 },
    });
    const odd = readApiError(503, null, { error: "graph_throttled", message: "m", correlationId: "<script>" }, "soon");
    expect(odd).toEqual({ kind: "problem", problem: { code: "ERR_GRAPH_THROTTLED", message: "m" } });
  });
});

describe("counts users read", () => {
  const person = (i: number) => ({
    id: `p${i}`,
    displayName: `Person ${i}`,
    mail: null,
    userPrincipalName: `p${i}@contoso.onmicrosoft.com`,
  });

  it("one group, one person: singular", () => {
    expect(
      renderToStaticMarkup(
        createElement(GroupsCard, {
          list: { groups: [{ id: "g", displayName: "All Company" }], total: 1, truncated: false },
        }),
      ),
    ).toContain("</strong> group.");
    const html = renderToStaticMarkup(
      createElement(DirectoryResults, {
        query: { q: "x", page: undefined, trail: [], valid: true },
        result: { items: [person(1)], nextPage: null, total: 1 },
      }),
    );
    expect(html).toContain("1 person matches “x”");
    expect(html).toContain("Showing 1 of 1");
  });

  it("the second page of 57 is 11–20, with links both ways", () => {
    const items = Array.from({ length: 10 }, (_, i) => person(i));
    const html = renderToStaticMarkup(
      createElement(DirectoryResults, {
        query: { q: "a", page: "tok2", trail: ["-"], valid: true },
        result: { items, nextPage: "tok3", total: 57 },
      }),
    );
    expect(html).toContain("57 people match “a”");
    expect(html).toContain("Showing 11–20 of 57");
    expect(html).toContain('data-testid="directory-prev"');
    expect(html).toContain('data-testid="directory-next"');
  });
});
