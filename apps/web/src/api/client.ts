import createClient, { type Middleware } from 'openapi-fetch';
import { currentSession, type Session, storeSession } from '../auth/session';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
/** An RFC 9457 problem, as every API error is sent. */
export type Problem = Schemas['ProblemDetails'];

const REFRESH_PATH = '/api/v1/auth/refresh';
/** Routes that take no access token: a 401 from them is an answer, not an expired session. */
const PUBLIC_AUTH_PATHS = /\/api\/v1\/auth\//;

/** Without the session middleware: the refresh call itself must not trigger a refresh. */
const bare = createClient<paths>({ baseUrl: window.location.origin });
let refreshing: Promise<Session | null> | null = null;

/** One refresh at a time: concurrent 401s wait for the same new pair (the refresh token is single use). */
function refreshSession(): Promise<Session | null> {
  refreshing ??= (async () => {
    const session = currentSession();
    if (!session) return null;
    const { data: pair } = await bare.POST(REFRESH_PATH, { body: { refreshToken: session.refreshToken } });
    if (!pair) {
      // Revoked, reused or expired: the session is over, and the app returns to sign-in.
      storeSession(null);
      return null;
    }
    const next = { accessToken: pair.accessToken, refreshToken: pair.refreshToken };
    storeSession(next);
    return next;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

const retries = new WeakMap<Request, Request>();

/** Sends the access token (not with a respondent link's X-Pulse-Token, which answers for itself); on a 401 refreshes the session once, silently, and repeats the request. */
export const sessionMiddleware: Middleware = {
  onRequest({ request }) {
    const session = currentSession();
    if (session && !request.headers.has('Authorization') && !request.headers.has('X-Pulse-Token') && !PUBLIC_AUTH_PATHS.test(new URL(request.url).pathname)) {
      request.headers.set('Authorization', `Bearer ${session.accessToken}`);
      retries.set(request, request.clone());
    }
    return request;
  },
  async onResponse({ request, response }) {
    const retry = retries.get(request);
    if (response.status !== 401 || !retry) return response;
    const session = await refreshSession();
    if (!session) return response;
    retry.headers.set('Authorization', `Bearer ${session.accessToken}`);
    return fetch(retry);
  },
};

/** The addresses early-reads.ts asks for once the rounds are in. */
const FOLLOW_UP = /^\/api\/v1\/(bi\/scores|rounds\/[^/]+\/(response-rates|scores)|footprints\/[^/]+\/members)$/;

/**
 * fetch, except that a GET the page's first script (early-reads.ts) already sent, with the same
 * address and access token, takes that response (once) instead of asking again.
 */
function earlyFetch(request: Request): Promise<Response> {
  const { ppEarlyReads: reads, ppEarlyFollowUps: followUps } = window as { ppEarlyReads?: Map<string, Promise<Response>>; ppEarlyFollowUps?: Promise<void> };
  if (!reads || request.method !== 'GET') return fetch(request);
  const take = () => {
    const key = `${request.headers.get('Authorization')} ${request.url}`;
    const early = reads.get(key);
    if (!early) return fetch(request);
    reads.delete(key);
    return early.catch(() => fetch(request));
  };
  // Reads of one round (the heatmap's ties and members, the overview's response rate) are sent by early-reads
  // once the rounds are in: wait for that, not to ask twice.
  return followUps && FOLLOW_UP.test(new URL(request.url).pathname) ? followUps.then(take) : take();
}

// From here on the client makes the reads: early-reads.ts, if it runs only now, sends none.
(window as { ppClientReady?: boolean }).ppClientReady = true;

/** The only way to the API: typed by the API's own OpenAPI document (schema.d.ts, generated). */
export const api = createClient<paths>({ baseUrl: window.location.origin, fetch: earlyFetch });
api.use(sessionMiddleware);
