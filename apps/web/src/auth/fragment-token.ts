import { useLocation } from 'react-router';

/**
 * The token of an emailed or issued link, which rides in the URL's fragment (`/pulse#<token>`):
 * browsers never send a fragment to a server or in a Referer header, so it stays out of logs.
 */
export function useFragmentToken(): string | null {
  const { hash } = useLocation();
  const token = decodeURIComponent(hash.replace(/^#/, '')).trim();
  return token || null;
}
