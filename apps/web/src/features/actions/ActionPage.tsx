import { useState } from 'react';
import { useParams } from 'react-router';
import type { Schemas } from '../../api/client';
import { ApiProblem, formProblems } from '../../api/problem';
import { useAccount } from '../../auth/use-account';
import { BandTag, formatChange, formatScore, TableScroll, Withheld } from '../../charts';
import { useT } from '../../i18n/i18n';
import { usePageTitle } from '../../pages/use-page-title';
import { BackLink, Select, SummaryList, Table, Textarea } from '../../ui';
import { useFootprint } from '../footprints/use-footprints';
import { useCurrentMembers } from '../relationships/use-relationships';
import { type FieldMessages, FormSection } from '../rounds/FormSection';
import { linkOf, outcomeWords } from './action-link';
import { type ActionDetail, type ActionStatus, canManageActions, useAction, useAddActionUpdate } from './actions-api';
import { LinkText, StatusTags, useDay } from './parts';

/** Where each status may move (docs of the API: done and dropped are final). */
const NEXT: Readonly<Record<ActionStatus, readonly ActionStatus[]>> = { planned: ['in_progress', 'done', 'dropped'], in_progress: ['planned', 'done', 'dropped'], done: [], dropped: [] };

/**
 * `/footprints/:footprintId/actions/:actionId`: one action — what, who, by when, its status (overdue
 * marked) — its figure before and after in each round scored since it was recorded ("did it work?",
 * with the change's significance in words), and its dated updates; leads add an update, with a
 * status change if there is one.
 */
export function ActionPage() {
  const { t } = useT();
  const { footprintId = '', actionId = '' } = useParams();
  const { account } = useAccount();
  const action = useAction(actionId);
  const members = useCurrentMembers(footprintId);
  const day = useDay();
  usePageTitle(action.data?.description ?? t('actions.actionTitle'));

  if (action.isLoading) return <p role="status">{t('common.loading')}</p>;
  if (action.error || !action.data || action.data.footprintId !== footprintId) {
    const status = action.error instanceof ApiProblem ? action.error.status : 404;
    return (
      <>
        <h1>{t('actions.actionTitle')}</h1>
        <p>{t(status === 404 || status === 403 || status === 400 ? 'actions.notFound' : 'actions.failed')}</p>
      </>
    );
  }
  const a = action.data;
  const link = linkOf(a);
  const owner = members.data?.find((m) => m.id === a.ownerOrganisationId)?.name ?? '';
  return (
    <>
      <BackLink to={`/footprints/${footprintId}/actions`}>{t('actions.back')}</BackLink>
      <span className="nhsuk-caption-l">{t('actions.actionTitle')}</span>
      <h1 data-testid="action-description">{a.description}</h1>
      <SummaryList
        rows={[
          { key: t('actions.col.status'), value: <StatusTags status={a.status} overdue={a.overdue} /> },
          { key: t('actions.col.about'), value: link ? <LinkText footprintId={footprintId} link={link} /> : '' },
          { key: t('actions.col.owner'), value: owner },
          { key: t('actions.col.due'), value: a.overdue ? t('actions.dueOverdue', { due: day(a.dueOn) }) : day(a.dueOn) },
          { key: t('actions.baseline'), value: a.baselinePeriod ?? t('actions.noBaseline') },
          ...(a.remindedAt ? [{ key: t('actions.remindedAt'), value: day(a.remindedAt.slice(0, 10)) }] : []),
        ]}
      />
      <Outcomes action={a} />
      <Updates action={a} />
      {canManageActions(account, footprintId) && NEXT[a.status].length > 0 && <AddUpdateForm action={a} />}
    </>
  );
}

