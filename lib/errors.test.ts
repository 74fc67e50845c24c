import { describe, expect, it } from "vitest";
import { APP_ERROR_CODES, AppError, codeOfWireName, messageOf, statusOf, wireNameOf } from "./errors";

describe("the one error table", () => {
  it("gives every code a wire name of its own, so the client reads each answer back into its code", () => {
    for (const code of APP_ERROR_CODES) expect(codeOfWireName(wireNameOf(code)), code).toBe(code);
    expect(new Set(APP_ERROR_CODES.map(wireNameOf)).size).toBe(APP_ERROR_CODES.length);
  });

  it("answers with an error status", () => {
    for (const code of APP_ERROR_CODES) expect(statusOf(code), code).toBeGreaterThanOrEqual(400);
    expect(statusOf("ERR_INVALID_TOKEN")).toBe(401);
    expect(statusOf("ERR_OBO_CONSENT_REQUIRED")).toBe(403);
    expect(statusOf("ERR_IDP_UNAVAILABLE")).toBe(503);
  });

  it("knows no name the app never sends", () => {
    expect(codeOfWireName("no_such_error")).toBeUndefined();
    expect(codeOfWireName("__proto__")).toBeUndefined();
  });

  it("an AppError carries the fixed message unless given its own", () => {
    expect(new AppError("ERR_NOT_FOUND").message).toBe(messageOf("ERR_NOT_FOUND"));
    expect(new AppError("ERR_NOT_FOUND", {}, { message: "This user has no photo." }).message).toBe(
      "This user has no photo.",
    );
  });
});
