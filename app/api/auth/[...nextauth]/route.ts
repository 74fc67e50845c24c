import { handlers } from "@/auth";
import { withEntraErrorPage } from "@/lib/diagnose/auth-error";

export const GET = withEntraErrorPage(handlers.GET);
export const POST = handlers.POST;
