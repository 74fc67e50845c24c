import { describe, expect, it } from "vitest";
import { MemoryStore } from "@/lib/store/memory";
import { SpaCodeStore } from "./spa-code";

describe("spa_code store", () => {
  it("hands a code out once", async () => {
    const codes = new SpaCodeStore(new MemoryStore());
    await codes.put("sid-1", "1.code");
    expect(await codes.take("sid-1")).toBe("1.code");
    expect(await codes.take("sid-1")).toBeUndefined();
  });

  it("gives concurrent takers one code between them", async () => {
    const codes = new SpaCodeStore(new MemoryStore());
    await codes.put("sid-1", "1.code");
    const taken = await Promise.all([codes.take("sid-1"), codes.take("sid-1"), codes.take("sid-1")]);
    expect(taken.filter(Boolean)).toEqual(["1.code"]);
  });

  it("keeps sessions apart", async () => {
    const codes = new SpaCodeStore(new MemoryStore());
    await codes.put("sid-1", "1.a");
    await codes.put("sid-2", "1.b");
    expect(await codes.take("sid-2")).toBe("1.b");
    expect(await codes.take("sid-1")).toBe("1.a");
  });

  it("forgets a code after its lifetime", async () => {
    let now = 0;
    const codes = new SpaCodeStore(new MemoryStore(100, () => now), 600);
    await codes.put("sid-1", "1.code");
    now = 601_000;
    expect(await codes.take("sid-1")).toBeUndefined();
  });

  it("drops a code when the session ends", async () => {
    const codes = new SpaCodeStore(new MemoryStore());
    await codes.put("sid-1", "1.code");
    await codes.delete("sid-1");
    expect(await codes.take("sid-1")).toBeUndefined();
  });
});
