import { handlers } from "@/auth";
import { withValidCallbackUrl } from "@/lib/session";
import { withEntraErrorPage } from "@/lib/diagnose/auth-error";

export const GET = withEntraErrorPage(withValidCallbackUrl(handlers.GET));
export const POST = withEntraErrorPage(withValidCallbackUrl(handlers.POST));
