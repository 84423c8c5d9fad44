import { Alert, Anchor, Button, PasswordInput, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { AuthCard } from '../ui/AuthCard';
import { identityMessage, resetPassword } from './identity';

/** Where the password reset email lands: choose the new password (the token goes back in the body). */
export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [error, setError] = useState<string>();
  const [done, setDone] = useState(false);
  const form = useForm({
    initialValues: { password: '', confirm: '' },
    validate: {
      password: (v) => (v.length >= 8 ? (v.length <= 128 ? null : 'Use at most 128 characters') : 'Use at least 8 characters'),
      confirm: (v, values) => (v === values.password ? null : 'The two passwords differ'),
    },
  });
  const submit = form.onSubmit(async ({ password }) => {
    setError(undefined);
    try {
      await resetPassword(token, password);
      setDone(true);
    } catch (e) {
      setError(identityMessage(e));
    }
  });
  const footer = <Anchor component={Link} to="/sign-in">Back to sign in</Anchor>;
  if (!token || params.get('error')) {
    return (
      <AuthCard title="This link does not work" footer={footer}>
        <Alert color="orange" role="alert">The link has expired or was already used. <Anchor component={Link} to="/forgot-password">Ask for a new one</Anchor>.</Alert>
      </AuthCard>
    );
  }
  if (done) {
    return (
      <AuthCard title="Password changed" footer={footer}>
        <Alert color="green" role="status">Your new password is set, and you were signed out everywhere else. Sign in with it now.</Alert>
        <Button component={Link} to="/sign-in">Sign in</Button>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Choose a new password" footer={footer}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {error && <Alert color="red" role="alert">{error} {error.includes('link') && <Anchor component={Link} to="/forgot-password">Ask for a new link</Anchor>}</Alert>}
          <PasswordInput label="New password" description="At least 8 characters" autoComplete="new-password" required maxLength={128} {...form.getInputProps('password')} />
          <PasswordInput label="Repeat the new password" autoComplete="new-password" required maxLength={128} {...form.getInputProps('confirm')} />
          <Button type="submit" loading={form.submitting} fullWidth>Set password</Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
