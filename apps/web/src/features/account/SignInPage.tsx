import { type FormEvent, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { SignInError, type SignInFailure, useSignIn } from '../../auth/use-account';
import { type MessageKey, useT } from '../../i18n/i18n';
import { usePageTitle } from '../../pages/use-page-title';
import { Button, ErrorSummary, type FieldError, Input } from '../../ui';

const FAILURE_MESSAGES: Record<SignInFailure, MessageKey> = {
  credentials: 'signIn.errorCredentials',
  locked: 'signIn.errorLocked',
  rate_limited: 'signIn.errorRateLimited',
  unavailable: 'signIn.errorUnavailable',
};

/** The checks a person can fix before asking the API, in the words of the NHS.UK error pattern. */
function validate(email: string, password: string): { email?: MessageKey; password?: MessageKey } {
  return {
    email: !email.trim() ? 'signIn.errorEmailMissing' : !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim()) ? 'signIn.errorEmailInvalid' : undefined,
    password: !password ? 'signIn.errorPasswordMissing' : undefined,
  };
}

export function SignInPage() {
  const { t } = useT();
  const navigate = useNavigate();
  const location = useLocation();
  const signIn = useSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ email?: MessageKey; password?: MessageKey }>({});
  usePageTitle(errors.email || errors.password ? `Error: ${t('signIn.title')}` : t('signIn.title'));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found = validate(email, password);
    setErrors(found);
    if (found.email || found.password) return;
    signIn.mutate(
      { email: email.trim(), password },
      {
        onSuccess: () => {
          const from = (location.state as { from?: string } | null)?.from;
          void navigate(from ?? '/', { replace: true });
        },
        onError: (error) => {
          // A wrong password is not said to be the password's: the summary links to the email field.
          const failure = error instanceof SignInError ? error.failure : 'unavailable';
          setErrors({ email: FAILURE_MESSAGES[failure] });
        },
      },
    );
  };

  const summary: FieldError[] = [
    errors.email && { field: 'email', message: t(errors.email) },
    errors.password && { field: 'password', message: t(errors.password) },
  ].filter((e): e is FieldError => Boolean(e));

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={summary} />
        <h1>{t('signIn.title')}</h1>
        <form onSubmit={onSubmit} noValidate>
          <Input id="email" type="email" autoComplete="username" spellCheck={false} label={t('signIn.email')} value={email} onChange={(e) => setEmail(e.target.value)} error={errors.email && t(errors.email)} />
          <Input id="password" type="password" autoComplete="current-password" label={t('signIn.password')} value={password} onChange={(e) => setPassword(e.target.value)} error={errors.password && t(errors.password)} />
          <Button disabled={signIn.isPending}>{t('signIn.submit')}</Button>
        </form>
        <p>
          <Link to="/account/forgot-password">{t('signIn.forgotLink')}</Link>
        </p>
      </div>
    </div>
  );
}
