import { type FormEvent, type ReactNode, useMemo } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { ChartFigure, formatPercent, formatScore, Withheld } from '../../charts';
import { type MessageKey, useT } from '../../i18n/i18n';
import { usePageTitle } from '../../pages/use-page-title';
import { Button, Select, Table } from '../../ui';
import { MEASURES } from '../overview/trend';
import { localiseInstrument } from '../pulse/localise';
import { useClosedRounds, useInstrument } from '../questions/use-questions';
import { classThresholds, type DriverRow, driverRows, driversOption, type KeyDriver } from './drivers-chart';
import { useRoundDrivers } from './use-drivers';


/**
 * Key drivers of a scored round: how strongly each dimension and item goes with the overall NHS–local
 * government relationship (correlation with its 95% CI) and its share of what they explain together
 * (relative importance), each dimension classed priority, strength or neither, with the thresholds
 * in plain words. A figure the gate withholds says "fewer than k responses" and nothing else.
 */
export function DriversPage() {
  const { t, language } = useT();
  usePageTitle(t('drivers.title'));
  const { footprintId = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const rounds = useClosedRounds(footprintId);
  const round = rounds.data?.find((r) => r.id === search.get('round')) ?? rounds.data?.[0];
  const drivers = useRoundDrivers(round?.id);
  const instrument = useInstrument(round?.instrumentId);
  const k = drivers.data?.anonymityThreshold ?? 5;

  const questionText = useMemo(() => new Map((instrument.data ? localiseInstrument(instrument.data, language).questions : []).map((q) => [q.key, q.text])), [instrument.data, language]);
  const label = (d: KeyDriver) => (d.kind === 'dimension' ? dimensionName(d.key, t) : (questionText.get(d.key) ?? d.key));
  const items = drivers.data?.items ?? [];
  const dimensions = driverRows(items.filter((d) => d.kind === 'dimension'), label);
  const questions = driverRows(items.filter((d) => d.kind === 'item'), label);
  const thresholds = classThresholds(dimensions);
  const outcome = drivers.data?.outcome ? (questionText.get(drivers.data.outcome) ?? drivers.data.outcome) : '';

  function choose(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSearch({ round: String(new FormData(event.currentTarget).get('round') ?? '') });
  }

  return (
    <>
      <h1>{t('drivers.title')}</h1>
      <p>{t('drivers.lead')}</p>
      {rounds.isLoading && <p role="status">{t('common.loading')}</p>}
      {rounds.isError && <p className="nhsuk-error-message">{t('drivers.failed')}</p>}
      {rounds.data?.length === 0 && <p>{t('drivers.noRounds')}</p>}
      {round && (
        <>
          <form className="pp-filters" onSubmit={choose} key={search.toString()}>
            <Select id="round" label={t('drivers.round')} defaultValue={round.id} options={rounds.data?.map((r) => ({ value: r.id, label: r.period })) ?? []} />
            <Button type="submit" variant="secondary">
              {t('drivers.show')}
            </Button>
          </form>
          {drivers.isLoading && <p role="status">{t('common.loading')}</p>}
          {drivers.isError && <p className="nhsuk-error-message">{t('drivers.failed')}</p>}
          {drivers.data && items.length === 0 && <p data-testid="no-drivers">{t(drivers.data.computedAt ? 'drivers.noOutcome' : 'drivers.notComputed')}</p>}
          {drivers.data && items.length > 0 && (
            <>
              <p className="nhsuk-body-s">{t('drivers.meta', { outcome, period: round.period, k })}</p>
              {dimensions.length > 0 && (
                <DriverFigure
                  id="dimensions"
                  heading={t('drivers.dimensionsHeading')}
                  title={t('drivers.dimensionsTitle', { period: round.period })}
                  rows={dimensions}
                  withClass
                  equalShare={thresholds.equalShare}
                  k={k}
                  csv={{ path: '/api/v1/bi/drivers', filters: { footprint: footprintId, from: round.period, to: round.period, kind: 'dimension' }, filename: `drivers-${round.period}-dimensions.csv` }}
                />
              )}
              <Thresholds equalShare={thresholds.equalShare} averageScore={thresholds.averageScore} dimensions={dimensions.length} k={k} />
              {questions.length > 0 && (
                <DriverFigure
                  id="items"
                  heading={t('drivers.itemsHeading')}
                  title={t('drivers.itemsTitle', { period: round.period })}
                  rows={questions}
                  withClass={false}
                  equalShare={null}
                  k={k}
                  csv={{ path: '/api/v1/bi/drivers', filters: { footprint: footprintId, from: round.period, to: round.period, kind: 'item' }, filename: `drivers-${round.period}-items.csv` }}
                />
              )}
            </>
          )}
        </>
      )}
    </>
  );
}

function dimensionName(key: string, t: ReturnType<typeof useT>['t']): string {
  // A dimension the web app has no words for yet (a new instrument's) shows its key, never a blank.
  return key !== 'rhi' && (MEASURES as readonly string[]).includes(key) ? t(`overview.measure.${key}` as MessageKey) : key;
}

function DriverFigure({
  id,
  heading,
  title,
  rows,
  withClass,
  equalShare,
  k,
  csv,
}: {
  id: string;
  heading: string;
  title: string;
  rows: DriverRow[];
  withClass: boolean;
  equalShare: number | null;
  k: number;
  csv: { path: '/api/v1/bi/drivers'; filters: Record<string, string>; filename: string };
}) {
  const { t, language } = useT();
  const withheld = t('charts.withheld', { k });
  const option = useMemo(
    () => driversOption(rows, { correlation: t('drivers.axisCorrelation'), importance: t('drivers.axisImportance'), withheld, equalShare }),
    // The rows are rebuilt on every render; their content decides.
    [JSON.stringify(rows), withheld, equalShare, language],
  );
  const rSquared = rows.find((r) => r.rSquared !== null)?.rSquared ?? null;
  const head = [
    t('drivers.col.driver'),
    t('drivers.col.mean'),
    t('drivers.col.r'),
    t('drivers.col.ci'),
    t('drivers.col.n'),
    t('drivers.col.share'),
    ...(withClass ? [t('drivers.col.class')] : []),
  ];
  const notEstimated = <span className="nhsuk-body-s">{t('drivers.notEstimated')}</span>;
  const cell = (withheldHere: boolean, value: number | null, show: (v: number) => ReactNode): ReactNode => (withheldHere ? <Withheld k={k} /> : value === null ? notEstimated : show(value));
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{heading}</h2>
      {rSquared !== null && <p className="nhsuk-body-s">{t('drivers.rSquared', { percent: formatPercent(rSquared) })}</p>}
      <ChartFigure
        title={title}
        summary={t('drivers.chartSummary', { count: rows.length })}
        option={option}
        height={Math.max(220, 90 + rows.length * 40)}
        tableOpen
        table={
          <Table
            caption={title}
            head={head}
            rows={rows.map((row) => [
              row.label,
              cell(row.correlationWithheld, row.mean, formatScore),
              cell(row.correlationWithheld, row.r, (r) => r.toFixed(2)),
              row.correlationWithheld ? <Withheld k={k} /> : row.lower === null || row.upper === null ? notEstimated : t('drivers.ci', { lower: row.lower.toFixed(2), upper: row.upper.toFixed(2) }),
              cell(row.correlationWithheld, row.respondents, String),
              cell(row.importanceWithheld, row.share, formatPercent),
              ...(withClass ? [row.importanceWithheld ? <Withheld k={k} /> : row.class ? <ClassText value={row.class} /> : notEstimated] : []),
            ])}
          />
        }
        csv={csv}
      />
    </section>
  );
}

