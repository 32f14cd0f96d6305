import { useState } from 'react';
import { useT } from '../../i18n/i18n';
import { usePageTitle } from '../../pages/use-page-title';
import { Input, Panel } from '../../ui';
import { ApiProblem } from '../../api/problem';
import { useChangePassword } from './account-api';
import { AccountForm, type FormErrors, hasErrors } from './AccountForm';
import { checkNewPassword } from './password-rules';

/** `/account/password`: a signed-in person changes their password; other sessions are signed out, this one carries on. */
export function ChangePasswordPage() {
  const { t } = useT();
  const change = useChangePassword();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FormErrors>({});

  if (change.isSuccess) return <PasswordChanged />;

  const onSubmit = () => {
    const found: FormErrors = { currentPassword: current ? undefined : 'account.errorCurrentMissing', ...checkNewPassword(password, confirm) };
    setErrors(found);
    if (hasErrors(found)) return;
    change.mutate(
      { currentPassword: current, newPassword: password },
      {
        onError: (error) => {
          const fields = error instanceof ApiProblem ? error.fields() : new Set<string>();
          if (error instanceof ApiProblem && error.status === 429) setErrors({ currentPassword: 'signIn.errorRateLimited' });
          else if (fields.has('currentPassword')) setErrors({ currentPassword: 'account.errorCurrentWrong' });
          else setErrors({ password: fields.has('newPassword') ? 'account.errorPasswordRefused' : 'account.errorUnavailable' });
        },
      },
    );
  };

  return (
    <AccountForm title="account.changeTitle" intro={<p>{t('account.changeIntro')}</p>} fields={['currentPassword', 'password', 'confirm']} errors={errors} submit="account.changeSubmit" busy={change.isPending} onSubmit={onSubmit}>
      <Input id="currentPassword" type="password" autoComplete="current-password" label={t('account.currentPassword')} value={current} onChange={(e) => setCurrent(e.target.value)} error={errors.currentPassword && t(errors.currentPassword)} />
      <Input id="password" type="password" autoComplete="new-password" label={t('account.newPassword')} hint={t('account.passwordHint')} value={password} onChange={(e) => setPassword(e.target.value)} error={errors.password && t(errors.password)} />
      <Input id="confirm" type="password" autoComplete="new-password" label={t('account.confirmPassword')} value={confirm} onChange={(e) => setConfirm(e.target.value)} error={errors.confirm && t(errors.confirm)} />
    </AccountForm>
  );
}

function PasswordChanged() {
  const { t } = useT();
  usePageTitle(t('account.changeDone'));
  return <Panel heading={t('account.changeDone')}>{t('account.changeDoneBody')}</Panel>;
}
