import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { BandTag, type Band, Withheld } from '../../charts';
import { type MessageKey, useT } from '../../i18n/i18n';
import { Select } from '../../ui';
import { SECTORS } from './sectors';
import type { ScoredRound } from './use-relationships';

export { SECTORS };

/** A sector's name in the reader's language. */
export function useSectorName(): (sector: string | null | undefined) => string {
  const { t } = useT();
  return (sector) => (sector && (SECTORS as readonly string[]).includes(sector) ? t(`relationships.sector.${sector}` as MessageKey) : (sector ?? ''));
}

/** A 0–100 score as the pages write it: one decimal. */
export function points(value: number): string {
  return value.toFixed(1);
}

/** A signed change or gap in points: +3.2, −4.0. */
export function signedPoints(value: number): string {
  return `${value > 0 ? '+' : value < 0 ? '−' : ''}${Math.abs(value).toFixed(1)}`;
}

/** A figure through the gate: its value and band, or "fewer than k responses" and nothing else. */
export function ScoreCell({ mean, band, suppressed, k }: { mean: number | null; band: string | null; suppressed: boolean; k: number }) {
  if (suppressed || mean === null) return <Withheld k={k} />;
  return (
    <>
      {points(mean)} {band === 'strong' || band === 'moderate' || band === 'concern' ? <BandTag band={band as Band} /> : null}
    </>
  );
}

/** The round a page shows, kept in the address (`?period=2026-Q2`) so a view can be shared; the latest scored round by default. */
export function usePeriod(): [string | undefined, (period: string | undefined) => void] {
  const [params, setParams] = useSearchParams();
  const period = params.get('period') ?? undefined;
  return [
    period,
    (next) =>
      setParams(
        (current) => {
          const copy = new URLSearchParams(current);
          if (next) copy.set('period', next);
          else copy.delete('period');
          return copy;
        },
        { replace: true },
      ),
  ];
}

/** A Relationships page's address for the round `period` (the latest when none): the round follows the reader from page to page. */
export function inRound(path: string, period: string | undefined): string {
  return period ? `${path}?period=${period}` : path;
}

/** Chooses the scored round a page shows. */
export function RoundSelect({ rounds, period, onChange }: { rounds: readonly ScoredRound[] | { period: string }[]; period: string | undefined; onChange: (period: string | undefined) => void }) {
  const { t } = useT();
  return (
    <Select
      id="round"
      label={t('relationships.round')}
      value={period ?? ''}
      options={[{ value: '', label: t('relationships.latestRound') }, ...rounds.map((round) => ({ value: round.period, label: round.period }))]}
      onChange={(event) => onChange(event.target.value || undefined)}
    />
  );
}

/**
 * A table alternative that is built only once its NHS.UK details is opened: a 60-member heatmap's
 * table has 3,540 rows, which would otherwise slow every visit to the page for the few who read it.
 */
export function WhenOpened({ children }: { children: () => ReactNode }) {
  const marker = useRef<HTMLSpanElement>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const details = marker.current?.closest('details');
    if (!details) {
      setOpen(true);
      return;
    }
    const update = () => setOpen(details.open);
    update();
    details.addEventListener('toggle', update);
    return () => details.removeEventListener('toggle', update);
  }, []);
  return (
    <>
      <span ref={marker} hidden />
      {open && children()}
    </>
  );
}

/** Loading, failure or nothing scored yet: the states every Relationships page shares. */
export function PageState({ loading, failed, empty }: { loading: boolean; failed: boolean; empty: boolean }): ReactNode {
  const { t } = useT();
  if (loading) return <p role="status">{t('common.loading')}</p>;
  if (failed) return <p className="nhsuk-error-message">{t('relationships.failed')}</p>;
  if (empty) return <p>{t('relationships.noScoredRound')}</p>;
  return null;
}
