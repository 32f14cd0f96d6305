import { Link } from 'react-router';
import { useAccount } from '../../auth/use-account';
import { type MessageKey, useT } from '../../i18n/i18n';
import { useAlert } from '../alerts/use-alerts';
import { MEASURES } from '../overview/trend';
import { useSectorName } from '../relationships/parts';
import { useCurrentMembers } from '../relationships/use-relationships';
import { type ActionLink, linkPath, linkQuery } from './action-link';
import { type ActionStatus, canManageActions } from './actions-api';

/** The dimensions an action may be about: the overview's measures but the RHI. */
export const DIMENSIONS: readonly string[] = MEASURES.filter((m) => m !== 'rhi');

export function useDimensionName(): (key: string) => string {
  const { t } = useT();
  return (key) => (DIMENSIONS.includes(key) ? t(`overview.measure.${key}` as MessageKey) : key);
}

/** The small "Record an action" link of the alert, tie, sector pair and overview pages: for those who may record one. */
export function RecordActionLink({ footprintId, link, what }: { footprintId: string; link: ActionLink; what?: string }) {
  const { t } = useT();
  const { account } = useAccount();
  if (!canManageActions(account, footprintId)) return null;
  return (
    <p className="nhsuk-body-s">
      <Link to={`/footprints/${footprintId}/actions/new?${linkQuery(link)}`} data-testid="record-action">
        {t('actions.record')}
        {what && <span className="nhsuk-u-visually-hidden"> {t('actions.recordOn', { what })}</span>}
      </Link>
    </p>
  );
}

/** What an action is about, in words, linking to its page. */
export function LinkText({ footprintId, link }: { footprintId: string; link: ActionLink }) {
  const { t } = useT();
  const members = useCurrentMembers(footprintId);
  const sectorName = useSectorName();
  const dimensionName = useDimensionName();
  if (link.linkKind === 'alert') return <AlertLinkText alertId={link.alertId} />;
  const name = (id: string) => members.data?.find((m) => m.id === id)?.name ?? t('common.loading');
  const text =
    link.linkKind === 'dyad'
      ? t('actions.link.dyad', { rater: name(link.raterOrganisationId), rated: name(link.ratedOrganisationId) })
      : link.linkKind === 'sector_pair'
        ? t('actions.link.sectorPair', { rater: sectorName(link.raterSector), rated: sectorName(link.ratedSector) })
        : t('actions.link.dimension', { dimension: dimensionName(link.dimension) });
  return <Link to={linkPath(footprintId, link)}>{text}</Link>;
}

function AlertLinkText({ alertId }: { alertId: string }) {
  const { t } = useT();
  const alert = useAlert(alertId);
  const label = alert.data ? `${alert.data.subjectLabel} (${alert.data.period})` : alert.isError ? t('actions.link.alertUnknown') : t('common.loading');
  return <Link to={`/alerts/${alertId}`}>{t('actions.link.alert', { alert: label })}</Link>;
}

const STATUS_TAGS: Readonly<Record<ActionStatus, string>> = { planned: 'nhsuk-tag--grey', in_progress: 'nhsuk-tag--blue', done: 'nhsuk-tag--green', dropped: 'nhsuk-tag--white' };

/** An action's status, with "Overdue" beside it when it is past its due date and still open. */
export function StatusTags({ status, overdue }: { status: ActionStatus; overdue: boolean }) {
  const { t } = useT();
  return (
    <>
      <strong className={`nhsuk-tag ${STATUS_TAGS[status]}`} data-testid="action-status">
        {t(`actions.status.${status}`)}
      </strong>
      {overdue && (
        <>
          {' '}
          <strong className="nhsuk-tag nhsuk-tag--red" data-testid="overdue">
            {t('actions.overdue')}
          </strong>
        </>
      )}
    </>
  );
}

/** A date (YYYY-MM-DD) as the reader's language writes it. */
export function useDay(): (day: string) => string {
  const { language } = useT();
  return (day) => new Date(`${day}T00:00:00Z`).toLocaleDateString(language === 'cy' ? 'cy-GB' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** The overview's "Record an action" links, one per dimension, for those who may record one. */
export function DimensionActionLinks({ footprintId }: { footprintId: string }) {
  const { t } = useT();
  const { account } = useAccount();
  const dimensionName = useDimensionName();
  if (!canManageActions(account, footprintId)) return null;
  return (
    <p className="nhsuk-body-s" data-testid="record-action-dimensions">
      {t('actions.recordOnDimension')}{' '}
      {DIMENSIONS.map((d, i) => (
        <span key={d}>
          {i > 0 && ' · '}
          <Link to={`/footprints/${footprintId}/actions/new?${linkQuery({ linkKind: 'dimension', dimension: d })}`}>{dimensionName(d)}</Link>
        </span>
      ))}
    </p>
  );
}
