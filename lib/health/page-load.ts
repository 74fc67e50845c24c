// The beacon's body, validated before anything is recorded (a bounded set of label values).
import { z } from "zod";
import { PAGE_NAMES } from "@/lib/pages";
import { MAX_TIME_TO_DATA_MS, OUTCOMES, type PageLoad } from "./beacon";

export const pageLoadSchema: z.ZodType<PageLoad> = z.object({
  page: z.enum(PAGE_NAMES),
  mode: z.enum(["server", "spa"]),
  outcome: z.enum(OUTCOMES),
  ms: z.number().finite().min(0).max(MAX_TIME_TO_DATA_MS),
});
