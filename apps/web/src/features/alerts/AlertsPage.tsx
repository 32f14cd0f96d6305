import { useEffect, useRef } from 'react';
import { Form, Link, useLocation, useSearchParams } from 'react-router';
import { CsvDownloadLink, TableScroll } from '../../charts';
import { rolesOf, useAccount } from '../../auth/use-account';
import { useT } from '../../i18n/i18n';
import { usePageTitle } from '../../pages/use-page-title';
import { Button, type PageLink, Pagination, Select, Table } from '../../ui';
import { useFootprints } from '../footprints/use-footprints';
import { SEVERITY_TAGS } from './severity';
import { ALERT_STATUSES, ALERTS_PAGE_SIZE, useAlertsPage } from './use-alerts';

/** The cursors of the pages before this one (null: the first page), carried in the history entry so "Previous" can go back. */
interface Trail {
  trail?: (string | null)[];
}

/**
 * The alerts inbox, 25 a page, newest first, with how many match in all. A lead reads their in-app
 * alerts (every alert raised in the footprints they lead), unread ones marked, or one footprint's;
 * analysts and admins, who have no inbox, read one footprint's at a time. The footprint and status
 * ride in the address (a GET form; the overview links to a footprint's open alerts); the page's
 * cursor too, and the cursors before it in the history entry, for "Previous".
 */
export function AlertsPage() {
  const { t } = useT();
  usePageTitle(t('alerts.title'));
  const { account, isLoading: accountLoading } = useAccount();
  const isLead = rolesOf(account).has('footprint_lead');
  const footprints = useFootprints();
  const [params] = useSearchParams();
  const location = useLocation();

  const status = ALERT_STATUSES.find((s) => s === params.get('status'));
  const chosen = params.get('footprint') || undefined;
  const footprintId = chosen ?? (isLead ? undefined : footprints.data?.[0]?.id);
  const cursor = params.get('cursor') || undefined;
  // Opened from a link with a cursor (no history entry of ours), the pages before it are unknown.
  const trail = cursor ? ((location.state as Trail | null)?.trail ?? null) : [];
  const ready = !accountLoading && (isLead || footprintId !== undefined);
  const page = useAlertsPage({ footprintId, status, cursor }, ready);
  const loading = accountLoading || footprints.isLoading || page.isLoading;

  // A new page moves focus to its summary, so a screen reader hears where it is, as after loading a page.
  const summary = useRef<HTMLParagraphElement>(null);
  const shown = useRef(cursor);
  useEffect(() => {
    if (shown.current === cursor || page.isPlaceholderData) return;
    shown.current = cursor;
    summary.current?.focus();
  }, [cursor, page.isPlaceholderData]);

  const footprintOptions = [...(isLead ? [{ value: '', label: t('alerts.filter.yourAlerts') }] : []), ...(footprints.data ?? []).map((f) => ({ value: f.id, label: f.name }))];
  const footprintName = footprints.data?.find((f) => f.id === footprintId)?.name;
  const data = page.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / ALERTS_PAGE_SIZE)) : 1;
  const number = trail ? trail.length + 1 : null;
  const pageName = (n: number) => t('alerts.pageOf', { page: n, pages });
  const to = (at: string | null, state?: Trail): Omit<PageLink, 'label'> => {
    const next = new URLSearchParams(params);
    if (at) next.set('cursor', at);
    else next.delete('cursor');
    return { to: `?${next.toString()}`, state };
  };
  const previous: PageLink | undefined = !cursor
    ? undefined
    : trail && number
      ? { ...to(trail[trail.length - 1] ?? null, { trail: trail.slice(0, -1) }), label: pageName(number - 1) }
      : { ...to(null), label: t('alerts.firstPage') };
  const next: PageLink | undefined = data?.nextCursor ? { ...to(data.nextCursor, { trail: [...(trail ?? []), cursor ?? null] }), label: number ? pageName(number + 1) : t('alerts.laterPage') } : undefined;
  const first = number ? (number - 1) * ALERTS_PAGE_SIZE + 1 : null;

  return (
    <>
      <h1>{t('alerts.title')}</h1>
      <p>{footprintId ? t('alerts.footprintIntro', { footprint: footprintName ?? '' }) : t('alerts.leadIntro')}</p>
      <Form method="get" key={`${params.toString()} ${footprintOptions.length}`}>
        <div className="nhsuk-grid-row">
          {footprintOptions.length > 1 && (
            <div className="nhsuk-grid-column-one-half">
              <Select id="footprint" label={t('alerts.filter.footprint')} defaultValue={chosen ?? (isLead ? '' : footprintId)} options={footprintOptions} />
            </div>
          )}
          <div className="nhsuk-grid-column-one-half">
            <Select
              id="status"
              label={t('alerts.filter.status')}
              defaultValue={status ?? ''}
              options={[{ value: '', label: t('alerts.filter.anyStatus') }, ...ALERT_STATUSES.map((s) => ({ value: s, label: t(`alerts.filter.status.${s}`) }))]}
            />
          </div>
        </div>
        <Button variant="secondary">{t('alerts.filter.show')}</Button>
      </Form>
      {loading && <p role="status">{t('common.loading')}</p>}
      {page.isError && <p>{t('alerts.failed')}</p>}
      {data && data.total === 0 && <p data-testid="alerts-none">{status ? t('alerts.noneOfStatus', { status: t(`alerts.status.${status}`) }) : t('alerts.none')}</p>}
      {data && data.rows.length > 0 && (
        <>
          <p ref={summary} tabIndex={-1} data-testid="alerts-range">
            {first ? t('alerts.range', { first, last: first + data.rows.length - 1, total: data.total }) : t('alerts.total', { total: data.total })}
          </p>
          <TableScroll label={t('alerts.caption')}>
            <Table
              caption={t('alerts.caption')}
              head={[t('alerts.col.alert'), t('alerts.col.severity'), t('alerts.col.status'), t('alerts.col.round'), t('alerts.col.raised')]}
              rows={data.rows.map(({ alert, unread }) => [
                <>
                  <Link to={`/alerts/${alert.id}`}>{alert.summary}</Link>
                  {unread && (
                    <>
                      {' '}
                      <strong className="nhsuk-tag nhsuk-tag--blue" data-testid="unread">
                        {t('alerts.unread')}
                      </strong>
                    </>
                  )}
                </>,
                <strong className={`nhsuk-tag ${SEVERITY_TAGS[alert.severity]}`} key="s">
                  {t(`alerts.severity.${alert.severity}`)}
                </strong>,
                t(`alerts.status.${alert.status}`),
                alert.period,
                new Date(alert.raisedAt).toLocaleDateString('en-GB', { dateStyle: 'medium' }),
              ])}
            />
          </TableScroll>
          {(previous || next) && <Pagination label={t('alerts.pages')} previous={previous} next={next} />}
        </>
      )}
      {footprints.data && footprints.data.length > 0 && data && data.total > 0 && (
        <CsvDownloadLink path="/api/v1/bi/alerts" filters={{ footprint: footprintId ? [footprintId] : footprints.data.map((f) => f.id) }} filename="alerts.csv" what={t('alerts.caption')} />
      )}
    </>
  );
}