function Outcomes({ action }: { action: ActionDetail }) {
  const { t } = useT();
  const footprint = useFootprint(action.footprintId);
  const k = footprint.data?.anonymityThreshold ?? 5;
  const figure = (f: Schemas['ActionFigureDto']) =>
    f.status === 'withheld' ? (
      <Withheld k={k} />
    ) : f.status === 'not_scored' || f.mean === null ? (
      t('actions.notScored')
    ) : (
      <>
        {formatScore(f.mean)} {f.band && <BandTag band={f.band} />}
      </>
    );
  return (
    <section aria-labelledby="outcomes-heading">
      <h2 id="outcomes-heading">{t('actions.outcomesHeading')}</h2>
      {!action.figure ? (
        <p>{t('actions.noFigure')}</p>
      ) : action.outcomes.length === 0 ? (
        <p data-testid="no-outcomes">{t(action.baselinePeriod ? 'actions.noLaterRound' : 'actions.noBaselineYet')}</p>
      ) : (
        <TableScroll label={t('actions.outcomesCaption')}>
          <Table
            caption={t('actions.outcomesCaption')}
            head={[t('actions.col.round'), t('actions.col.before'), t('actions.col.after'), t('actions.col.change'), t('actions.col.didItWork')]}
            rows={action.outcomes.map((o) => {
              const words = outcomeWords(o);
              return [
                o.after.period,
                <span key="before">
                  {figure(o.before)} <span className="nhsuk-body-s">({o.before.period})</span>
                </span>,
                figure(o.after),
                o.change && words !== 'withheld' ? formatChange(o.change.delta) : '',
                <strong key="words" data-testid="outcome">
                  {words === 'withheld' ? <Withheld k={k} /> : t(`actions.outcome.${words}`)}
                </strong>,
              ];
            })}
          />
        </TableScroll>
      )}
    </section>
  );
}

function Updates({ action }: { action: ActionDetail }) {
  const { t, language } = useT();
  const when = (iso: string) => new Date(iso).toLocaleString(language === 'cy' ? 'cy-GB' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <section aria-labelledby="updates-heading">
      <h2 id="updates-heading">{t('actions.updatesHeading')}</h2>
      {action.updates.length === 0 ? (
        <p>{t('actions.noUpdates')}</p>
      ) : (
        <ol className="nhsuk-list nhsuk-list--border" data-testid="updates">
          {action.updates.map((u) => (
            <li key={u.id}>
              <span className="nhsuk-body-s">{when(u.at)}</span>
              {u.statusTo && (
                <>
                  {' '}
                  <strong>{t('actions.statusChange', { from: u.statusFrom ? t(`actions.status.${u.statusFrom}`) : '', to: t(`actions.status.${u.statusTo}`) })}</strong>
                </>
              )}
              {u.note && <p className="nhsuk-u-margin-bottom-0">{u.note}</p>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

const UPDATE_FIELDS = { note: 'update-note', status: 'update-status' } as const;

function AddUpdateForm({ action }: { action: ActionDetail }) {
  const { t } = useT();
  const add = useAddActionUpdate(action.id);
  const [note, setNote] = useState('');
  const [status, setStatus] = useState('');
  const [errors, setErrors] = useState<FieldMessages>({});
  const onSubmit = () => {
    const found: FieldMessages = { [UPDATE_FIELDS.note]: note.trim() ? undefined : t('actions.errorNote') };
    setErrors(found);
    if (found[UPDATE_FIELDS.note]) return;
    add.mutate(
      { note: note.trim(), ...(status ? { status: status as ActionStatus } : {}) },
      {
        onSuccess: () => {
          setNote('');
          setStatus('');
        },
        onError: (error) => setErrors(formProblems(error, { fieldOf: UPDATE_FIELDS, fallback: UPDATE_FIELDS.note })),
      },
    );
  };
  return (
    <FormSection id="add-update" heading={t('actions.addUpdateHeading')} fields={Object.values(UPDATE_FIELDS)} errors={errors} submit={t('actions.addUpdate')} busy={add.isPending} onSubmit={onSubmit}>
      <Textarea id={UPDATE_FIELDS.note} label={t('actions.note')} value={note} onChange={(e) => setNote(e.target.value)} error={errors[UPDATE_FIELDS.note]} />
      <Select
        id={UPDATE_FIELDS.status}
        label={t('actions.newStatus')}
        value={status}
        onChange={(e) => setStatus(e.target.value)}
        error={errors[UPDATE_FIELDS.status]}
        options={[{ value: '', label: t('actions.keepStatus', { status: t(`actions.status.${action.status}`) }) }, ...NEXT[action.status].map((s) => ({ value: s, label: t(`actions.status.${s}`) }))]}
      />
    </FormSection>
  );
}
