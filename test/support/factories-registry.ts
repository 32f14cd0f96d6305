import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { asAdmin } from './auth';

/**
 * Registry data for e2e tests, built through the API as the app's platform admin. Every suite of a
 * run shares one database, so each test file claims a block of every code space of its own (an
 * exclusive file per block, atomic across jest workers) and counts within it: files never share
 * codes, and each test can still run alone.
 */
const MAX_FILES = 50;
const block = claimBlock();
let sequence = 0;

function claimBlock(): number {
  const dir = join(tmpdir(), `pulse-test-codes-${process.env.TEST_RUN_ID ?? process.pid}`);
  mkdirSync(dir, { recursive: true });
  for (let candidate = 0; candidate < MAX_FILES; candidate++) {
    try {
      closeSync(openSync(join(dir, String(candidate)), 'wx'));
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new Error(`more than ${MAX_FILES} test files claimed registry codes in this run; raise MAX_FILES`);
}

/** The next number of this file's block in a space of `size` values. */
function next(size: number): number {
  const perFile = Math.floor(size / MAX_FILES);
  sequence += 1;
  return block * perFile + (sequence % perFile);
}

function digits(width: number): string {
  return String(next(10 ** width)).padStart(width, '0');
}

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export const uniqueCode = {
  footprint: () => `E54${digits(6)}`,
  /** Q and two digits: real ICB codes such as QYG or QT1 never take this form, so imports of them cannot clash. */
  icb: () => `Q${digits(2)}`,
  /** The five-character CCG form (letter, digit, letter, digit, letter); the shared data file has none of these. */
  ccg: () => {
    const n = Number(digits(6));
    const letter = (i: number) => String.fromCharCode(65 + (i % 26));
    return `${letter(n)}${n % 10}${letter(Math.floor(n / 26))}${Math.floor(n / 10) % 10}${letter(Math.floor(n / 676))}`;
  },
  unitaryAuthority: () => `E06${digits(6)}`,
  metropolitanBorough: () => `E08${digits(6)}`,
  /** GP practice codes (a letter and five digits) give the widest space of NHS codes. */
  gpPractice: () => `P${digits(5)}`,
  /** Trust codes have little room (T and two letters or digits), so keep them for tests that need a trust. */
  trust: () => {
    const n = next(ALPHANUMERIC.length ** 2);
    return `T${ALPHANUMERIC[Math.floor(n / ALPHANUMERIC.length)]}${ALPHANUMERIC[n % ALPHANUMERIC.length]}`;
  },
};

/** Public reference data kept in the repository (data/reference, whose README gives sources and dates). */
export function referenceData(file: string): string {
  return readFileSync(resolve(process.cwd(), 'data', 'reference', file), 'utf8');
}

export const API = '/api/v1';

export interface FootprintBody {
  id: string;
  code: string;
  name: string;
  [field: string]: unknown;
}

export interface OrganisationBody {
  id: string;
  code: string;
  name: string;
  type: string;
  [field: string]: unknown;
}

export async function createFootprint(app: INestApplication, fields: Record<string, unknown> = {}): Promise<FootprintBody> {
  const code = uniqueCode.footprint();
  const res = await (await asAdmin(app)).http
    .post(`${API}/footprints`)
    .send({ code, name: `Footprint ${code}`, kind: 'ICS', nation: 'england', region: { name: 'North West', code: 'E40000010' }, ...fields })
    .expect(201);
  return res.body as FootprintBody;
}

export async function createOrganisation(app: INestApplication, fields: Record<string, unknown> = {}): Promise<OrganisationBody> {
  const code = uniqueCode.unitaryAuthority();
  const res = await (await asAdmin(app)).http
    .post(`${API}/organisations`)
    .send({ code, name: `Council ${code}`, type: 'unitary_authority', ...fields })
    .expect(201);
  return res.body as OrganisationBody;
}

export async function addMember(
  app: INestApplication,
  footprintId: string,
  organisationId: string,
  memberFrom: string,
  memberTo: string | null = null,
): Promise<{ id: string; [field: string]: unknown }> {
  const res = await (await asAdmin(app)).http
    .post(`${API}/footprints/${footprintId}/members`)
    .send({ organisationId, memberFrom, memberTo })
    .expect(201);
  return res.body;
}
