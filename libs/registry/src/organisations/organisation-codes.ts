import type { FieldProblem } from '@pp/core';
import type { CodeSystem, OrganisationType } from './organisation-types';

interface CodeRule {
  system: CodeSystem;
  pattern: RegExp;
  description: string;
}

const ODS_ANY: CodeRule = { system: 'ods', pattern: /^[A-Z0-9]{3,8}$/, description: 'an ODS code (3 to 8 letters and digits)' };
const ONS_ANY: CodeRule = { system: 'ons', pattern: /^[ENSW]\d{8}$/, description: 'an ONS code (E, N, S or W and eight digits)' };
const TRUST: CodeRule = {
  system: 'ods',
  // Welsh health boards (7A1…7A7) run hospitals too, so they sit with the trusts.
  pattern: /^([RT][A-Z0-9]{2}|7A\d)$/,
  description: 'an ODS trust code (R or T and two letters or digits, e.g. RBL, or a Welsh health board code such as 7A1)',
};

const RULES: Record<OrganisationType, CodeRule[]> = {
  ccg: [
    {
      system: 'ods',
      // Codes issued after October 2020 (mergers) have five characters, letter-digit alternating.
      pattern: /^(\d{2}[A-Z0-9]|[A-Z]\d[A-Z]\d[A-Z])$/,
      description: 'an ODS CCG code (two digits and a letter or digit, e.g. 27D, or five characters such as D2P2L)',
    },
  ],
  icb: [{ system: 'ods', pattern: /^Q[A-Z0-9]{2}$/, description: 'an ODS ICB code (Q and two letters or digits, e.g. QYG)' }],
  acute_trust: [TRUST],
  community_trust: [TRUST],
  mental_health_trust: [TRUST],
  ambulance_trust: [TRUST],
  gp_practice: [{ system: 'ods', pattern: /^[A-Z]\d{5}$/, description: 'an ODS GP practice code (a letter and five digits, e.g. N81001)' }],
  pcn: [{ system: 'ods', pattern: /^U\d{5}$/, description: 'an ODS PCN code (U and five digits, e.g. U12345)' }],
  county_council: [{ system: 'ons', pattern: /^E10\d{6}$/, description: 'an ONS county code (E10 and six digits, e.g. E10000006)' }],
  unitary_authority: [
    {
      system: 'ons',
      // Welsh principal areas (W06), Scottish council areas (S12) and NI districts (N09) are single-tier too.
      pattern: /^(E06|W06|S12|N09)\d{6}$/,
      description: 'an ONS unitary authority code (E06, W06, S12 or N09 and six digits, e.g. E06000049)',
    },
  ],
  metropolitan_borough: [
    { system: 'ons', pattern: /^E08\d{6}$/, description: 'an ONS metropolitan district code (E08 and six digits, e.g. E08000012)' },
  ],
  london_borough: [{ system: 'ons', pattern: /^E09\d{6}$/, description: 'an ONS London borough code (E09 and six digits, e.g. E09000001)' }],
  district_council: [
    { system: 'ons', pattern: /^E07\d{6}$/, description: 'an ONS non-metropolitan district code (E07 and six digits, e.g. E07000026)' },
  ],
  voluntary_sector: [ODS_ANY, ONS_ANY],
  housing: [ODS_ANY, ONS_ANY],
  other: [ODS_ANY, ONS_ANY],
};

export type CodeCheck = { codeSystem: CodeSystem } | { field: 'code' | 'codeSystem'; problem: string };

/** Codes are stored as NHS and ONS publish them: upper case, no spaces. */
export function normaliseCode(code: string): string {
  return code.trim().toUpperCase();
}

/**
 * Checks that `code` has the format its organisation type uses (ODS for NHS bodies, ONS for councils)
 * and returns the code system, or names the field that is wrong. `codeSystem`, when given, must agree.
 */
export function checkOrganisationCode(type: OrganisationType, code: string, codeSystem?: CodeSystem): CodeCheck {
  const rules = RULES[type];
  const candidates = codeSystem ? rules.filter((rule) => rule.system === codeSystem) : rules;
  if (candidates.length === 0) {
    return { field: 'codeSystem', problem: `must be ${rules.map((rule) => rule.system).join(' or ')} for type ${type}` };
  }
  const match = candidates.find((rule) => rule.pattern.test(code));
  if (!match) {
    return { field: 'code', problem: `must be ${candidates.map((rule) => rule.description).join(' or ')} for type ${type}` };
  }
  return { codeSystem: match.system };
}

const INFERABLE: [RegExp, OrganisationType][] = [
  [/^Q[A-Z0-9]{2}$/, 'icb'],
  [/^(\d{2}[A-Z0-9]|[A-Z]\d[A-Z]\d[A-Z])$/, 'ccg'],
  [/^U\d{5}$/, 'pcn'],
  [/^[A-Z]\d{5}$/, 'gp_practice'],
  [/^E10\d{6}$/, 'county_council'],
  [/^(E06|W06|S12|N09)\d{6}$/, 'unitary_authority'],
  [/^E08\d{6}$/, 'metropolitan_borough'],
  [/^E09\d{6}$/, 'london_borough'],
  [/^E07\d{6}$/, 'district_council'],
];

/**
 * The type a code implies on its own, for ODS files that do not say. Trust codes are ambiguous
 * (acute, community, mental health or ambulance look alike), so they imply nothing.
 */
export function typeImpliedByCode(code: string): OrganisationType | undefined {
  return INFERABLE.find(([pattern]) => pattern.test(code))?.[1];
}

export interface OrganisationFacts {
  type: OrganisationType;
  code: string;
  codeSystem?: CodeSystem;
  openedOn?: string | null;
  closedOn?: string | null;
}

/** Everything about an organisation that must agree: code format, code system, open and close dates. */
export function checkOrganisation(facts: OrganisationFacts): { codeSystem?: CodeSystem; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const check = checkOrganisationCode(facts.type, facts.code, facts.codeSystem);
  if ('problem' in check) problems.push({ field: check.field, problem: check.problem });
  if (facts.openedOn && facts.closedOn && facts.closedOn < facts.openedOn) {
    problems.push({ field: 'closedOn', problem: `must not be before the opening date (${facts.openedOn})` });
  }
  return { codeSystem: 'codeSystem' in check ? check.codeSystem : undefined, problems };
}
