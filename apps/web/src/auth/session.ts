/**
 * The signed-in session: the API's access and refresh tokens. Kept in localStorage so a reload or a
 * new tab stays signed in; the access token lives 15 minutes and the refresh token is single use
 * (a reused one revokes the whole session), so a stolen copy is short-lived or detected.
 */
export interface Session {
  accessToken: string;
  refreshToken: string;
}

// early-reads.ts reads the access token under this key too (it imports nothing, to stay a tiny first script).
const STORAGE_KEY = 'pp.session';
type Listener = (session: Session | null) => void;
const listeners = new Set<Listener>();

export function currentSession(): Session | null {
  try {
    const parsed = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Partial<Session> | null;
    return parsed && typeof parsed.accessToken === 'string' && typeof parsed.refreshToken === 'string' ? { accessToken: parsed.accessToken, refreshToken: parsed.refreshToken } : null;
  } catch {
    return null;
  }
}

export function storeSession(session: Session | null): void {
  if (session) localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  else localStorage.removeItem(STORAGE_KEY);
  for (const listener of listeners) listener(session);
}

/** Called on every sign-in, refresh and sign-out (including a revoked session); returns the unsubscribe. */
export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
