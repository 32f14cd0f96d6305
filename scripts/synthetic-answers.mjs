// Synthetic pulse answers, shared by the demo (scripts/demo-seed.mjs) and the quarter-end benchmark
// (bench/quarter-end.mjs): a seeded generator, so every run uploads the same answers, and the way a
// respondent of a given mood picks an option, a role and the partners they rate.

/** The respondent roles of the default instrument, as the offline CSV upload names them. */
export const ROLES = ['chief_executive', 'finance', 'adult_social_care', 'public_health', 'clinical_gp', 'commissioning', 'other'];

/** A small seeded generator (FNV-1a of the seed, then mulberry32): the same seed, the same numbers. */
export function randomSource(seed) {
  let state = [...seed].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), 2166136261) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An option of `question` around `sentiment` (0 worst … 1 best), with respondent-to-respondent noise. */
export function pick(question, sentiment, random) {
  const values = question.options.map((o) => o.value);
  const leaning = question.reversed ? 1 - sentiment : sentiment;
  const noisy = leaning * (values.length - 1) + (random() + random() + random() - 1.5) * 1.2;
  return values[Math.min(values.length - 1, Math.max(0, Math.round(noisy)))];
}

/** A respondent's role, drawn uniformly. */
export function role(random) {
  return ROLES[Math.floor(random() * ROLES.length)];
}

/** The five to eight of `others` (the other members) one respondent rates, drawn at random. */
export function partnersRated(others, random) {
  return [...others].sort(() => random() - 0.5).slice(0, 5 + Math.floor(random() * 4));
}
