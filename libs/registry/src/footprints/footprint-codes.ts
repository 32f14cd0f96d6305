import type { FieldProblem } from '@pp/core';

export const FOOTPRINT_KINDS = ['STP', 'ICS', 'HSCP', 'RPB'] as const;
export type FootprintKind = (typeof FOOTPRINT_KINDS)[number];

export const NATIONS = ['england', 'scotland', 'wales', 'northern_ireland'] as const;
export type Nation = (typeof NATIONS)[number];

export const DEFAULT_ANONYMITY_THRESHOLD = 5;
/** Below three respondents an aggregate can identify a person, whatever a footprint asks for. */
export const MIN_ANONYMITY_THRESHOLD = 3;
export const MAX_ANONYMITY_THRESHOLD = 100;

/** NHS England region: ONS code (E40000010) or ODS code (Y62). */
export const REGION_CODE = /^(E40\d{6}|Y\d{2})$/;

const CODE_NATIONS: [RegExp, Nation, string][] = [
  [/^E54\d{6}$/, 'england', 'an ONS STP/ICS code (E54 and six digits, e.g. E54000008)'],
  [/^Q[A-Z0-9]{2}$/, 'england', 'an ODS ICB code (Q and two letters or digits, e.g. QYG)'],
  [/^S37\d{6}$/, 'scotland', 'an ONS health and social care partnership code (S37 and six digits)'],
  [/^W11\d{6}$/, 'wales', 'an ONS Welsh health board area code (W11 and six digits), for a regional partnership board'],
  [/^N\d{8}$/, 'northern_ireland', 'an ONS Northern Ireland code (N and eight digits)'],
];

/** Which nations each kind of partnership exists in. NI's integrated health and social care is HSCP-like. */
const KIND_NATIONS: Record<FootprintKind, Nation[]> = {
  STP: ['england'],
  ICS: ['england'],
  HSCP: ['scotland', 'northern_ireland'],
  RPB: ['wales'],
};

export function nationOfFootprintCode(code: string): Nation | undefined {
  return CODE_NATIONS.find(([pattern]) => pattern.test(code))?.[1];
}

/** Checks that a footprint's code, kind and nation agree with each other; returns one problem per bad field. */
export function checkFootprint(footprint: { code: string; kind: FootprintKind; nation: Nation }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const codeNation = nationOfFootprintCode(footprint.code);
  if (!codeNation) {
    problems.push({ field: 'code', problem: `must be ${CODE_NATIONS.map(([, , description]) => description).join(', or ')}` });
  } else if (codeNation !== footprint.nation) {
    problems.push({ field: 'code', problem: `is a code from ${codeNation}, but nation is ${footprint.nation}` });
  }
  if (!KIND_NATIONS[footprint.kind].includes(footprint.nation)) {
    problems.push({ field: 'kind', problem: `${footprint.kind} is for ${KIND_NATIONS[footprint.kind].join(' or ')}, not ${footprint.nation}` });
  }
  return problems;
}
