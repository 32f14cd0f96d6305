import { Form, Link, useSearchParams } from 'react-router';
import { useT } from '../../i18n/i18n';
import { formatDateTime } from '../pulse/format';
import { Button, Input, Select, Table } from '../../ui';
import { type AuditFilters, useAuditEntries, useFootprints } from './admin-api';
import { AdminPage } from './AdminPage';
import { formProblems } from '../../api/problem';

const FILTERS = ['footprintId', 'action', 'entityType', 'since', 'until'] as const;

/**
 * `/admin/audit`: the audit log, newest first, 25 entries a page, filtered by footprint, action,
 * entity and dates. The filters ride in the address (a GET form), so a view can be linked to; a
 * filter the API refuses is named beside its field.
 */
export function AuditPage() {
  const { t, language } = useT();
  const [params] = useSearchParams();
  const { data: footprints = [] } = useFootprints();
  const filters: AuditFilters = {};
  for (const name of [...FILTERS, 'cursor'] as const) {
    const value = params.get(name)?.trim();
    if (value) filters[name] = name === 'since' || name === 'until' ? dateToTimestamp(value, name) : value;
  }
  const entries = useAuditEntries(filters);
  const labels = { footprintId: t('admin.footprint.label'), action: t('admin.audit.action'), entityType: t('admin.audit.entityType'), since: t('admin.audit.since'), until: t('admin.audit.until'), cursor: t('admin.audit.action') };
  const problems = entries.error ? formProblems(entries.error, { labels, fallback: 'action', fieldOf: (field) => (field === 'cursor' ? 'action' : field in labels ? field : undefined) }) : {};
  const footprintName = (id: string | null) => (id ? (footprints.find((footprint) => footprint.id === id)?.name ?? id) : '');
  const withCursor = (cursor: string) => {
    const next = new URLSearchParams(params);
    next.set('cursor', cursor);
    return `?${next.toString()}`;
  };
  const firstPage = new URLSearchParams(params);
  firstPage.delete('cursor');

  return (
    <AdminPage action="audit.read" title={t('admin.audit.title')} problems={problems}>
      <Form method="get">
        <div className="nhsuk-grid-row">
          <div className="nhsuk-grid-column-one-half">
            <Select id="footprintId" label={labels.footprintId} defaultValue={params.get('footprintId') ?? ''} options={[{ value: '', label: t('admin.audit.anyFootprint') }, ...footprints.map((item) => ({ value: item.id, label: item.name }))]} error={problems.footprintId} />
            <Input id="action" label={labels.action} hint={t('admin.audit.actionHint')} defaultValue={params.get('action') ?? ''} error={problems.action} />
            <Input id="entityType" label={labels.entityType} hint={t('admin.audit.entityTypeHint')} defaultValue={params.get('entityType') ?? ''} error={problems.entityType} />
          </div>
          <div className="nhsuk-grid-column-one-half">
            <Input id="since" type="date" label={labels.since} defaultValue={params.get('since') ?? ''} error={problems.since} width="nhsuk-input--width-10" />
            <Input id="until" type="date" label={labels.until} hint={t('admin.audit.untilHint')} defaultValue={params.get('until') ?? ''} error={problems.until} width="nhsuk-input--width-10" />
          </div>
        </div>
        <Button variant="secondary">{t('admin.audit.filter')}</Button>
      </Form>
      {entries.isLoading ? (
        <p role="status">{t('common.loading')}</p>
      ) : entries.data && entries.data.items.length === 0 ? (
        <p>{t('admin.audit.none')}</p>
      ) : entries.data ? (
        <>
          <Table responsive
            caption={t('admin.audit.caption')}
            head={[t('admin.audit.when'), t('admin.audit.who'), t('admin.audit.action'), t('admin.audit.entity'), t('admin.footprint.label')]}
            rows={entries.data.items.map((entry) => [
              formatDateTime(entry.occurredAt, language),
              [entry.actorLabel ?? t(`admin.audit.actor.${entry.actorType === 'system' ? 'system' : 'anonymous'}`), entry.actorRole && `(${entry.actorRole})`].filter(Boolean).join(' '),
              <code>{entry.action}</code>,
              [entry.entityType, entry.entityId].filter(Boolean).join(' '),
              footprintName(entry.footprintId),
            ])}
          />
          <nav aria-label={t('admin.audit.pages')}>
            <ul className="nhsuk-list">
              {params.get('cursor') && (
                <li>
                  <Link to={`?${firstPage.toString()}`}>{t('admin.firstPage')}</Link>
                </li>
              )}
              {entries.data.nextCursor && (
                <li>
                  <Link to={withCursor(entries.data.nextCursor)}>{t('admin.nextPage')}</Link>
                </li>
              )}
            </ul>
          </nav>
        </>
      ) : null}
    </AdminPage>
  );
}

/** A day from a date field as the API's timestamp: `since` from its start, `until` up to its end (UK days are close enough to UTC for a log filter). */
function dateToTimestamp(value: string, bound: 'since' | 'until'): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  if (bound === 'since') return `${value}T00:00:00Z`;
  const next = new Date(`${value}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString();
}
