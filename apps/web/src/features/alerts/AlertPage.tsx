import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiProblem } from '../../api/problem';
import { BandTag, type Band, ChartFigure, formatChange, formatPercent, formatScore, Withheld } from '../../charts';
import { can } from '../../auth/access';
import { rolesOf, useAccount } from '../../auth/use-account';
import { type MessageKey, useT } from '../../i18n/i18n';
import { usePageTitle } from '../../pages/use-page-title';
import { Button, ErrorSummary, type FieldError, SummaryList, type SummaryRow, Table, Textarea } from '../../ui';
import { RecordActionLink } from '../actions/parts';
import { SEVERITY_TAGS } from './severity';
import { subjectFilters } from './subject';
import { trendOption, trendSeries } from '../overview/trend';
import { type Alert, useAlert, useAlertAction, useAlertTrend, useMarkRead } from './use-alerts';

const NOTE = 'note';

/**
 * One alert: what was raised and the figures behind it, a small trend of the score it is about,
 * and, for those who may (leads of its footprint, admins), acknowledge or resolve with a note.
 * Alert emails link here.
 */
export function AlertPage() {
  const { t } = useT();
  const { id = '' } = useParams();
  const { account } = useAccount();
  const alert = useAlert(id);
  const markRead = useMarkRead();
  const isLead = rolesOf(account).has('footprint_lead');
  usePageTitle(alert.data ? alert.data.subjectLabel : t('alerts.alertTitle'));

  // Opening the alert reads it: the inbox's unread badge goes down.
  const alertId = alert.data?.id;
  useEffect(() => {
    if (alertId && isLead) markRead.mutate(alertId);
  }, [alertId, isLead]);

  if (alert.isLoading) return <p role="status">{t('common.loading')}</p>;
  if (alert.error || !alert.data) {
    const status = alert.error instanceof ApiProblem ? alert.error.status : 0;
    return (
      <>
        <h1>{t('alerts.alertTitle')}</h1>
        <p>{t(status === 404 || status === 403 ? 'alerts.notFound' : 'alerts.failed')}</p>
        <p>
          <Link to="/alerts">{t('alerts.back')}</Link>
        </p>
      </>
    );
  }
  const a = alert.data;
  return (
    <>
      <p>
        <Link className="nhsuk-back-link" to="/alerts">
          {t('alerts.back')}
        </Link>
      </p>
      <span className="nhsuk-caption-l">
        <strong className={`nhsuk-tag ${SEVERITY_TAGS[a.severity]}`}>{t(`alerts.severity.${a.severity}`)}</strong> {t('alerts.caption.round', { period: a.period })}
      </span>
      <h1>{a.subjectLabel}</h1>
      <p className="nhsuk-lede-text" data-testid="alert-summary">
        {a.summary}
      </p>
      <SummaryList
        rows={[
          { key: t('alerts.col.status'), value: <span data-testid="alert-status">{t(`alerts.status.${a.status}`)}</span> },
          { key: t('alerts.col.raised'), value: dateTime(a.raisedAt) },
          ...(a.acknowledgedAt ? [{ key: t('alerts.acknowledgedAt'), value: dateTime(a.acknowledgedAt) }] : []),
          ...(a.resolvedAt ? [{ key: t('alerts.resolvedAt'), value: dateTime(a.resolvedAt) }] : []),
          ...noteRows(a, t),
        ]}
      />
      <h2>{t('alerts.figuresHeading')}</h2>
      <Figures alert={a} />
      <AlertTrend alert={a} />
      <RecordActionLink footprintId={a.footprintId} link={{ linkKind: 'alert', alertId: a.id }} what={a.subjectLabel} />
      {can(account, 'alert.manage', a.footprintId) && a.status !== 'resolved' && <ActionForm alert={a} />}
    </>
  );
}

