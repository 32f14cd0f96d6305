import type { FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useAccount } from '../../auth/use-account';
import { CsvDownloadLink, TableScroll } from '../../charts';
import { useT } from '../../i18n/i18n';
import { usePageTitle } from '../../pages/use-page-title';
import { Button, Select, Table, WarningCallout } from '../../ui';
import { useCurrentMembers } from '../relationships/use-relationships';
import { linkOf } from './action-link';
import { type ActionFilters, type ActionStatus, canManageActions, STATUSES, useActions, useOverdueActions } from './actions-api';
import { LinkText, StatusTags, useDay } from './parts';

/**
 * `/footprints/:footprintId/actions`: the footprint's action plans, filtered by status and by
 * overdue, with the in-app reminder of the reader's own overdue actions on top. Leads record new
 * ones here (or from an alert, tie, sector pair or dimension); analysts read.
 */
export function ActionsPage() {
  const { t } = useT();
  usePageTitle(t('actions.title'));
  const { footprintId = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const { account } = useAccount();
  const status = (STATUSES as readonly string[]).includes(search.get('status') ?? '') ? (search.get('status') as ActionStatus) : undefined;
  const overdue = search.get('overdue') === 'true' ? true : search.get('overdue') === 'false' ? false : undefined;
  const filters: ActionFilters = { ...(status ? { status } : {}), ...(overdue === undefined ? {} : { overdue }) };
  const actions = useActions(footprintId, filters);
  const reminders = useOverdueActions();
  const members = useCurrentMembers(footprintId);
  const day = useDay();
  const mine = reminders.data?.filter((a) => a.footprintId === footprintId) ?? [];
  const owner = (id: string) => members.data?.find((m) => m.id === id)?.name ?? '';

  function choose(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next: Record<string, string> = {};
    for (const name of ['status', 'overdue']) {
      const value = String(form.get(name) ?? '');
      if (value) next[name] = value;
    }
    setSearch(next);
  }

  return (
    <>
      <h1>{t('actions.title')}</h1>
      <p>{t('actions.lead')}</p>
      {mine.length > 0 && (
        <div data-testid="overdue-reminder">
          <WarningCallout heading={t('actions.reminderHeading', { count: mine.length })}>
            <ul>
              {mine.map((a) => (
                <li key={a.id}>
                  <Link to={`/footprints/${footprintId}/actions/${a.id}`}>{a.description}</Link> {t('actions.reminderDue', { due: day(a.dueOn) })}
                </li>
              ))}
            </ul>
          </WarningCallout>
        </div>
      )}
      {canManageActions(account, footprintId) && (
        <p>
          <Link className="nhsuk-button" to={`/footprints/${footprintId}/actions/new`} data-testid="record-action">
            {t('actions.record')}
          </Link>
        </p>
      )}
      <form className="pp-filters" onSubmit={choose} key={search.toString()}>
        <Select
          id="status"
          label={t('actions.filterStatus')}
          defaultValue={status ?? ''}
          options={[{ value: '', label: t('actions.filterAny') }, ...STATUSES.map((s) => ({ value: s, label: t(`actions.status.${s}`) }))]}
        />
        <Select
          id="overdue"
          label={t('actions.filterOverdue')}
          defaultValue={overdue === undefined ? '' : String(overdue)}
          options={[
            { value: '', label: t('actions.filterAny') },
            { value: 'true', label: t('actions.filterOverdueOnly') },
            { value: 'false', label: t('actions.filterNotOverdue') },
          ]}
        />
        <Button type="submit" variant="secondary">
          {t('actions.filter')}
        </Button>
      </form>
      {actions.isLoading && <p role="status">{t('common.loading')}</p>}
      {actions.isError && <p className="nhsuk-error-message">{t('actions.failed')}</p>}
      {actions.data?.length === 0 && <p data-testid="no-actions">{t(Object.keys(filters).length ? 'actions.noneMatching' : 'actions.none')}</p>}
      {actions.data && actions.data.length > 0 && (
        <TableScroll label={t('actions.tableCaption')}>
          <Table
            caption={t('actions.tableCaption')}
            responsive
            head={[t('actions.col.what'), t('actions.col.about'), t('actions.col.owner'), t('actions.col.due'), t('actions.col.status')]}
            rows={actions.data.map((a) => {
              const link = linkOf(a);
              return [
                <Link to={`/footprints/${footprintId}/actions/${a.id}`} key="what">
                  {a.description}
                </Link>,
                link ? <LinkText footprintId={footprintId} link={link} key="about" /> : '',
                owner(a.ownerOrganisationId),
                day(a.dueOn),
                <StatusTags status={a.status} overdue={a.overdue} key="status" />,
              ];
            })}
          />
        </TableScroll>
      )}
      {/* The export filters by status but not by overdue: offered only when it holds exactly the rows shown. */}
      {actions.data && actions.data.length > 0 && overdue === undefined && (
        <CsvDownloadLink path="/api/v1/bi/actions" filters={{ footprint: footprintId, status }} filename={`actions${status ? `-${status}` : ''}.csv`} what={t('actions.tableCaption')} />
      )}
    </>
  );
}
