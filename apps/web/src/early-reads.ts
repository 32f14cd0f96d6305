/**
 * The first script of every page (index.html lists it before the entry), with no imports, so it
 * is a file of its own of well under 1 kB. On a footprint's overview or heatmap opened directly
 * with a session, it sends the page's first reads at once, while the entry (React, the router, the
 * pages: 135 kB gzipped) is still downloading and compiling — bench:web's timeline showed the reads
 * starting only once the entry had run, 200–900 ms after navigation. It keeps each response for the
 * API client (api/client.ts, earlyFetch), which hands it to the first identical request (same
 * address and access token) the page then makes through the usual queries
 * (features/footprints/prefetch.ts); nothing else reads them. A read not asked for again within
 * 30 s is dropped; an address that drifts from the client's is simply asked for again.
 */
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const page = new RegExp(`^/footprints/(${UUID})(?:/(relationships))?/?$`, 'i').exec(location.pathname);
let token: unknown;
try {
  token = (JSON.parse(localStorage.getItem('pp.session') ?? 'null') as { accessToken?: unknown } | null)?.accessToken;
} catch {
  token = undefined;
}
// Run late (it is `async`, so on a busy machine the entry may have run first): the entry's own
// prefetch has sent these reads already, and sending them again would only load the API.
const late = (window as { ppClientReady?: boolean }).ppClientReady === true;
if (page && typeof token === 'string' && !late) {
  const footprint = `/api/v1/footprints/${page[1]}`;
  // The same addresses, in the same query order, as the page's queries ask through openapi-fetch.
  const paths =
    page[2] === 'relationships'
      ? [footprint, '/api/v1/me', `${footprint}/rounds?limit=100`, `${footprint}/members?limit=500`]
      : [
          footprint,
          '/api/v1/me',
          `${footprint}/scores?scope=footprint&limit=100`,
          `${footprint}/scores?scope=dimension&limit=100`,
          `${footprint}/scores/history?scope=footprint&rounds=20&limit=500`,
          `${footprint}/scores/history?scope=dimension&rounds=20&limit=500`,
          `${footprint}/rounds?limit=100`,
          `${footprint}/alerts?limit=100`,
          `${footprint}/benchmark`,
        ];
  const authorization = `Bearer ${token}`;
  const reads = new Map<string, Promise<Response>>();
  for (const path of paths) {
    const url = `${location.origin}${path}`;
    // A failed read is left to the client to make again; never an unhandled rejection here.
    const response = fetch(url, { headers: { Authorization: authorization } });
    response.catch(() => undefined);
    reads.set(`${authorization} ${url}`, response);
  }
  if (page[2] === 'relationships') {
    // The heatmap's ties (one BI NDJSON read) are of the round in the address, or the latest scored
    // one: sent as soon as the rounds are in, as roundDyadsQuery (use-relationships.ts) asks for them.
    const period = new URLSearchParams(location.search).get('period');
    const ties = reads
      .get(`${authorization} ${location.origin}${footprint}/rounds?limit=100`)!
      .then((response) => (response.ok ? (response.clone().json() as Promise<{ items: { period: string; status: string }[] }>) : { items: [] }))
      .then(({ items }) => {
        const scored = items.filter((round) => round.status === 'scored' && (!period || round.period === period)).sort((a, b) => b.period.localeCompare(a.period));
        const round = scored[0];
        if (!round) return;
        const query = new URLSearchParams({ footprint: page[1]!, scope: 'dyad', measure: 'partner_rating', from: round.period, to: round.period, format: 'ndjson' });
        const url = `${location.origin}/api/v1/bi/scores?${query.toString()}`;
        const response = fetch(url, { headers: { Authorization: authorization } });
        response.catch(() => undefined);
        reads.set(`${authorization} ${url}`, response);
      })
      .catch(() => undefined);
    (window as { ppEarlyTies?: Promise<void> }).ppEarlyTies = ties;
  }
  (window as { ppEarlyReads?: Map<string, Promise<Response>> }).ppEarlyReads = reads;
  setTimeout(() => reads.clear(), 30_000);
}
