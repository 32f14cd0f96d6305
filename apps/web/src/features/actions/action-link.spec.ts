import { describe, expect, it } from '@jest/globals';
import type { Schemas } from '../../api/client';
import { type ActionLink, linkFromQuery, linkOf, linkPath, linkQuery, outcomeWords } from './action-link';

const LINKS: [string, ActionLink, string][] = [
  ['an alert', { linkKind: 'alert', alertId: 'a1' }, '/alerts/a1'],
  ['a tie', { linkKind: 'dyad', raterOrganisationId: 'o1', ratedOrganisationId: 'o2' }, '/footprints/f/ties/o1/o2'],
  ['a sector pair', { linkKind: 'sector_pair', raterSector: 'nhs', ratedSector: 'local_government' }, '/footprints/f/sector-pairs'],
  ['a dimension', { linkKind: 'dimension', dimension: 'trust' }, '/footprints/f'],
];

const figure = (status: Schemas['ActionFigureStatus'], mean: number | null = 60): Schemas['ActionFigureDto'] => ({
  roundId: 'r',
  period: '2026-Q3',
  status,
  reason: status === 'withheld' ? 'fewer than 5 respondents' : null,
  respondents: status === 'shown' ? 12 : null,
  n: status === 'shown' ? 12 : null,
  mean: status === 'shown' ? mean : null,
  ci95: null,
  band: null,
});
const change = (delta: number, significant: boolean): Schemas['ActionChangeDto'] => ({ delta, pValue: significant ? 0.01 : 0.4, significant, trend: 'stable' });

describe('action links', () => {
  it.each(LINKS)('%s survives the "Record an action" query and leads to its page', (_, link, path) => {
    expect(linkFromQuery(new URLSearchParams(linkQuery(link)))).toEqual(link);
    expect(linkPath('f', link)).toBe(path);
  });

  it.each([
    ['nothing', ''],
    ['half a tie', 'rater=o1'],
    ['an unknown sector', 'raterSector=nhs&ratedSector=parliament'],
  ])('prefills no link from %s', (_, query) => expect(linkFromQuery(new URLSearchParams(query))).toBeNull());

  it('reads the link of a stored action from its kind', () => {
    const none = { alertId: null, raterOrganisationId: null, ratedOrganisationId: null, raterSector: null, ratedSector: null, dimension: null };
    expect(linkOf({ ...none, linkKind: 'dyad', raterOrganisationId: 'o1', ratedOrganisationId: 'o2' })).toEqual(LINKS[1]![1]);
    expect(linkOf({ ...none, linkKind: 'dimension', dimension: 'trust' })).toEqual(LINKS[3]![1]);
    expect(linkOf({ ...none, linkKind: 'alert' })).toBeNull();
  });

  it.each([
    ['a significant rise', figure('shown', 50), figure('shown', 62), change(12, true), 'improvedSignificantly'],
    ['a significant fall', figure('shown', 62), figure('shown', 50), change(-12, true), 'worsenedSignificantly'],
    ['a change within chance', figure('shown', 60), figure('shown', 63), change(3, false), 'noSignificantChange'],
    ['a withheld before', figure('withheld'), figure('shown'), null, 'withheld'],
    ['a withheld after', figure('shown'), figure('withheld'), null, 'withheld'],
    ['withheld beside not scored', figure('not_scored'), figure('withheld'), null, 'withheld'],
    ['a round without the score', figure('shown'), figure('not_scored'), null, 'notScored'],
  ])('did it work, %s', (_, before, after, delta, words) => expect(outcomeWords({ before, after, change: delta })).toBe(words));
});
