// What a client may send to the directory search, checked by one rule in the page's form handling, the
// route handler and lib/graph alike. Pure (no Node APIs): client components load it too.

/** Graph's $search takes the text between double quotes, so quotes and backslashes are refused. */
export const SEARCH_TEXT_MAX = 64;

/** A search text (already trimmed) the directory may be asked for: 1 to 64 characters without quotes. */
export function isSearchText(q: string): boolean {
  return q.length > 0 && q.length <= SEARCH_TEXT_MAX && !/["\\]/.test(q);
}

/** The shape of the page tokens lib/graph hands out (it checks their content too: isPageToken). */
export const PAGE_TOKEN_SHAPE = /^[A-Za-z0-9_-]{1,2048}$/;
