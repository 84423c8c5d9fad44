import { Alert, Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useInstance } from '../settings/use-settings';
import { AuthCard } from '../ui/AuthCard';
import { identityMessage, signIn } from './identity';
import { safeNext } from './next';
import { useResetSession } from './session';

/** Email and password sign-in; `?next=` brings the person back where they were going. */
export function SignInPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const resetSession = useResetSession();
  const instance = useInstance();
  const [error, setError] = useState<string>();
  const form = useForm({
    initialValues: { email: params.get('email') ?? '', password: '' },
    validate: {
      email: (v) => (/^\S+@\S+$/.test(v.trim()) ? null : 'Enter your email address'),
      password: (v) => (v ? null : 'Enter your password'),
    },
  });
  const submit = form.onSubmit(async (values) => {
    setError(undefined);
    try {
      await signIn(values.email.trim(), values.password);
      await resetSession();
      navigate(next, { replace: true });
    } catch (e) {
      setError(identityMessage(e));
    }
  });
  return (
    <AuthCard
      title="Sign in to Guestlist"
      subtitle="Use the email address your invitation was sent to."
      footer={instance.data?.allowSignUp && <>No account yet? <Anchor component={Link} to="/sign-up">Create one</Anchor></>}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {error && <Alert color="red" role="alert" title="Could not sign in">{error}</Alert>}
          <TextInput label="Email" type="email" autoComplete="email" required {...form.getInputProps('email')} />
          <PasswordInput label="Password" autoComplete="current-password" required {...form.getInputProps('password')} />
          <Anchor component={Link} to={`/forgot-password${form.values.email ? `?email=${encodeURIComponent(form.values.email.trim())}` : ''}`} size="sm">Forgot password?</Anchor>
          <Button type="submit" loading={form.submitting} fullWidth>Sign in</Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
