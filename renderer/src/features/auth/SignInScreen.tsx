import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { BeaconLogo } from '../../components/BeaconLogo';
import { FormField, fieldDescribedBy } from '../../components/FormField';
import { useTranslation } from '../../i18n';
import { normaliseServerUrl } from '../../lib/server-url';
import { SignInError } from './api';
import './sign-in.css';

export interface SignInInput {
  serverUrl: string;
  email: string;
  password: string;
}

export interface SignInScreenProps {
  initialServerUrl: string;
  serverUrlLocked: boolean;
  initialEmail?: string;
  /** Why the user is here again (session expired, signed out elsewhere...). */
  notice?: string | null;
  /** Signs in; rejects with an Error whose message is shown to the user. */
  onSignIn(input: SignInInput): Promise<void>;
}

type FieldErrors = Partial<Record<'server' | 'email' | 'password', string>>;

export function SignInScreen({
  initialServerUrl,
  serverUrlLocked,
  initialEmail = '',
  notice,
  onSignIn,
}: SignInScreenProps) {
  const { t } = useTranslation();
  const [server, setServer] = useState(initialServerUrl);
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const ids = { server: useId(), email: useId(), password: useId(), error: useId() };
  const refs = {
    server: useRef<HTMLInputElement>(null),
    email: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
  };

  // Focus the first field still to fill in: Email on a fresh start, Password when the email is known.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only on first render
  useEffect(() => {
    (initialEmail ? refs.password : refs.email).current?.focus();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const errors: FieldErrors = {};
    const url = normaliseServerUrl(server);
    if (!url.ok) errors.server = url.error;
    if (!email.trim()) errors.email = t('auth.signIn.emailMissing');
    else if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) errors.email = t('auth.signIn.emailInvalid');
    if (!password) errors.password = t('auth.signIn.passwordMissing');
    setFieldErrors(errors);
    setError(null);
    const firstInvalid = (['server', 'email', 'password'] as const).find((key) => errors[key]);
    if (firstInvalid || !url.ok) {
      if (firstInvalid) refs[firstInvalid].current?.focus();
      return;
    }
    setBusy(true);
    try {
      await onSignIn({ serverUrl: url.url, email: email.trim(), password });
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : t('auth.signIn.failed'));
      // Only a refused password is worth retyping; after a network or server problem the same one is retried.
      if (failure instanceof SignInError && failure.kind === 'wrong_credentials') {
        setPassword('');
        refs.password.current?.focus();
      }
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <div className="sign-in__card">
        <div className="sign-in__brand">
          <BeaconLogo size={36} />
          <span>Beacon</span>
        </div>
        <h1 className="sign-in__title">{t('auth.signIn.title')}</h1>
        {notice && (
          <p className="alert alert--info" role="status">
            {notice}
          </p>
        )}
        <form onSubmit={submit} noValidate aria-describedby={error ? ids.error : undefined}>
          <FormField
            id={ids.server}
            label={t('auth.signIn.server')}
            hint={serverUrlLocked ? t('auth.signIn.managed') : undefined}
            error={fieldErrors.server}
          >
            <input
              ref={refs.server}
              id={ids.server}
              className="input"
              type="text"
              inputMode="url"
              autoComplete="url"
              spellCheck={false}
              placeholder="https://chat.example.com"
              value={server}
              onChange={(event) => setServer(event.target.value)}
              readOnly={serverUrlLocked}
              aria-invalid={fieldErrors.server ? true : undefined}
              aria-describedby={fieldDescribedBy(ids.server, {
                hint: serverUrlLocked,
                error: fieldErrors.server,
              })}
            />
          </FormField>
          <FormField id={ids.email} label={t('auth.signIn.email')} error={fieldErrors.email}>
            <input
              ref={refs.email}
              id={ids.email}
              className="input"
              type="email"
              autoComplete="username"
              spellCheck={false}
              placeholder="name@company.com"
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              aria-invalid={fieldErrors.email ? true : undefined}
              aria-describedby={fieldDescribedBy(ids.email, { error: fieldErrors.email })}
            />
          </FormField>
          <FormField id={ids.password} label={t('auth.signIn.password')} error={fieldErrors.password}>
            <input
              ref={refs.password}
              id={ids.password}
              className="input"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              aria-invalid={fieldErrors.password ? true : undefined}
              aria-describedby={fieldDescribedBy(ids.password, { error: fieldErrors.password })}
            />
          </FormField>
          {error && (
            <p id={ids.error} className="alert" role="alert">
              {error}
            </p>
          )}
          <button
            type="submit"
            className="button button--primary sign-in__submit"
            aria-busy={busy || undefined}
          >
            {busy && <span className="spinner" aria-hidden="true" />}
            {t('auth.signIn.submit')}
          </button>
        </form>
      </div>
      <p className="sign-in__footer muted">{t('auth.signIn.footer')}</p>
    </main>
  );
}
