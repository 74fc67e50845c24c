import { z } from "zod";
import { requireServiceCaller } from "@/lib/bearer";
import { withApiErrors } from "@/lib/api/respond";
import { AppError } from "@/lib/errors";
import { DISABLED_USERS_PAGE_SIZE, isPageToken, listDisabledUsers } from "@/lib/graph";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const query = z.object({
  page: z.string().refine(isPageToken).optional(),
  top: z.coerce.number().int().min(1).max(999).default(DISABLED_USERS_PAGE_SIZE),
});

export const GET = withApiErrors(async (request: Request): Promise<Response> => {
  await requireServiceCaller(request);
  const input = query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!input.success)
    throw new AppError(
      "ERR_BAD_REQUEST",
      {},
      { message: "page must be a token from a previous answer; top must be 1 to 999." },
    );
  return Response.json(await listDisabledUsers(input.data.page, input.data.top), {
    headers: { "cache-control": "no-store" },
  });
});
