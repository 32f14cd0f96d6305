import { Form, useSearchParams } from 'react-router';
import { formatScore } from '../../charts';
import { useT } from '../../i18n/i18n';
import { Button, Input, Table } from '../../ui';
import { reasonKey, useBenchmarkTable } from '../benchmark/use-benchmark';
import { MEASURES } from '../overview/trend';
import { AdminPage } from './AdminPage';
import { formProblems } from '../../api/problem';

/**
 * `/admin/benchmark`: the national benchmark's full table for platform admins, every footprint
 * sharing now named with each figure and its standing for a period (the latest one any sharer has
 * scored unless the address names one; a GET form, so a view can be linked to).
 */
export function BenchmarkPage() {
  const { t } = useT();
  const [params] = useSearchParams();
  const period = params.get('period')?.trim() ?? '';
  const table = useBenchmarkTable(period);
  const labels = { period: t('admin.benchmark.period') };
  const problems = table.error ? formProblems(table.error, { labels, fallback: 'period' }) : {};
  const measure = (key: string) => (MEASURES.includes(key as never) ? t(`overview.measure.${key as (typeof MEASURES)[number]}`) : key);
  const rows = (table.data?.footprints ?? []).flatMap((footprint) =>
    footprint.figures.length === 0
      ? [[`${footprint.name} (${footprint.code})`, '', '', <span className="pp-withheld">{t('admin.benchmark.notScored')}</span>, '', '', '', '']]
      : footprint.figures.map((figure) => [
          `${footprint.name} (${footprint.code})`,
          measure(figure.measure),
          figure.value === null ? '' : formatScore(figure.value),
          figure.withheld && figure.reasonCode ? <span className="pp-withheld">{t(reasonKey(figure.reasonCode), { minimum: table.data?.minimumContributors ?? 5 })}</span> : String(Math.round(figure.percentile ?? 0)),
          figure.quartile === null ? '' : t(`benchmark.quartile.${figure.quartile as 1 | 2 | 3 | 4}`),
          figure.contributors === null ? '' : String(figure.contributors),
          figure.cutPoints ? String(figure.cutPoints.median) : '',
          figure.cutPoints ? `${figure.cutPoints.lowerQuartile}–${figure.cutPoints.upperQuartile}` : '',
        ]),
  );
  return (
    <AdminPage action="benchmark.read_all" title={t('admin.benchmark.title')} problems={problems}>
      <p>{t('admin.benchmark.intro')}</p>
      <Form method="get">
        <Input id="period" label={labels.period} hint={t('admin.benchmark.periodHint')} defaultValue={period} error={problems.period} width="nhsuk-input--width-10" />
        <Button variant="secondary">{t('admin.benchmark.show')}</Button>
      </Form>
      {table.isLoading ? (
        <p role="status">{t('common.loading')}</p>
      ) : table.data && rows.length === 0 ? (
        <p>{t('admin.benchmark.none')}</p>
      ) : table.data ? (
        <Table
          responsive
          caption={t('admin.benchmark.caption', { period: table.data.period ?? '' })}
          head={[
            t('admin.benchmark.col.footprint'),
            t('benchmark.col.measure'),
            t('benchmark.col.value'),
            t('benchmark.col.percentile'),
            t('benchmark.col.quartile'),
            t('benchmark.col.contributors'),
            t('benchmark.col.median'),
            t('admin.benchmark.col.middleHalf'),
          ]}
          rows={rows}
        />
      ) : null}
    </AdminPage>
  );
}
