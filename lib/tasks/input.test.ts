import { describe, expect, it } from "vitest";
import { check, newTaskSchema, taskChangeSchema } from "./input";

describe("task input", () => {
  it("trims the title and turns an empty due date into none", () => {
    expect(check(newTaskSchema, { title: "  Buy milk ", dueDate: "" })).toEqual({
      ok: true,
      data: { title: "Buy milk", dueDate: null },
    });
    expect(check(newTaskSchema, { title: "t", dueDate: "2030-02-28" })).toEqual({
      ok: true,
      data: { title: "t", dueDate: "2030-02-28" },
    });
  });

  it.each([
    [{}, { title: "Enter a title." }],
    [{ title: "   " }, { title: "Enter a title." }],
    [{ title: "x".repeat(256) }, { title: "Keep the title to 255 characters or fewer." }],
    [{ title: "t", dueDate: "2030-02-30" }, { dueDate: "Enter the due date as a date, like 2030-05-01." }],
    [{ title: "t", dueDate: "tomorrow" }, { dueDate: "Enter the due date as a date, like 2030-05-01." }],
    [{ title: "t", owner: "x" }, { form: "Unknown field(s): owner." }],
  ])("refuses %j with a message per field", (value, fields) => {
    expect(check(newTaskSchema, value)).toEqual({ ok: false, fields });
  });

  it("a change clears the due date with null or an empty date, and must change something", () => {
    expect(check(taskChangeSchema, { title: "Mine", dueDate: null })).toEqual({
      ok: true,
      data: { title: "Mine", dueDate: null },
    });
    expect(check(taskChangeSchema, { dueDate: "" })).toEqual({ ok: true, data: { dueDate: null } });
    expect(check(taskChangeSchema, {})).toEqual({
      ok: false,
      fields: { form: "Change at least one of title, dueDate, completed." },
    });
    expect(check(taskChangeSchema, { completed: "yes" })).toEqual({
      ok: false,
      fields: { completed: "completed must be true or false." },
    });
  });
});
