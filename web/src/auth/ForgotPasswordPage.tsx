import { Alert, Anchor, Button, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { AuthCard } from '../ui/AuthCard';
import { identityMessage, requestPasswordReset } from './identity';

/** Asks for a password reset link; the answer is the same whether or not the address has an account. */
export function ForgotPasswordPage() {
  const [params] = useSearchParams();
  const [error, setError] = useState<string>();
  const [sent, setSent] = useState(false);
  const form = useForm({
    initialValues: { email: params.get('email') ?? '' },
    validate: { email: (v) => (/^\S+@\S+$/.test(v.trim()) ? null : 'Enter your email address') },
  });
  const submit = form.onSubmit(async ({ email }) => {
    setError(undefined);
    try {
      await requestPasswordReset(email.trim());
      setSent(true);
    } catch (e) {
      setError(identityMessage(e));
    }
  });
  return (
    <AuthCard title="Forgot your password?" subtitle="We will email you a link to choose a new one." footer={<Anchor component={Link} to="/sign-in">Back to sign in</Anchor>}>
      {sent ? (
        <Alert color="green" role="status" title="Check your email">
          If {form.values.email.trim()} has an account, a link to choose a new password is on its way. It works once and expires in an hour.
        </Alert>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            {error && <Alert color="red" role="alert">{error}</Alert>}
            <TextInput label="Email" type="email" autoComplete="email" required {...form.getInputProps('email')} />
            <Button type="submit" loading={form.submitting} fullWidth>Send the link</Button>
          </Stack>
        </form>
      )}
    </AuthCard>
  );
}
