import { z } from "zod";
import { resolveCaller } from "@/lib/bearer";
import { withApiErrors } from "@/lib/api/respond";
import { AppError } from "@/lib/errors";
import { isPageToken, searchPeople } from "@/lib/graph";
import { isSearchText } from "@/lib/graph/input";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const query = z.object({
  q: z.string().trim().refine(isSearchText),
  page: z.string().refine(isPageToken).optional(),
});

export const GET = withApiErrors(async (request: Request): Promise<Response> => {
  const caller = await resolveCaller(request);
  const input = query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!input.success)
    throw new AppError(
      "ERR_BAD_REQUEST",
      {},
      { message: "q must be 1 to 64 characters without quotes; page must be a token from a previous answer." },
    );
  return Response.json(await searchPeople(caller, input.data.q, input.data.page), {
    headers: { "cache-control": "private, no-store" },
  });
});
