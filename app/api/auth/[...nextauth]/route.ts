import { handlers } from "@/auth";
import { withApiErrors } from "@/lib/api/respond";
import { withValidCallbackUrl } from "@/lib/session";
import { withEntraErrorPage } from "@/lib/diagnose/auth-error";

export const GET = withApiErrors(withEntraErrorPage(withValidCallbackUrl(handlers.GET)));
export const POST = withApiErrors(withEntraErrorPage(withValidCallbackUrl(handlers.POST)));
