import { describe, expect, it } from "vitest";
import { quantile } from "./totals";

describe("percentiles from histogram buckets", () => {
  const bounds = [100, 200, 400];
  it("interpolates within the bucket that holds the rank", () => {
    expect(quantile([0, 10, 0, 0], 0.5, bounds)).toBe(150); // ten loads in (100, 200]
    expect(quantile([5, 5, 0, 0], 0.5, bounds)).toBe(100);
    expect(quantile([1, 0, 18, 1], 0.95, bounds)).toBe(400);
  });
  it("has no answer without loads", () => {
    expect(quantile([0, 0, 0, 0], 0.5, bounds)).toBeUndefined();
  });
  it("reports the lower bound of the open last bucket", () => {
    expect(quantile([0, 0, 0, 3], 0.5, bounds)).toBe(400);
  });
});