const CLASS_TAGS = { priority: 'nhsuk-tag--red', strength: 'nhsuk-tag--green', neither: 'nhsuk-tag--grey' } as const;

function ClassText({ value }: { value: keyof typeof CLASS_TAGS }) {
  const { t } = useT();
  return (
    <strong className={`nhsuk-tag ${CLASS_TAGS[value]}`} data-testid="driver-class">
      {t(`drivers.class.${value}`)}
    </strong>
  );
}

function Thresholds({ equalShare, averageScore, dimensions, k }: { equalShare: number | null; averageScore: number | null; dimensions: number; k: number }) {
  const { t } = useT();
  return (
    <section aria-labelledby="thresholds-heading" className="nhsuk-inset-text" data-testid="thresholds">
      <h2 id="thresholds-heading" className="nhsuk-heading-s">
        {t('drivers.thresholdsHeading')}
      </h2>
      <ul>
        <li>{t('drivers.explainCorrelation')}</li>
        <li>{t('drivers.explainImportance')}</li>
        {equalShare !== null && <li>{t('drivers.explainImportant', { share: formatPercent(equalShare), dimensions })}</li>}
        <li>{averageScore !== null ? t('drivers.explainLow', { average: formatScore(averageScore) }) : t('drivers.explainLowNoAverage')}</li>
        <li>
          <strong>{t('drivers.class.priority')}</strong>: {t('drivers.explainPriority')}
        </li>
        <li>
          <strong>{t('drivers.class.strength')}</strong>: {t('drivers.explainStrength')}
        </li>
        <li>
          <strong>{t('drivers.class.neither')}</strong>: {t('drivers.explainNeither')}
        </li>
        <li>{t('drivers.explainWithheld', { k })}</li>
      </ul>
    </section>
  );
}
