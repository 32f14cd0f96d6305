import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useT } from '../../i18n/i18n';
import { Button, Input, Select, Table } from '../../ui';
import { useCan } from '../../auth/use-account';
import { AdminPage } from '../admin/AdminPage';
import { type FormProblems, formProblems } from '../../api/problem';
import { useChosenFootprint } from '../admin/FootprintPicker';
import { OrganisationPicker } from '../admin/OrganisationPicker';
import { type Membership, useAddMember, useEndMembership, useMembers } from './registry-api';

/**
 * `/admin/members?footprint=&at=`: a footprint's member organisations on a date (today by default);
 * platform admins add and end memberships and import them from a CSV file.
 */
export function MembersPage() {
  const { t } = useT();
  const { can } = useCan();
  const [params] = useSearchParams();
  const at = params.get('at') ?? '';
  const { footprint, picker, isLoading } = useChosenFootprint(<Input id="at" type="date" label={t('registry.members.at')} hint={t('registry.members.atHint')} defaultValue={at} width="nhsuk-input--width-10" />);
  const members = useMembers(footprint?.id, at);
  const [problems, setProblems] = useState<FormProblems>({});
  const [done, setDone] = useState('');
  const shown = members.error ? { ...formProblems(members.error, { labels: { at: t('registry.members.at') }, fallback: 'at' }), ...problems } : problems;
  const write = footprint !== undefined && can('membership.write', footprint.id);
  // The date the list is for (today when none was chosen): this page asks by date, never by range, so the API names it.
  const date = members.data?.at ?? at;
  return (
    <AdminPage action="membership.read" title={t('registry.members.title')} problems={shown}>
      {picker}
      <p role="status">{done}</p>
      {isLoading || members.isLoading ? (
        <p role="status">{t('common.loading')}</p>
      ) : !footprint ? (
        <p>{t('admin.footprint.none')}</p>
      ) : members.data ? (
        <>
          {members.data.items.length === 0 ? (
            <p>{t('registry.members.none', { date })}</p>
          ) : (
            <Table responsive
              caption={t('registry.members.caption', { footprint: footprint.name, date })}
              head={[t('registry.members.organisation'), t('registry.members.code'), t('registry.members.type'), t('registry.members.from'), t('registry.members.to')]}
              rows={members.data.items.map((member) => [member.organisation.name, member.organisation.code, member.organisation.type.replaceAll('_', ' '), member.memberFrom, member.memberTo ?? t('registry.members.current')])}
            />
          )}
          {write && (
            <>
              <p>
                <Link to={`/admin/members/import?footprint=${footprint.id}`}>{t('registry.import.title')}</Link>
              </p>
              <AddMember footprintId={footprint.id} problems={problems} onProblems={setProblems} onDone={setDone} />
              {members.data.items.length > 0 && <EndMembership footprintId={footprint.id} members={members.data.items} problems={problems} onProblems={setProblems} onDone={setDone} />}
            </>
          )}
        </>
      ) : null}
    </AdminPage>
  );
}

interface FormProps {
  footprintId: string;
  problems: FormProblems;
  onProblems: (problems: FormProblems) => void;
  onDone: (message: string) => void;
}

function AddMember({ footprintId, problems, onProblems, onDone }: FormProps) {
  const { t } = useT();
  const add = useAddMember(footprintId);
  const [organisationId, setOrganisationId] = useState('');
  const [memberFrom, setMemberFrom] = useState('');
  const [memberTo, setMemberTo] = useState('');
  const labels = { organisationId: t('registry.members.organisation'), memberFrom: t('registry.members.from'), memberTo: t('registry.members.to') };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found: FormProblems = {};
    if (!organisationId) found.organisationId = t('registry.add.errorOrganisation');
    if (!memberFrom) found.memberFrom = t('registry.add.errorFrom');
    onProblems(found);
    if (Object.keys(found).length) return;
    add.mutate(
      { organisationId, memberFrom, memberTo: memberTo || null },
      {
        onSuccess: (membership) => {
          onDone(t('registry.add.done', { organisation: membership.organisation.name }));
          setOrganisationId('');
          setMemberFrom('');
          setMemberTo('');
        },
        onError: (error) => onProblems(formProblems(error, { labels, fallback: 'organisationId' })),
      },
    );
  };
  return (
    <>
      <h2>{t('registry.add.title')}</h2>
      <form noValidate onSubmit={onSubmit}>
        <OrganisationPicker id="organisationId" label={labels.organisationId} value={organisationId} onChange={setOrganisationId} error={problems.organisationId} />
        <Input id="memberFrom" type="date" label={labels.memberFrom} hint={t('registry.add.fromHint')} value={memberFrom} onChange={(e) => setMemberFrom(e.target.value)} error={problems.memberFrom} width="nhsuk-input--width-10" />
        <Input id="memberTo" type="date" label={`${labels.memberTo} ${t('registry.optional')}`} hint={t('registry.add.toHint')} value={memberTo} onChange={(e) => setMemberTo(e.target.value)} error={problems.memberTo} width="nhsuk-input--width-10" />
        <Button disabled={add.isPending}>{t('registry.add.submit')}</Button>
      </form>
    </>
  );
}

function EndMembership({ footprintId, members, problems, onProblems, onDone }: FormProps & { members: readonly Membership[] }) {
  const { t } = useT();
  const end = useEndMembership(footprintId);
  const current = members.filter((member) => member.memberTo === null);
  const [membershipId, setMembershipId] = useState('');
  const [memberTo, setMemberTo] = useState('');
  const labels = { membershipId: t('registry.end.membership'), endTo: t('registry.end.to') };
  if (current.length === 0) return null;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found: FormProblems = {};
    if (!membershipId) found.membershipId = t('registry.end.errorMembership');
    if (!memberTo) found.endTo = t('registry.end.errorTo');
    onProblems(found);
    if (Object.keys(found).length) return;
    end.mutate(
      { membershipId, memberTo },
      {
        onSuccess: (membership) => onDone(t('registry.end.done', { organisation: membership.organisation.name, date: membership.memberTo ?? memberTo })),
        onError: (error) => onProblems(formProblems(error, { labels, fallback: 'membershipId', fieldOf: (field) => (field === 'memberTo' ? 'endTo' : undefined) })),
      },
    );
  };
  return (
    <>
      <h2>{t('registry.end.title')}</h2>
      <form noValidate onSubmit={onSubmit}>
        <Select id="membershipId" label={labels.membershipId} value={membershipId} onChange={(e) => setMembershipId(e.target.value)} options={[{ value: '', label: t('registry.end.choose') }, ...current.map((m) => ({ value: m.id, label: `${m.organisation.name} (${t('registry.end.since', { date: m.memberFrom })})` }))]} error={problems.membershipId} />
        <Input id="endTo" type="date" label={labels.endTo} hint={t('registry.end.toHint')} value={memberTo} onChange={(e) => setMemberTo(e.target.value)} error={problems.endTo} width="nhsuk-input--width-10" />
        <Button variant="secondary" disabled={end.isPending}>
          {t('registry.end.submit')}
        </Button>
      </form>
    </>
  );
}
