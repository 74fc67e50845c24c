"use client";
import { useState, type FormEvent } from "react";
import type { z } from "zod";
import { checkTaskFields, type FieldErrors } from "@/lib/tasks/input";

/**
 * A task form's fields checked in the browser with the API's own rules before anything is sent: `read`
 * answers the input, or undefined and `local` holds the errors to show beside the fields.
 */
export function useFieldCheck<T>(schema: z.ZodType<T>) {
  const [local, setLocal] = useState<FieldErrors | undefined>();
  const read = (event: FormEvent<HTMLFormElement>): T | undefined => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const input = checkTaskFields(schema, (name) => data.get(name));
    setLocal(input.ok ? undefined : input.fields);
    return input.ok ? input.data : undefined;
  };
  return { local, read };
}
