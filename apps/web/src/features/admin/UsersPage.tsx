import { Form, Link, useSearchParams } from 'react-router';
import { useT } from '../../i18n/i18n';
import { Button, Input, Table } from '../../ui';
import { useCan } from '../../auth/use-account';
import { useFootprints, useUsers } from './admin-api';
import { AdminPage } from './AdminPage';
import { type FormProblems, formProblems } from '../../api/problem';
import { useGrantLabel } from './RoleFields';

/** `/admin/users`: every user by email, a page at a time, with their roles and status; invite one. */
export function UsersPage() {
  const { t } = useT();
  const { can } = useCan();
  const [params] = useSearchParams();
  const email = params.get('email') ?? '';
  const cursor = params.get('cursor') ?? '';
  const users = useUsers({ email, cursor });
  const { data: footprints = [] } = useFootprints();
  const grantLabel = useGrantLabel(footprints);
  const problems: FormProblems = users.error ? formProblems(users.error, { labels: { email: t('admin.users.findEmail') }, fallback: 'email' }) : {};
  return (
    <AdminPage action="user.read" title={t('admin.users.title')} problems={problems}>
      {can('user.manage') && (
        <p>
          <Link className="nhsuk-button" to="/admin/users/invite">
            {t('admin.users.invite')}
          </Link>
        </p>
      )}
      <Form method="get">
        <Input id="email" type="email" label={t('admin.users.findEmail')} defaultValue={email} width="nhsuk-u-width-two-thirds" error={problems.email} />
        <Button variant="secondary">{t('admin.users.find')}</Button>
      </Form>
      {users.isLoading ? (
        <p role="status">{t('common.loading')}</p>
      ) : users.data && users.data.items.length === 0 ? (
        <p>{t('admin.users.none')}</p>
      ) : users.data ? (
        <>
          <Table responsive
            caption={t('admin.users.caption')}
            head={[t('admin.users.email'), t('admin.users.name'), t('admin.users.roles'), t('admin.users.status')]}
            rows={users.data.items.map((user) => [
              <Link to={`/admin/users/${user.id}`}>{user.email}</Link>,
              user.displayName,
              user.grants.length ? user.grants.map(grantLabel).join('; ') : t('admin.role.none'),
              t(`admin.users.status.${user.status}`),
            ])}
          />
          {users.data.nextCursor && (
            <p>
              <Link to={`?${new URLSearchParams({ ...(email ? { email } : {}), cursor: users.data.nextCursor }).toString()}`}>{t('admin.nextPage')}</Link>
            </p>
          )}
        </>
      ) : null}
    </AdminPage>
  );
}
