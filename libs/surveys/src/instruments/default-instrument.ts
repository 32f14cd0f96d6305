import type { InstrumentDefinition, OptionDefinition } from './instrument-definition';

/** Fixed id, so the migration that installs it and the code that refers to it agree. */
export const DEFAULT_INSTRUMENT_ID = '5a1d0c1e-7b1f-4c56-9f3e-2d5b8c0a0001';

function options(...labels: string[]): OptionDefinition[] {
  return labels.map((label) => ({ value: label.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, ''), label }));
}

const AGREEMENT = options('Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree');
const QUALITY = options('Very poor', 'Poor', 'Neither good nor poor', 'Good', 'Very good');

/**
 * Relationship Health Pulse v1 (docs/domain.md). Items are five-point scales unless the seed surveys
 * gave other wording (CIPFA, CIPFA/iMPOWER, iMPOWER, LGC); partner items follow the PARTNER tool's
 * trust items and relational coordination's role-to-role ties.
 * Frozen: migration 1795600000000 installs a copy of exactly this as SQL (test/e2e/migrations checks they
 * agree); a change is a new version in a new migration.
 */
export const RELATIONSHIP_HEALTH_PULSE_V1: InstrumentDefinition = {
  key: 'relationship-health-pulse',
  name: 'Relationship Health Pulse',
  description: 'The quarterly pulse of trust and joint working between the member organisations of a footprint.',
  dimensions: [
    { key: 'trust', name: 'Trust', weight: 1 },
    { key: 'shared_purpose', name: 'Shared purpose', weight: 1 },
    { key: 'involvement', name: 'Involvement', weight: 1 },
    { key: 'communication', name: 'Communication', weight: 1 },
    { key: 'delivery', name: 'Delivery', weight: 1 },
  ],
  questions: [
    { key: 'trust_commitments', type: 'scale', dimension: 'trust', text: 'Partners deliver on what they commit to.', options: AGREEMENT, allowDontKnow: true },
    {
      key: 'trust_openness',
      type: 'scale',
      dimension: 'trust',
      text: 'Partners are open about difficulties: they share the good, the bad and the ugly.',
      options: AGREEMENT,
      allowDontKnow: true,
    },
    {
      key: 'trust_nhs_council',
      type: 'scale',
      dimension: 'trust',
      text: 'Overall, how would you describe the relationship between the NHS and local government in this partnership?',
      options: options('Limited', 'Reasonable', 'Very strong'),
      allowDontKnow: true,
    },
    { key: 'purpose_shared_goals', type: 'scale', dimension: 'shared_purpose', text: 'Partners share goals for the population.', options: AGREEMENT, allowDontKnow: true },
    {
      key: 'purpose_joint_working',
      type: 'scale',
      dimension: 'shared_purpose',
      text: 'Joint working is essential to the sustainability of health and care services here.',
      options: AGREEMENT,
      allowDontKnow: true,
    },
    {
      key: 'involvement_decisions',
      type: 'scale',
      dimension: 'involvement',
      text: 'How involved is your organisation in partnership decisions?',
      options: options('None', 'Limited', 'Moderate', 'Significant', 'Full'),
    },
    { key: 'involvement_equal_partner', type: 'scale', dimension: 'involvement', text: 'Local government is an equal partner.', options: AGREEMENT, allowDontKnow: true },
    {
      key: 'communication_information',
      type: 'scale',
      dimension: 'communication',
      text: 'Information is shared between partners in a timely, accurate way.',
      options: AGREEMENT,
      allowDontKnow: true,
    },
    {
      key: 'communication_problem_solving',
      type: 'scale',
      dimension: 'communication',
      text: 'Problems are solved together rather than blamed on one partner.',
      options: AGREEMENT,
      allowDontKnow: true,
    },
    {
      key: 'delivery_progress',
      type: 'scale',
      dimension: 'delivery',
      text: 'How much progress has the partnership made on its joint projects?',
      options: options('Very little', 'Little', 'Some', 'Good', 'Significant'),
      allowDontKnow: true,
    },
    {
      key: 'delivery_integration_likelihood',
      type: 'scale',
      dimension: 'delivery',
      text: 'How likely is tangible integration of services within the next year?',
      options: options('Very unlikely', 'Unlikely', 'Neither likely nor unlikely', 'Likely', 'Very likely'),
      allowDontKnow: true,
    },
    {
      key: 'delivery_relations_change',
      type: 'scale',
      dimension: 'delivery',
      text: 'How have relations between the partners changed this quarter?',
      options: options('Much worse', 'Worse', 'About the same', 'Better', 'Much better'),
      allowDontKnow: true,
    },
    { key: 'partner_overall', type: 'partner_rating', text: 'Overall, how is your relationship with this organisation?', options: QUALITY, allowDontKnow: true },
    { key: 'partner_reliable', type: 'partner_rating', text: 'It is reliable: it delivers on what it commits to.', options: AGREEMENT, allowDontKnow: true },
    { key: 'partner_mission', type: 'partner_rating', text: "It supports the partnership's mission.", options: AGREEMENT, allowDontKnow: true },
    { key: 'partner_open', type: 'partner_rating', text: 'It is open to discussion.', options: AGREEMENT, allowDontKnow: true },
    { key: 'partner_communication', type: 'partner_rating', text: 'It communicates with us in a timely, accurate way.', options: AGREEMENT, allowDontKnow: true },
    { key: 'partner_problem_solving', type: 'partner_rating', text: 'It solves problems with us rather than blaming.', options: AGREEMENT, allowDontKnow: true },
    { key: 'partner_closer_links', type: 'partner_rating', text: 'We would value closer links with it.', options: options('No', 'Yes') },
    {
      key: 'main_barrier',
      type: 'single_choice',
      text: 'What is the main barrier to joint working in this partnership?',
      options: options(
        'Different performance regimes',
        'Different IT systems',
        'Cost shunting between budgets',
        'Staff terms and conditions',
        'Culture',
        'Funding',
        'Other',
      ),
      required: false,
    },
    { key: 'comments', type: 'free_text', text: 'Anything else you would like the partnership leads to know?', required: false },
  ],
};
