import { type ActionLink, linkedFigure } from './action-link';

const none: Omit<ActionLink, 'linkKind'> = { alertId: null, raterOrganisationId: null, ratedOrganisationId: null, raterSector: null, ratedSector: null, dimension: null };
const A = 'a0000000-0000-4000-8000-000000000001';
const B = 'b0000000-0000-4000-8000-000000000002';

describe('linkedFigure', () => {
  it.each<[string, ActionLink, string | null, ReturnType<typeof linkedFigure>]>([
    ['a dyad follows the rater’s rating of the rated', { ...none, linkKind: 'dyad', raterOrganisationId: A, ratedOrganisationId: B }, null, { scope: 'dyad', subject: `${A}>${B}`, measure: 'partner_rating' }],
    ['a sector pair follows that direction', { ...none, linkKind: 'sector_pair', raterSector: 'nhs', ratedSector: 'local_government' }, null, { scope: 'sector_pair', subject: 'nhs>local_government', measure: 'partner_rating' }],
    ['a dimension follows it footprint-wide', { ...none, linkKind: 'dimension', dimension: 'trust' }, null, { scope: 'dimension', subject: 'footprint', measure: 'trust' }],
    ['an RHI alert follows the footprint RHI', { ...none, linkKind: 'alert', alertId: A }, 'footprint', { scope: 'footprint', subject: 'footprint', measure: 'rhi' }],
    ['a dimension alert follows its dimension', { ...none, linkKind: 'alert', alertId: A }, 'dimension:delivery', { scope: 'dimension', subject: 'footprint', measure: 'delivery' }],
    ['a dyad alert follows its dyad', { ...none, linkKind: 'alert', alertId: A }, `dyad:${A}>${B}`, { scope: 'dyad', subject: `${A}>${B}`, measure: 'partner_rating' }],
    ['a gap alert follows its sector pair', { ...none, linkKind: 'alert', alertId: A }, 'sector_pair:nhs>local_government', { scope: 'sector_pair', subject: 'nhs>local_government', measure: 'partner_rating' }],
    ['a response-rate alert follows no score', { ...none, linkKind: 'alert', alertId: A }, `organisation:${B}`, null],
  ])('%s', (_what, link, alertSubject, expected) => {
    expect(linkedFigure(link, alertSubject)).toEqual(expected);
  });
});
