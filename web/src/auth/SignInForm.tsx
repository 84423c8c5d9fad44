import { Alert, Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { identityMessage, signIn } from './identity';
import { useResetSession } from './session';

/** Email and password; after signing in, goes to `next`. */
export function SignInForm({ next, initialEmail = '' }: { next: string; initialEmail?: string }) {
  const navigate = useNavigate();
  const resetSession = useResetSession();
  const [error, setError] = useState<string>();
  const form = useForm({
    initialValues: { email: initialEmail, password: '' },
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
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {error && <Alert color="red" role="alert" title="Could not sign in">{error}</Alert>}
        <TextInput label="Email" type="email" autoComplete="email" required {...form.getInputProps('email')} />
        <PasswordInput label="Password" autoComplete="current-password" required {...form.getInputProps('password')} />
        <Anchor component={Link} to={`/forgot-password${form.values.email ? `?email=${encodeURIComponent(form.values.email.trim())}` : ''}`} size="sm">Forgot password?</Anchor>
        <Button type="submit" loading={form.submitting} fullWidth>Sign in</Button>
      </Stack>
    </form>
  );
}
