import { type FormEvent, useState } from 'react';
import { useParams } from 'react-router';
import { useT } from '../../i18n/i18n';
import { formatDateTime } from '../pulse/format';
import { Button, SummaryList, Table } from '../../ui';
import { useCan } from '../../auth/use-account';
import { useFootprints, useGrantRole, useRevokeGrant, useSetUserStatus, useUser } from './admin-api';
import { AdminPage } from './AdminPage';
import { type FormProblems, formProblems } from '../../api/problem';
import { grantOf, NO_ROLE, type RoleChoice, RoleFields, useGrantLabel } from './RoleFields';

/** `/admin/users/:id`: one user: their roles (grant, revoke) and whether they may sign in (disable, re-enable). */
export function UserPage() {
  const { t, language } = useT();
  const { id = '' } = useParams();
  const { can } = useCan();
  const user = useUser(id);
  const { data: footprints = [] } = useFootprints();
  const grantLabel = useGrantLabel(footprints);
  const grant = useGrantRole(id);
  const revoke = useRevokeGrant(id);
  const setStatus = useSetUserStatus(id);
  const [choice, setChoice] = useState<RoleChoice>(NO_ROLE);
  const [problems, setProblems] = useState<FormProblems>({});
  const [done, setDone] = useState('');
  const labels = { role: t('admin.role.legend'), footprintId: t('admin.role.footprint'), organisationId: t('admin.role.organisation') };
  const manage = can('user.manage');

  const onGrant = (event: FormEvent) => {
    event.preventDefault();
    const input = grantOf(choice);
    if (!input) return setProblems({ role: t('admin.grant.errorRole') });
    setProblems({});
    grant.mutate(input, {
      onSuccess: (updated) => {
        // The API's copy of the new grant names its organisation.
        const granted = updated.grants.find((held) => held.role === input.role && held.footprintId === (input.footprintId ?? null) && held.organisationId === (input.organisationId ?? null));
        setDone(t('admin.grant.done', { role: grantLabel(granted ?? { role: input.role, footprintId: input.footprintId ?? null, organisation: null }) }));
        setChoice(NO_ROLE);
      },
      onError: (error) => setProblems(formProblems(error, { labels, fallback: 'role' })),
    });
  };
  const failed = (error: Error) => setProblems(formProblems(error, { labels, fallback: 'role' }));

  const data = user.data;
  return (
    <AdminPage action="user.read" title={data ? data.displayName : t('admin.user.title')} problems={problems} back="/admin/users">
      {user.isLoading ? (
        <p role="status">{t('common.loading')}</p>
      ) : user.error || !data ? (
        <p>{t('admin.user.notFound')}</p>
      ) : (
        <>
          <p role="status">{done}</p>
          <SummaryList
            rows={[
              { key: t('admin.users.email'), value: data.email },
              { key: t('admin.users.status'), value: t(`admin.users.status.${data.status}`) },
              { key: t('admin.user.lastLogin'), value: data.lastLoginAt ? formatDateTime(data.lastLoginAt, language) : t('admin.user.never') },
              ...(data.lockedUntil ? [{ key: t('admin.user.lockedUntil'), value: formatDateTime(data.lockedUntil, language) }] : []),
            ]}
          />
          <h2>{t('admin.users.roles')}</h2>
          {data.grants.length === 0 ? (
            <p>{t('admin.user.noRoles')}</p>
          ) : (
            <Table
              caption={t('admin.user.rolesCaption', { name: data.displayName })}
              head={[t('admin.users.roles'), manage ? t('admin.action') : '']}
              rows={data.grants.map((held) => [
                grantLabel(held),
                manage ? (
                  <Button type="button" variant="secondary" className="nhsuk-u-margin-bottom-0" disabled={revoke.isPending} onClick={() => revoke.mutate(held.id, { onSuccess: () => setDone(t('admin.grant.revoked', { role: grantLabel(held) })), onError: failed })}>
                    {t('admin.grant.revoke')}
                    <span className="nhsuk-u-visually-hidden"> {grantLabel(held)}</span>
                  </Button>
                ) : (
                  ''
                ),
              ])}
            />
          )}
          {manage && (
            <>
              <h2>{t('admin.grant.title')}</h2>
              <form noValidate onSubmit={onGrant}>
                <RoleFields value={choice} onChange={setChoice} footprints={footprints} problems={problems} />
                <Button disabled={grant.isPending}>{t('admin.grant.submit')}</Button>
              </form>
              <h2>{t('admin.user.access')}</h2>
              {data.status === 'active' ? (
                <>
                  <p>{t('admin.user.disableHint')}</p>
                  <Button type="button" variant="warning" disabled={setStatus.isPending} onClick={() => setStatus.mutate('disabled', { onSuccess: () => setDone(t('admin.user.disabled')), onError: failed })}>
                    {t('admin.user.disable')}
                  </Button>
                </>
              ) : data.status === 'disabled' ? (
                <Button type="button" variant="secondary" disabled={setStatus.isPending} onClick={() => setStatus.mutate('active', { onSuccess: () => setDone(t('admin.user.enabled')), onError: failed })}>
                  {t('admin.user.enable')}
                </Button>
              ) : (
                // The API changes an invited user's status only through their accepting the invitation.
                <p>{t('admin.user.invitedHint')}</p>
              )}
            </>
          )}
        </>
      )}
    </AdminPage>
  );
}