function dateTime(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

function noteRows(alert: Alert, t: ReturnType<typeof useT>['t']): SummaryRow[] {
  const rows: SummaryRow[] = [];
  if (alert.resolution) rows.push({ key: t('alerts.resolution'), value: t(`alerts.resolution.${alert.resolution}`) });
  if (alert.note) rows.push({ key: t('alerts.note'), value: <span data-testid="alert-note">{alert.note}</span> });
  return rows;
}

/** The details the rule recorded, in words; keys the page does not know are left out rather than shown raw. */
const DETAILS: readonly { key: string; label: MessageKey; show: (v: unknown) => string | null }[] = [
  { key: 'mean', label: 'alerts.detail.mean', show: (v) => (typeof v === 'number' ? formatScore(v) : null) },
  { key: 'previousMean', label: 'alerts.detail.previousMean', show: (v) => (typeof v === 'number' ? formatScore(v) : null) },
  { key: 'delta', label: 'alerts.detail.delta', show: (v) => (typeof v === 'number' ? formatChange(v) : null) },
  { key: 'pValue', label: 'alerts.detail.pValue', show: (v) => (typeof v === 'number' ? (v < 0.001 ? '< 0.001' : v.toFixed(3)) : null) },
  { key: 'respondents', label: 'alerts.detail.respondents', show: (v) => (typeof v === 'number' ? String(v) : null) },
  { key: 'perceptionGap', label: 'alerts.detail.perceptionGap', show: (v) => (typeof v === 'number' ? formatChange(v) : null) },
  { key: 'consecutiveDeclines', label: 'alerts.detail.consecutiveDeclines', show: (v) => (typeof v === 'number' ? String(v) : null) },
  { key: 'rate', label: 'alerts.detail.rate', show: (v) => (typeof v === 'number' ? formatPercent(v) : null) },
  { key: 'expectedRespondents', label: 'alerts.detail.expectedRespondents', show: (v) => (typeof v === 'number' ? String(v) : null) },
  { key: 'organisationsInvited', label: 'alerts.detail.organisationsInvited', show: (v) => (typeof v === 'number' ? String(v) : null) },
];

function Figures({ alert }: { alert: Alert }) {
  const { t } = useT();
  const details = alert.details ?? {};
  const rows: SummaryRow[] = DETAILS.flatMap((d) => {
    const shown = d.show(details[d.key]);
    return shown === null ? [] : [{ key: t(d.label), value: shown }];
  });
  for (const [key, label] of [['band', 'alerts.detail.band'], ['previousBand', 'alerts.detail.previousBand']] as const) {
    const band = details[key];
    if (band === 'strong' || band === 'moderate' || band === 'concern') rows.push({ key: t(label), value: <BandTag band={band as Band} /> });
  }
  if (rows.length === 0) return <p>{t('alerts.noFigures')}</p>;
  return <SummaryList rows={rows} />;
}

function AlertTrend({ alert }: { alert: Alert }) {
  const { t } = useT();
  const trend = useAlertTrend(alert);
  const data = trend.data;
  const periods = useMemo(() => (data?.rounds ?? []).map((r) => r.period), [data]);
  const series = useMemo(() => (data ? trendSeries(periods, data.items, [data.measure]) : []), [data, periods]);
  const option = useMemo(() => trendOption(periods, series, () => alert.subjectLabel), [periods, series, alert.subjectLabel]);
  if (!data || periods.length === 0) return null;
  const k = data.anonymityThreshold;
  const byPeriod = new Map(data.items.map((s) => [s.period, s]));
  const title = t('alerts.trendTitle', { subject: alert.subjectLabel });
  return (
    <ChartFigure
      title={title}
      summary={t('alerts.trendSummary', { subject: alert.subjectLabel, rounds: periods.length })}
      option={option}
      height={220}
      table={
        <Table
          caption={title}
          head={[t('overview.col.round'), t('overview.col.score'), t('overview.col.band')]}
          rows={periods.map((period) => {
            const s = byPeriod.get(period);
            if (!s) return [period, '', ''];
            if (s.suppressed || s.mean === null) return [period, <Withheld k={k} key="w" />, ''];
            return [period, formatScore(s.mean), s.band ? <BandTag band={s.band} key="b" /> : ''];
          })}
        />
      }
      csv={{
        path: '/api/v1/bi/trends',
        filters: { footprint: alert.footprintId, scope: data.scope, measure: data.measure, ...subjectFilters(data), from: periods[0], to: periods[periods.length - 1] },
        filename: `alert-trend-${data.scope}-${data.measure}.csv`,
      }}
    />
  );
}

function ActionForm({ alert }: { alert: Alert }) {
  const { t } = useT();
  const action = useAlertAction(alert.id);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [done, setDone] = useState<string | null>(null);

  function submit(kind: 'acknowledge' | 'resolve') {
    return (event: FormEvent) => {
      event.preventDefault();
      setErrors([]);
      action.mutate(
        { action: kind, note },
        {
          onSuccess: () => {
            setNote('');
            setDone(t(kind === 'acknowledge' ? 'alerts.acknowledged' : 'alerts.resolved'));
          },
          onError: (error) => {
            const problem = error instanceof ApiProblem ? error.problem : undefined;
            const fieldErrors = problem?.errors?.filter((e) => e.field === NOTE).map((e) => ({ field: NOTE, message: t('alerts.noteProblem', { problem: e.problem }) })) ?? [];
            setErrors(fieldErrors.length ? fieldErrors : [{ field: NOTE, message: problem?.detail ?? t('alerts.failed') }]);
          },
        },
      );
    };
  }

  return (
    <section aria-labelledby="action-heading">
      <h2 id="action-heading">{t('alerts.actionHeading')}</h2>
      {done && (
        <p className="nhsuk-inset-text" role="status">
          {done}
        </p>
      )}
      <ErrorSummary errors={errors} />
      <form onSubmit={submit(alert.status === 'open' ? 'acknowledge' : 'resolve')} noValidate>
        <Textarea id={NOTE} label={t('alerts.note')} hint={t('alerts.noteHint')} value={note} onChange={(e) => setNote(e.target.value)} error={errors.find((e) => e.field === NOTE)?.message} />
        <div className="nhsuk-button-group">
          {alert.status === 'open' && (
            <Button type="button" onClick={submit('acknowledge')} disabled={action.isPending}>
              {t('alerts.acknowledge')}
            </Button>
          )}
          <Button type="button" variant="secondary" onClick={submit('resolve')} disabled={action.isPending}>
            {t('alerts.resolve')}
          </Button>
        </div>
      </form>
    </section>
  );
}
