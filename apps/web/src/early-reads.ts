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
/** The BI scores columns the heatmap draws (roundDyadsQuery's TIE_COLUMNS: this script imports nothing). */
const TIE_COLUMNS = 'organisation_id,partner_organisation_id,respondents,mean,band';
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
      ? [footprint, '/api/v1/me', `${footprint}/rounds?limit=100`]
      : [
          footprint,
          '/api/v1/me',
          `${footprint}/scores?scope=footprint&limit=100`,
          `${footprint}/scores?scope=dimension&limit=100`,
          `${footprint}/scores/history?scope=footprint&rounds=20&limit=500`,
          `${footprint}/scores/history?scope=dimension&rounds=20&limit=500`,
          `${footprint}/rounds?limit=100`,
          // openAlertsQuery's OVERVIEW_ALERTS (use-overview.ts).
          `${footprint}/alerts?status=open&sort=severity&limit=5`,
          `${footprint}/benchmark`,
        ];
  const authorization = `Bearer ${token}`;
  const reads = new Map<string, Promise<Response>>();
  const send = (path: string) => {
    const url = `${location.origin}${path}`;
    const response = fetch(url, { headers: { Authorization: authorization } });
    // A failed read is left to the client to make again; never an unhandled rejection here.
    response.catch(() => undefined);
    reads.set(`${authorization} ${url}`, response);
  };
  for (const path of paths) send(path);
  type Round = { id: string; period: string; status: string; opensOn: string; closesOn: string };
  // Reads of one round, sent as soon as the rounds say which round: they waited for the rounds,
  // then for the entry to run and ask for them (bench:web's timeline: the response rate at 1.5 s).
  const followUps = reads
    .get(`${authorization} ${location.origin}${footprint}/rounds?limit=100`)!
    .then((response) => (response.ok ? (response.clone().json() as Promise<{ items: Round[] }>) : { items: [] }))
    .then(({ items }) => {
      if (page[2] === 'relationships') {
        // The heatmap's ties (one BI NDJSON read of the columns it draws) are of the round in the
        // address, or the latest scored one, as roundDyadsQuery (use-relationships.ts) asks for them.
        const period = new URLSearchParams(location.search).get('period');
        const scored = items.filter((round) => round.status === 'scored' && (!period || round.period === period)).sort((a, b) => b.period.localeCompare(a.period));
        const round = scored[0];
        if (!round) return;
        const query = new URLSearchParams({ footprint: page[1]!, scope: 'dyad', measure: 'partner_rating', from: round.period, to: round.period, format: 'ndjson', columns: TIE_COLUMNS });
        send(`/api/v1/bi/scores?${query.toString()}`);
        // Its rows and columns: the round's members, on any day it was open (membersQuery's address for memberDates([round])).
        send(`${footprint}/members?from=${round.opensOn}&to=${round.closesOn}&limit=500`);
        return;
      }
      // The overview's response rate (and provisional figures) are of the round open now, or the
      // latest, as currentRoundQuery (use-overview.ts) picks it.
      const rounds = items.filter((round) => round.status !== 'draft').sort((a, b) => b.period.localeCompare(a.period));
      const open = rounds.find((round) => round.status === 'open');
      const latest = open ?? rounds[0];
      if (latest) send(`/api/v1/rounds/${latest.id}/response-rates`);
      if (open) send(`/api/v1/rounds/${open.id}/scores?scope=footprint&limit=100`);
    })
    .catch(() => undefined);
  (window as { ppEarlyFollowUps?: Promise<void> }).ppEarlyFollowUps = followUps;
  (window as { ppEarlyReads?: Map<string, Promise<Response>> }).ppEarlyReads = reads;
  setTimeout(() => reads.clear(), 30_000);
}
