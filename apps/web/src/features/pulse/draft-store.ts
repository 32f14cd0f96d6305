import type { PulseAnswers } from './form-model';

/**
 * Answers in progress, kept in this browser's localStorage per round and per link or invitation,
 * so a closed tab loses nothing; cleared once the API has the response. Only answers are kept,
 * never the link's token (the key holds a hash of it, which cannot answer anything).
 */
const PREFIX = 'pp.pulse-draft';

export function draftKey(roundId: string, source: { link: string } | { invitation: string }): string {
  return 'link' in source ? `${PREFIX}.${roundId}.link-${hashOf(source.link)}` : `${PREFIX}.${roundId}.invitation-${source.invitation}`;
}

/** FNV-1a, 32 bits: tells links apart in a key without keeping the token itself. */
function hashOf(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

export function loadDraft(key: string): PulseAnswers | null {
  try {
    const stored = JSON.parse(localStorage.getItem(key) ?? 'null') as Partial<PulseAnswers> | null;
    if (!stored || typeof stored !== 'object') return null;
    return { respondentRole: stored.respondentRole, answers: stored.answers ?? {}, partnerRatings: stored.partnerRatings ?? {} };
  } catch {
    return null;
  }
}

export function saveDraft(key: string, answers: PulseAnswers): void {
  try {
    localStorage.setItem(key, JSON.stringify(answers));
  } catch {
    // Storage full or disabled (private browsing): the form still works, only without the safety net.
  }
}

export function clearDraft(key: string): void {
  localStorage.removeItem(key);
}
