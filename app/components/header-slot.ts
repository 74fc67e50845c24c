/** The header's account area, where an SPA page signed in only in its tab shows that account. */
export const HEADER_ACCOUNT_SLOT = "header-account";
