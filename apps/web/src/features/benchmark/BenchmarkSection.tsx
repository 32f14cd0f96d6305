import { type FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import { ChartFigure, formatScore } from '../../charts';
import { useT } from '../../i18n/i18n';
import { Button, Checkboxes, ErrorSummary, Table } from '../../ui';
import { MEASURES } from '../overview/trend';
import { benchmarkOption } from './chart';
import { type BenchmarkFigure, type FootprintBenchmark, reasonKey, useBenchmark, useCanSetSharing, useSetSharing } from './use-benchmark';

const SHARING_FIELD = 'benchmarkSharing';

/**
 * The overview's "National benchmark": where the footprint's RHI and dimensions stand among the
 * footprints sharing theirs for its latest scored round (percentile and quartile in words, a strip
 * chart of the middle half and the median, the table), or why that is withheld; and, for its leads
 * and platform admins, the opt-in. Other footprints are never named: the API gives only counts and
 * cut points.
 */
export function BenchmarkSection({ footprintId }: { footprintId: string }) {
  const { t } = useT();
  const benchmark = useBenchmark(footprintId);
  const canSet = useCanSetSharing(footprintId);
  const measure = useCallback((key: string) => (MEASURES.includes(key as never) ? t(`overview.measure.${key as (typeof MEASURES)[number]}`) : key), [t]);
  const ordered = useMemo(() => benchmark.data && inReadingOrder(benchmark.data), [benchmark.data]);
  return (
    <section aria-labelledby="benchmark-heading" data-testid="benchmark">
      <h2 id="benchmark-heading">{t('benchmark.heading')}</h2>
      {benchmark.isLoading && <p role="status">{t('common.loading')}</p>}
      {benchmark.isError && <p className="nhsuk-error-message">{t('benchmark.failed')}</p>}
      {ordered && <Standing data={ordered} measure={measure} />}
      {benchmark.data && canSet && <SharingForm footprintId={footprintId} sharing={benchmark.data.sharing} />}
    </section>
  );
}

/** The figures in the overview's order (the RHI, then the dimensions as the instrument lists them); others after, by key. */
function inReadingOrder(data: FootprintBenchmark): FootprintBenchmark {
  const rank = (key: string) => (MEASURES.includes(key as never) ? MEASURES.indexOf(key as never) : MEASURES.length);
  return { ...data, figures: [...data.figures].sort((a, b) => rank(a.measure) - rank(b.measure) || a.measure.localeCompare(b.measure)) };
}

function Standing({ data, measure }: { data: FootprintBenchmark; measure: (key: string) => string }) {
  const { t } = useT();
  const option = useMemo(
    () => benchmarkOption(data.figures, { measure, middleHalf: t('benchmark.chart.middleHalf'), yours: t('benchmark.chart.yours') }),
    [data.figures, measure, t],
  );
  const reason = (code: FootprintBenchmark['reasonCode']) => (code ? t(reasonKey(code), { minimum: data.minimumContributors }) : '');
  if (data.reasonCode) return <p data-testid="benchmark-withheld">{t('benchmark.withheld', { reason: reason(data.reasonCode) })}</p>;
  const words = (figure: BenchmarkFigure) =>
    figure.withheld || figure.percentile === null || figure.quartile === null
      ? t('benchmark.withheld', { reason: reason(figure.reasonCode) })
      : t('benchmark.standing', { percentile: Math.round(figure.percentile), quartile: t(`benchmark.quartile.${figure.quartile as 1 | 2 | 3 | 4}`), contributors: figure.contributors ?? 0 });
  const title = t('benchmark.chart.title', { period: data.period ?? '' });
  return (
    <>
      <p>{t('benchmark.intro', { period: data.period ?? '', minimum: data.minimumContributors })}</p>
      <ul className="nhsuk-list" data-testid="benchmark-standing">
        {data.figures.map((figure) => (
          <li key={figure.measure}>
            <strong>{measure(figure.measure)}:</strong> {words(figure)}
          </li>
        ))}
      </ul>
      {data.figures.some((figure) => !figure.withheld) && (
        <ChartFigure
          title={title}
          summary={t('benchmark.chart.summary', { period: data.period ?? '' })}
          option={option}
          height={60 + 40 * data.figures.length}
          table={
            <Table
              caption={title}
              head={[t('benchmark.col.measure'), t('benchmark.col.yours'), t('benchmark.col.percentile'), t('benchmark.col.quartile'), t('benchmark.col.contributors'), t('benchmark.col.lowerQuartile'), t('benchmark.col.median'), t('benchmark.col.upperQuartile')]}
              rows={data.figures.map((figure) =>
                figure.withheld || !figure.cutPoints
                  ? [measure(figure.measure), figure.value === null ? '' : formatScore(figure.value), <span className="pp-withheld">{reason(figure.reasonCode)}</span>, '', '', '', '', '']
                  : [
                      measure(figure.measure),
                      figure.value === null ? '' : formatScore(figure.value),
                      String(Math.round(figure.percentile ?? 0)),
                      t(`benchmark.quartile.${figure.quartile as 1 | 2 | 3 | 4}`),
                      String(figure.contributors ?? ''),
                      String(figure.cutPoints.lowerQuartile),
                      String(figure.cutPoints.median),
                      String(figure.cutPoints.upperQuartile),
                    ],
              )}
            />
          }
        />
      )}
    </>
  );
}

function SharingForm({ footprintId, sharing }: { footprintId: string; sharing: boolean }) {
  const { t } = useT();
  const save = useSetSharing(footprintId);
  const [checked, setChecked] = useState(sharing);
  useEffect(() => setChecked(sharing), [sharing]);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(checked);
  };
  const error = save.error ? (save.error instanceof Error ? save.error.message : String(save.error)) : undefined;
  return (
    <form onSubmit={onSubmit} noValidate data-testid="benchmark-sharing">
      <ErrorSummary errors={error ? [{ field: SHARING_FIELD, message: error }] : []} />
      <Checkboxes
        id={SHARING_FIELD}
        legend={t('benchmark.sharing.legend')}
        hint={t('benchmark.sharing.hint')}
        options={[{ value: 'share', label: t('benchmark.sharing.label') }]}
        values={checked ? ['share'] : []}
        onChange={(values) => setChecked(values.includes('share'))}
        error={error}
      />
      <Button variant="secondary" disabled={save.isPending}>
        {t('benchmark.sharing.save')}
      </Button>
      {save.isSuccess && !save.isPending && (
        <p role="status" className="nhsuk-body-s">
          {t(sharing ? 'benchmark.sharing.savedOn' : 'benchmark.sharing.savedOff')}
        </p>
      )}
    </form>
  );
}
