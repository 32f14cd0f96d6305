import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { useT } from '../../i18n/i18n';
import { Button, Input, Panel } from '../../ui';
import { useFootprints, useInviteUser } from './admin-api';
import { AdminPage } from './AdminPage';
import { type FormProblems, formProblems } from '../../api/problem';
import { CopyButton } from './CopyButton';
import { grantOf, NO_ROLE, type RoleChoice, RoleFields } from './RoleFields';

const FIELDS = ['email', 'displayName', 'role', 'footprintId', 'organisationId'];

/** API fields of the invitation, to the form's fields (the one grant the form offers is `grants.0`). */
const fieldOf = (field: string) => {
  const id = field.replace(/^grants\.0\./, '').replace(/^grants$/, 'role');
  return FIELDS.includes(id) ? id : undefined;
};

/** `/admin/users/invite`: invite someone by email, with a role; the invitation link is emailed, and shown here once. */
export function InviteUserPage() {
  const { t } = useT();
  const invite = useInviteUser();
  const { data: footprints = [] } = useFootprints();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [choice, setChoice] = useState<RoleChoice>(NO_ROLE);
  const [problems, setProblems] = useState<FormProblems>({});
  const labels = { email: t('admin.users.email'), displayName: t('admin.users.name'), role: t('admin.role.legend'), footprintId: t('admin.role.footprint'), organisationId: t('admin.role.organisation') };

  if (invite.data) {
    const { user, invitationUrl, emailed } = invite.data;
    return (
      <AdminPage action="user.manage" title={t('admin.invite.done', { email: user.email })} back="/admin/users">
        <Panel heading={t('admin.invite.doneHeading')}>{emailed ? t('admin.invite.emailed', { email: user.email }) : t('admin.invite.notEmailed')}</Panel>
        <p>{t('admin.invite.linkOnce')}</p>
        <p className="nhsuk-u-font-size-16" style={{ wordBreak: 'break-all' }} data-testid="invitation-link">
          {invitationUrl}
        </p>
        <CopyButton text={invitationUrl} label={t('admin.invite.copy')} />
        <p>
          <Link to={`/admin/users/${user.id}`}>{t('admin.invite.toUser', { email: user.email })}</Link>
        </p>
      </AdminPage>
    );
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found: FormProblems = {};
    if (!email.trim()) found.email = t('admin.invite.errorEmail');
    if (!displayName.trim()) found.displayName = t('admin.invite.errorName');
    setProblems(found);
    if (Object.keys(found).length) return;
    const grant = grantOf(choice);
    invite.mutate({ email, displayName, grants: grant ? [grant] : [] }, { onError: (error) => setProblems(formProblems(error, { labels, fallback: 'email', fieldOf })) });
  };

  return (
    <AdminPage action="user.manage" title={t('admin.invite.title')} problems={problems} back="/admin/users">
      <form noValidate onSubmit={onSubmit}>
        <Input id="email" type="email" autoComplete="off" label={labels.email} value={email} onChange={(e) => setEmail(e.target.value)} error={problems.email} />
        <Input id="displayName" label={labels.displayName} value={displayName} onChange={(e) => setDisplayName(e.target.value)} error={problems.displayName} />
        <RoleFields value={choice} onChange={setChoice} footprints={footprints} problems={problems} allowNone />
        <Button disabled={invite.isPending}>{t('admin.invite.submit')}</Button>
      </form>
    </AdminPage>
  );
}
