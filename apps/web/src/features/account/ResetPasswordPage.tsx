import { useState } from 'react';
import { Link } from 'react-router';
import { useFragmentToken } from '../../auth/fragment-token';
import { useT } from '../../i18n/i18n';
import { usePageTitle } from '../../pages/use-page-title';
import { Input, Panel } from '../../ui';
import { ApiProblem } from '../../api/problem';
import { useResetPassword } from './account-api';
import { AccountForm, type FormErrors, hasErrors } from './AccountForm';
import { LinkProblemPage } from './LinkProblemPage';
import { checkNewPassword } from './password-rules';

/** `/account/reset-password#<token>`: a new password from an emailed reset link; every session is signed out. */
export function ResetPasswordPage() {
  const { t } = useT();
  const token = useFragmentToken();
  const reset = useResetPassword();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FormErrors>({});
  const [unusable, setUnusable] = useState(false);

  if (!token) return <LinkProblemPage title="account.linkMissingTitle" body="account.linkMissingBody" />;
  if (unusable) return <LinkProblemPage title="account.resetUnusableTitle" body="account.resetUnusableBody" />;
  if (reset.isSuccess) return <PasswordSet />;

  const onSubmit = () => {
    const found = checkNewPassword(password, confirm);
    setErrors(found);
    if (hasErrors(found)) return;
    reset.mutate(
      { token, newPassword: password },
      {
        onError: (error) => {
          const fields = error instanceof ApiProblem ? error.fields() : new Set<string>();
          if (fields.has('token')) setUnusable(true);
          else setErrors({ password: fields.has('newPassword') ? 'account.errorPasswordRefused' : 'account.errorUnavailable' });
        },
      },
    );
  };

  return (
    <AccountForm title="account.resetTitle" fields={['password', 'confirm']} errors={errors} submit="account.resetSubmit" busy={reset.isPending} onSubmit={onSubmit}>
      <Input id="password" type="password" autoComplete="new-password" label={t('account.newPassword')} hint={t('account.passwordHint')} value={password} onChange={(e) => setPassword(e.target.value)} error={errors.password && t(errors.password)} />
      <Input id="confirm" type="password" autoComplete="new-password" label={t('account.confirmPassword')} value={confirm} onChange={(e) => setConfirm(e.target.value)} error={errors.confirm && t(errors.confirm)} />
    </AccountForm>
  );
}

function PasswordSet() {
  const { t } = useT();
  usePageTitle(t('account.resetDone'));
  return (
    <>
      <Panel heading={t('account.resetDone')}>{t('account.resetDoneBody')}</Panel>
      <p>
        <Link to="/sign-in">{t('account.signInNow')}</Link>
      </p>
    </>
  );
}
