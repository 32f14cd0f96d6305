/** The API's sectors, in the order the Relationships pages group them: NHS first, then local government. */
export const SECTORS = ['nhs', 'local_government', 'voluntary', 'other'] as const;

/** A sector's place in SECTORS (an unknown sector last). */
export function sectorRank(sector: string): number {
  const rank = (SECTORS as readonly string[]).indexOf(sector);
  return rank === -1 ? SECTORS.length : rank;
}
