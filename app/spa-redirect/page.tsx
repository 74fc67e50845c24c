import { RedirectBridge } from "./RedirectBridge";

// The SPA platform redirect URI: a blank page on which msal-browser hands the IdP's answer back to the
// page that asked (a redirect sign-in, or the hidden iframe of silent SSO).
export const dynamic = "force-dynamic";

export default function SpaRedirectPage() {
  return (
    <>
      <style>{"header.top{display:none}"}</style>
      <RedirectBridge />
    </>
  );
}
