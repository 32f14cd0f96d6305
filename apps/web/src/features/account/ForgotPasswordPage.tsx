import { useState } from 'react';
import { useT } from '../../i18n/i18n';
import { usePageTitle } from '../../pages/use-page-title';
import { Input } from '../../ui';
import { useRequestPasswordReset } from './account-api';
import { AccountForm, type FormErrors, hasErrors } from './AccountForm';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * `/account/forgot-password`: asks for a reset link. The API answers the same whether or not the
 * address has an account, and so does this page, so neither tells who has one.
 */
export function ForgotPasswordPage() {
  const { t } = useT();
  const request = useRequestPasswordReset();
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<FormErrors>({});

  if (request.isSuccess) return <CheckEmail email={email.trim()} />;

  const onSubmit = () => {
    const found: FormErrors = { email: !email.trim() ? 'signIn.errorEmailMissing' : !EMAIL.test(email.trim()) ? 'signIn.errorEmailInvalid' : undefined };
    setErrors(found);
    if (hasErrors(found)) return;
    request.mutate({ email: email.trim() }, { onError: () => setErrors({ email: 'account.errorUnavailable' }) });
  };

  return (
    <AccountForm title="account.forgotTitle" intro={<p>{t('account.forgotIntro')}</p>} fields={['email']} errors={errors} submit="account.forgotSubmit" busy={request.isPending} onSubmit={onSubmit}>
      <Input id="email" type="email" autoComplete="username" spellCheck={false} label={t('signIn.email')} value={email} onChange={(e) => setEmail(e.target.value)} error={errors.email && t(errors.email)} />
    </AccountForm>
  );
}

function CheckEmail({ email }: { email: string }) {
  const { t } = useT();
  usePageTitle(t('account.forgotSentTitle'));
  return (
    <>
      <h1>{t('account.forgotSentTitle')}</h1>
      <p>{t('account.forgotSentBody', { email })}</p>
    </>
  );
}
