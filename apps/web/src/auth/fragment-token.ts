import { useLocation } from 'react-router';

/**
 * The token of an emailed or issued link, which rides in the URL's fragment (`/pulse#<token>`):
 * browsers never send a fragment to a server or in a Referer header, so it stays out of logs.
 * A mangled escape (a link cut short by a mail client) is taken as it stands rather than thrown.
 */
export function tokenOfFragment(hash: string): string | null {
  const raw = hash.replace(/^#/, '');
  let token: string;
  try {
    token = decodeURIComponent(raw).trim();
  } catch {
    token = raw.trim();
  }
  return token || null;
}

/** The current page's fragment token (see tokenOfFragment). */
export function useFragmentToken(): string | null {
  return tokenOfFragment(useLocation().hash);
}
