import { useState } from 'react';
import { Link } from 'react-router';
import { useFragmentToken } from '../../auth/fragment-token';
import { useT } from '../../i18n/i18n';
import { usePageTitle } from '../../pages/use-page-title';
import { Input, Panel } from '../../ui';
import { ApiProblem } from '../../api/problem';
import { useAcceptInvitation } from './account-api';
import { AccountForm, type FormErrors, hasErrors } from './AccountForm';
import { LinkProblemPage } from './LinkProblemPage';
import { checkNewPassword } from './password-rules';

/** `/account/accept-invitation#<token>`: a new user sets a password (and may correct their name). */
export function AcceptInvitationPage() {
  const { t } = useT();
  const token = useFragmentToken();
  const accept = useAcceptInvitation();
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FormErrors>({});
  const [unusable, setUnusable] = useState(false);

  if (!token) return <LinkProblemPage title="account.linkMissingTitle" body="account.linkMissingBody" />;
  if (unusable) return <LinkProblemPage title="account.invitationUnusableTitle" body="account.invitationUnusableBody" />;
  if (accept.isSuccess) return <AccountReady />;

  const onSubmit = () => {
    const found = checkNewPassword(password, confirm);
    setErrors(found);
    if (hasErrors(found)) return;
    accept.mutate(
      { token, password, displayName: displayName.trim() || undefined },
      {
        onError: (error) => {
          const fields = error instanceof ApiProblem ? error.fields() : new Set<string>();
          if (fields.has('token')) setUnusable(true);
          else if (fields.has('password')) setErrors({ password: 'account.errorPasswordRefused' });
          else if (fields.has('displayName')) setErrors({ displayName: 'account.errorDisplayName' });
          else setErrors({ password: 'account.errorUnavailable' });
        },
      },
    );
  };

  return (
    <AccountForm title="account.acceptTitle" intro={<p>{t('account.acceptIntro')}</p>} fields={['displayName', 'password', 'confirm']} errors={errors} submit="account.acceptSubmit" busy={accept.isPending} onSubmit={onSubmit}>
      <Input id="displayName" autoComplete="name" label={t('account.displayName')} hint={t('account.displayNameHint')} value={displayName} onChange={(e) => setDisplayName(e.target.value)} error={errors.displayName && t(errors.displayName)} />
      <Input id="password" type="password" autoComplete="new-password" label={t('account.newPassword')} hint={t('account.passwordHint')} value={password} onChange={(e) => setPassword(e.target.value)} error={errors.password && t(errors.password)} />
      <Input id="confirm" type="password" autoComplete="new-password" label={t('account.confirmPassword')} value={confirm} onChange={(e) => setConfirm(e.target.value)} error={errors.confirm && t(errors.confirm)} />
    </AccountForm>
  );
}

function AccountReady() {
  const { t } = useT();
  usePageTitle(t('account.acceptDone'));
  return (
    <>
      <Panel heading={t('account.acceptDone')} />
      <p>
        <Link to="/sign-in">{t('account.signInNow')}</Link>
      </p>
    </>
  );
}
