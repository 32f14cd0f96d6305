import { Link } from 'react-router';
import { CsvDownloadLink, TableScroll } from '../../charts';
import { rolesOf, useAccount } from '../../auth/use-account';
import { useT } from '../../i18n/i18n';
import { usePageTitle } from '../../pages/use-page-title';
import { Table } from '../../ui';
import { useFootprints } from '../footprints/use-footprints';
import { SEVERITY_TAGS } from './severity';
import { type Alert, useFootprintAlerts, useInbox } from './use-alerts';

/**
 * The alerts inbox. A lead's in-app alerts (every alert raised in the footprints they lead), unread
 * ones marked; analysts and admins, who have no inbox, see every alert of the footprints they read.
 */
export function AlertsPage() {
  const { t } = useT();
  usePageTitle(t('alerts.title'));
  const { account } = useAccount();
  const isLead = rolesOf(account).has('footprint_lead');
  const inbox = useInbox(isLead);
  const footprints = useFootprints();
  const footprintIds = (footprints.data ?? []).map((f) => f.id);
  const lists = useFootprintAlerts(isLead ? [] : footprintIds);

  const rows: { alert: Alert; unread: boolean }[] = isLead
    ? (inbox.data ?? []).map((item) => ({ alert: item.alert, unread: item.readAt === null }))
    : lists.flatMap((list) => list.data ?? []).map((alert) => ({ alert, unread: false }));
  const loading = isLead ? inbox.isLoading : footprints.isLoading || lists.some((l) => l.isLoading);

  return (
    <>
      <h1>{t('alerts.title')}</h1>
      <p>{t(isLead ? 'alerts.leadIntro' : 'alerts.readerIntro')}</p>
      {loading && <p role="status">{t('common.loading')}</p>}
      {!loading && rows.length === 0 && <p>{t('alerts.none')}</p>}
      {rows.length > 0 && (
        <TableScroll label={t('alerts.caption')}>
          <Table
            caption={t('alerts.caption')}
            head={[t('alerts.col.alert'), t('alerts.col.severity'), t('alerts.col.status'), t('alerts.col.round'), t('alerts.col.raised')]}
            rows={rows.map(({ alert, unread }) => [
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
      )}
      {footprintIds.length > 0 && rows.length > 0 && (
        <CsvDownloadLink path="/api/v1/bi/alerts" filters={{ footprint: footprintIds }} filename="alerts.csv" what={t('alerts.caption')} />
      )}
    </>
  );
}
