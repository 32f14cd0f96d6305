import { useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { formProblems } from '../../api/problem';
import { useAccount } from '../../auth/use-account';
import { useT } from '../../i18n/i18n';
import { usePageTitle } from '../../pages/use-page-title';
import { BackLink, Input, Radios, Select, SummaryList, Textarea } from '../../ui';
import { useCurrentMembers } from '../relationships/use-relationships';
import { type FieldMessages, FormSection } from '../rounds/FormSection';
import { type ActionLink, linkFromQuery } from './action-link';
import { canManageActions, useCreateAction } from './actions-api';
import { DIMENSIONS, LinkText, useDimensionName } from './parts';

const FIELDS = { ownerOrganisationId: 'action-owner', description: 'action-description', dueOn: 'action-due', status: 'action-status', dimension: 'action-dimension' } as const;
// Problems the API names on the link's own fields belong beside the link (the dimension list, or the summary's first field).
const LINK_FIELDS = ['linkKind', 'alertId', 'raterOrganisationId', 'ratedOrganisationId', 'raterSector', 'ratedSector'];

/**
 * `/footprints/:footprintId/actions/new`: a lead records an action — who will do what by when —
 * against what its "Record an action" link came from (an alert, a tie, a sector pair, a dimension:
 * the query prefills it); opened on its own, it is about a dimension the lead chooses.
 */
export function NewActionPage() {
  const { t } = useT();
  usePageTitle(t('actions.newTitle'));
  const navigate = useNavigate();
  const { footprintId = '' } = useParams();
  const [search] = useSearchParams();
  const { account } = useAccount();
  const members = useCurrentMembers(footprintId);
  const dimensionName = useDimensionName();
  const create = useCreateAction(footprintId);
  const prefilled = linkFromQuery(search);
  const [dimension, setDimension] = useState(DIMENSIONS[0] as string);
  const [owner, setOwner] = useState('');
  const [description, setDescription] = useState('');
  const [dueOn, setDueOn] = useState('');
  const [status, setStatus] = useState<'planned' | 'in_progress'>('planned');
  const [errors, setErrors] = useState<FieldMessages>({});

  if (!canManageActions(account, footprintId)) {
    return (
      <>
        <h1>{t('actions.newTitle')}</h1>
        <p>{t('actions.mayNotRecord')}</p>
      </>
    );
  }

  const link: ActionLink = prefilled ?? { linkKind: 'dimension', dimension };
  const fields = { ...FIELDS, ...Object.fromEntries(LINK_FIELDS.map((f) => [f, prefilled ? FIELDS.ownerOrganisationId : FIELDS.dimension])) };

  const onSubmit = () => {
    const found: FieldMessages = {
      [FIELDS.ownerOrganisationId]: owner ? undefined : t('actions.errorOwner'),
      [FIELDS.description]: description.trim() ? undefined : t('actions.errorDescription'),
      [FIELDS.dueOn]: /^\d{4}-\d{2}-\d{2}$/.test(dueOn) ? undefined : t('actions.errorDue'),
    };
    setErrors(found);
    if (Object.values(found).some(Boolean)) return;
    create.mutate(
      { ...link, ownerOrganisationId: owner, description: description.trim(), dueOn, status },
      {
        onSuccess: (action) => void navigate(`/footprints/${footprintId}/actions/${action.id}`),
        onError: (error) => setErrors(formProblems(error, { fieldOf: fields, fallback: FIELDS.description })),
      },
    );
  };

  return (
    <>
      <BackLink to={`/footprints/${footprintId}/actions`}>{t('actions.back')}</BackLink>
      <h1>{t('actions.newTitle')}</h1>
      {prefilled && <SummaryList rows={[{ key: t('actions.col.about'), value: <LinkText footprintId={footprintId} link={prefilled} /> }]} />}
      <FormSection
        id="new-action"
        heading={t('actions.newHeading')}
        fields={[...(prefilled ? [] : [FIELDS.dimension]), FIELDS.ownerOrganisationId, FIELDS.description, FIELDS.dueOn, FIELDS.status]}
        errors={errors}
        submit={t('actions.save')}
        busy={create.isPending}
        onSubmit={onSubmit}
      >
        {!prefilled && (
          <Select
            id={FIELDS.dimension}
            label={t('actions.dimension')}
            hint={t('actions.dimensionHint')}
            value={dimension}
            onChange={(e) => setDimension(e.target.value)}
            error={errors[FIELDS.dimension]}
            options={DIMENSIONS.map((d) => ({ value: d, label: dimensionName(d) }))}
          />
        )}
        <Select
          id={FIELDS.ownerOrganisationId}
          label={t('actions.owner')}
          hint={t('actions.ownerHint')}
          value={owner}
          onChange={(e) => setOwner(e.target.value)}
          error={errors[FIELDS.ownerOrganisationId]}
          options={[{ value: '', label: t('actions.ownerChoose') }, ...(members.data ?? []).map((m) => ({ value: m.id, label: m.name }))]}
        />
        <Textarea id={FIELDS.description} label={t('actions.description')} hint={t('actions.descriptionHint')} value={description} onChange={(e) => setDescription(e.target.value)} error={errors[FIELDS.description]} />
        <Input id={FIELDS.dueOn} type="date" label={t('actions.dueOn')} width="nhsuk-input--width-10" value={dueOn} onChange={(e) => setDueOn(e.target.value)} error={errors[FIELDS.dueOn]} />
        <Radios
          id={FIELDS.status}
          legend={t('actions.statusLegend')}
          legendSize="s"
          value={status}
          onChange={(value) => setStatus(value as 'planned' | 'in_progress')}
          error={errors[FIELDS.status]}
          options={[
            { value: 'planned', label: t('actions.status.planned') },
            { value: 'in_progress', label: t('actions.status.in_progress') },
          ]}
        />
      </FormSection>
    </>
  );
}
