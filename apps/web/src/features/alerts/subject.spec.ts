import { describe, expect, it } from '@jest/globals';
import { type Alert, subjectFilters, subjectSeries } from './subject';

const alert = (subject: string, kind: Alert['kind'] = 'rhi_drop') => ({ subject, kind }) as Alert;

describe('subjectSeries: the scores an alert is about', () => {
  it.each([
    ['footprint', alert('footprint'), { scope: 'footprint', measure: 'rhi', subject: 'footprint' }],
    ['a dimension', alert('dimension:shared_purpose', 'dimension_concern'), { scope: 'dimension', measure: 'shared_purpose', subject: 'footprint' }],
    ['a dyad', alert('dyad:a1>b2', 'dyad_decline'), { scope: 'dyad', measure: 'partner_rating', organisationId: 'a1', subject: 'a1>b2' }],
    ['a sector pair', alert('sector_pair:nhs>local_government', 'perception_gap'), { scope: 'sector_pair', measure: 'partner_rating', subject: 'nhs>local_government' }],
    ['an organisation', alert('organisation:o1', 'consecutive_declines'), { scope: 'organisation', measure: 'rhi', organisationId: 'o1', subject: 'o1' }],
    ["an organisation's response rate has no score series", alert('organisation:o1', 'response_rate'), null],
    ['an unknown subject has none', alert('something:else'), null],
  ])('%s', (_name, input, expected) => {
    expect(subjectSeries(input)).toEqual(expected);
  });
});

describe("subjectFilters: the BI filters of exactly one alert's subject, for its CSV", () => {
  it.each([
    ['footprint: none needed', alert('footprint'), {}],
    ['a dimension: none needed', alert('dimension:trust', 'dimension_concern'), {}],
    ['a dyad: its rater and rated', alert('dyad:a1>b2', 'dyad_decline'), { rater: 'a1', rated: 'b2' }],
    ['a sector pair', alert('sector_pair:nhs>local_government', 'perception_gap'), { sectorPair: 'nhs>local_government' }],
    ['an organisation', alert('organisation:o1', 'consecutive_declines'), { organisation: 'o1' }],
  ])('%s', (_name, input, expected) => {
    expect(subjectFilters(subjectSeries(input)!)).toEqual(expected);
  });
});
