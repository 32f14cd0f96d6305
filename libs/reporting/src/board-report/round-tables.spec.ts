import { type AlertTally, type ResponseTally, tallyAlerts, tallyResponses } from './round-tables';

/** [id, severity, status], in raised order. */
type Alert = [string, string, string];
const alert = ([id, severity, status]: Alert) => ({ alert_id: id, severity, status });

/** [code, sector, respondents, expected]; the rate as the BI read model rounds it, null when none is expected. */
type Rate = [string, string, number, number];
const rate = ([code, sector, respondents, expected]: Rate) => ({ organisation_code: code, sector, respondents, expected_respondents: expected, response_rate: expected > 0 ? Math.round((respondents / expected) * 1e4) / 1e4 : null });

function pagedAlerts(alerts: Alert[], pageSize: number, keep: number | null): AlertTally {
  let tally = tallyAlerts([], keep);
  for (let i = 0; i < alerts.length; i += pageSize) tally = tallyAlerts(alerts.slice(i, i + pageSize).map(alert), keep, tally);
  return tally;
}

function pagedResponses(rates: Rate[], pageSize: number, keep: number | null): ResponseTally {
  let tally = tallyResponses([], keep);
  for (let i = 0; i < rates.length; i += pageSize) tally = tallyResponses(rates.slice(i, i + pageSize).map(rate), keep, tally);
  return tally;
}

describe('tallyAlerts', () => {
  const round: Alert[] = [
    ['a1', 'info', 'open'],
    ['a2', 'critical', 'open'],
    ['a3', 'warning', 'acknowledged'],
    ['a4', 'critical', 'resolved'],
    ['a5', 'info', 'open'],
    ['a6', 'warning', 'open'],
  ];
  it.each<[string, number, number | null, string[]]>([
    ['every alert, in raised order, within the detail limit', 2, null, ['a1', 'a2', 'a3', 'a4', 'a5', 'a6']],
    ['the most severe above it: critical first, each severity in raised order', 1, 3, ['a2', 'a4', 'a3']],
    ['the same whatever the pages', 4, 3, ['a2', 'a4', 'a3']],
    ['all of them when fewer than kept', 6, 10, ['a2', 'a4', 'a3', 'a6', 'a1', 'a5']],
  ])('%s', (_name, pageSize, keep, listed) => {
    const tally = pagedAlerts(round, pageSize, keep);
    expect(tally.rows.map((r) => r.alert_id)).toEqual(listed);
    // Every alert is counted, listed or not.
    expect(tally.total).toBe(6);
    expect(tally.byStatus).toEqual({ open: 4, acknowledged: 1, resolved: 1 });
  });
});

describe('tallyResponses', () => {
  const round: Rate[] = [
    ['A1', 'nhs', 5, 5],
    ['B2', 'local_government', 1, 5],
    ['C3', 'nhs', 0, 0],
    ['D4', 'voluntary', 2, 4],
    ['E5', 'nhs', 1, 5],
  ];
  it.each<[string, number, number | null, string[]]>([
    ['every organisation in code order within the detail limit', 2, null, ['A1', 'B2', 'C3', 'D4', 'E5']],
    ['the lowest rates above it, equal rates in code order', 1, 3, ['B2', 'E5', 'D4']],
    ['none expected comes last', 5, 5, ['B2', 'E5', 'D4', 'A1', 'C3']],
  ])('%s', (_name, pageSize, keep, listed) => {
    const tally = pagedResponses(round, pageSize, keep);
    expect(tally.rows.map((r) => r.organisation_code)).toEqual(listed);
    expect({ organisations: tally.organisations, respondents: tally.respondents, expected: tally.expected }).toEqual({ organisations: 5, respondents: 9, expected: 19 });
    expect(tally.bySector).toEqual([
      { sector: 'nhs', organisations: 3, respondents: 6, expected: 10 },
      { sector: 'local_government', organisations: 1, respondents: 1, expected: 5 },
      { sector: 'voluntary', organisations: 1, respondents: 2, expected: 4 },
    ]);
  });
});
