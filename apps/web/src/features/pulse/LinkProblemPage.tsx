import { type MessageKey, useT } from '../../i18n/i18n';
import { usePageTitle } from '../../pages/use-page-title';

/** Why a respondent link cannot be answered, as the API's problem `code` says (plus our own for no answer at all). */
export type LinkProblem = 'pulse_link_missing' | 'pulse_link_unknown' | 'pulse_link_expired' | 'pulse_link_used' | 'round_not_open' | 'unavailable';

const KNOWN: readonly LinkProblem[] = ['pulse_link_missing', 'pulse_link_unknown', 'pulse_link_expired', 'pulse_link_used', 'round_not_open'];

export function linkProblemOf(code: string | undefined): LinkProblem {
  return KNOWN.find((known) => known === code) ?? 'unavailable';
}

const WORDS: Record<LinkProblem, { title: MessageKey; body: MessageKey }> = {
  pulse_link_missing: { title: 'pulse.link.missing.title', body: 'pulse.link.missing.body' },
  pulse_link_unknown: { title: 'pulse.link.unknown.title', body: 'pulse.link.unknown.body' },
  pulse_link_expired: { title: 'pulse.link.expired.title', body: 'pulse.link.expired.body' },
  pulse_link_used: { title: 'pulse.link.used.title', body: 'pulse.link.used.body' },
  round_not_open: { title: 'pulse.link.notOpen.title', body: 'pulse.link.notOpen.body' },
  unavailable: { title: 'pulse.link.unavailable.title', body: 'pulse.link.unavailable.body' },
};

/** A clear page for a link that cannot be answered, saying which way it is bad: never a blank screen. */
export function LinkProblemPage({ problem }: { problem: LinkProblem }) {
  const { t } = useT();
  const words = WORDS[problem];
  usePageTitle(t(words.title));
  return (
    <div data-testid="link-problem" data-problem={problem}>
      <h1>{t(words.title)}</h1>
      <p>{t(words.body)}</p>
      {problem !== 'unavailable' && <p>{t('pulse.link.contact')}</p>}
    </div>
  );
}
