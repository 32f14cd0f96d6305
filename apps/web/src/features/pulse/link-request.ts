import { api } from '../../api/client';
import { tokenOfFragment } from '../../auth/fragment-token';

type LinkFormResult = Awaited<ReturnType<typeof fetchLinkForm>>;

function fetchLinkForm(token: string) {
  return api.GET('/api/v1/pulse', { params: { header: { 'X-Pulse-Token': token } } }).catch(() => ({ data: undefined, error: undefined }));
}

// The request the entry started, waiting for the page's query to take it over.
let prefetched: { token: string; request: Promise<LinkFormResult> } | null = null;

/**
 * Called by the entry before React renders: on `/pulse#<token>` the form's request then runs
 * while the browser is still fetching the page's lazy chunk, instead of after it, which keeps the
 * respondent's form usable well within a second of opening the link.
 */
export function prefetchLinkFormFor(location: Location): void {
  if (location.pathname !== '/pulse') return;
  const token = tokenOfFragment(location.hash);
  if (token) prefetched = { token, request: fetchLinkForm(token) };
}

/** The round form a respondent link opens (GET /api/v1/pulse): the prefetched answer once, then from the API. */
export function requestLinkForm(token: string): Promise<LinkFormResult> {
  if (prefetched?.token === token) {
    const { request } = prefetched;
    prefetched = null;
    return request;
  }
  return fetchLinkForm(token);
}
