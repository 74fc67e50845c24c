// The same 403 as the other admin pages: the user lacks the backend's admin app role.
export { default } from "@/app/admin/forbidden";
