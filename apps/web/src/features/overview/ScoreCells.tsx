import { BandTag, formatChange, formatScore, Withheld } from '../../charts';
import { useT } from '../../i18n/i18n';
import type { Score } from './use-overview';

/**
 * The cells of one score in a table: value, band, 95% CI, n, change since the previous round. A
 * score the gate withholds is one "fewer than k responses" and no other figure of it.
 */
export function scoreCells(score: Score | undefined, k: number, t: ReturnType<typeof useT>['t']): React.ReactNode[] {
  if (!score || score.suppressed || score.mean === null) return [<Withheld k={k} key="w" />, '', '', '', ''];
  return [
    <strong key="mean">{formatScore(score.mean)}</strong>,
    score.band ? <BandTag band={score.band} key="band" /> : '',
    score.ci95 ? t('overview.ci', { lower: formatScore(score.ci95.lower), upper: formatScore(score.ci95.upper) }) : '',
    score.n ?? '',
    <ChangeText score={score} k={k} key="change" />,
  ];
}

/** The change since the previous scored round; significant changes (p < 0.05 and at least 5 points) marked in words. */
export function ChangeText({ score, k }: { score: Score; k: number }) {
  const { t } = useT();
  const comparison = score.comparison;
  if (!comparison) return <span>{t('overview.noPrevious')}</span>;
  if (comparison.suppressed || comparison.delta === null) return <Withheld k={k} />;
  return (
    <span>
      {formatChange(comparison.delta)}
      {comparison.significant && (
        <>
          {' '}
          <strong className="nhsuk-tag nhsuk-tag--orange pp-significant" data-testid="significant-change">
            {t(comparison.delta < 0 ? 'overview.significantFall' : 'overview.significantRise')}
          </strong>
        </>
      )}
    </span>
  );
}
