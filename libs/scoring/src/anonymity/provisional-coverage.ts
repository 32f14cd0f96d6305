/**
 * Which respondents an open round's provisional figures cover. They lag the count: a publication
 * covers exactly the first c respondents of the round in order of their first submission, c the
 * largest multiple of k with c ≤ N − k (N: respondents so far), and is republished only when c grows.
 * So any two publications of a round differ by at least k respondents: two provisional ones by a
 * multiple of k, the last provisional one and the final one (all N at close, N ≥ c + k) by at least k.
 * Comparing any two therefore never isolates fewer than k people, not even the late respondents who
 * answer just before close. A covered respondent who resubmits changes their answers in the next
 * publication, but that publication also adds k respondents never covered before, so the difference
 * is always mixed with at least k others.
 */
export interface ProvisionalCoverage {
  /** c: the first respondents by first submission that the figures cover; 0 while nothing is published. */
  respondentsCovered: number;
  /** N: respondents in the round so far. */
  respondentsSoFar: number;
  /** The N at which the next publication (k more covered) is due. */
  nextPublicationAt: number;
}

export function provisionalCoverage(respondentsSoFar: number, k: number): ProvisionalCoverage {
  const respondentsCovered = Math.max(0, Math.floor((respondentsSoFar - k) / k) * k);
  return { respondentsCovered, respondentsSoFar, nextPublicationAt: nextPublicationAt(respondentsCovered, k) };
}

/** The count of respondents at which figures covering `respondentsCovered` are next republished: k more covered, k behind. */
export function nextPublicationAt(respondentsCovered: number, k: number): number {
  return respondentsCovered + 2 * k;
}
