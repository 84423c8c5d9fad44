import { Alert, Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Link } from 'react-router';
import { AuthCard } from '../ui/AuthCard';
import { identityMessage, signUp } from './identity';

/** Creating an account (when the instance allows sign-up); the address is confirmed by email. */
export function SignUpPage() {
  const [error, setError] = useState<string>();
  const [sentTo, setSentTo] = useState<string>();
  const form = useForm({
    initialValues: { name: '', email: '', password: '' },
    validate: {
      name: (v) => (v.trim() ? null : 'Enter your name'),
      email: (v) => (/^\S+@\S+$/.test(v.trim()) ? null : 'Enter your email address'),
      password: (v) => (v.length >= 8 ? null : 'Use at least 8 characters'),
    },
  });
  const submit = form.onSubmit(async (values) => {
    setError(undefined);
    try {
      await signUp(values.name.trim(), values.email.trim(), values.password);
      setSentTo(values.email.trim());
    } catch (e) {
      setError(identityMessage(e));
    }
  });
  if (sentTo) {
    return (
      <AuthCard title="Check your email" footer={<Anchor component={Link} to="/sign-in">Back to sign in</Anchor>}>
        <Alert color="green" role="status">We sent a link to {sentTo}. Open it to confirm your address and sign in.</Alert>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Create your account" footer={<>Already have one? <Anchor component={Link} to="/sign-in">Sign in</Anchor></>}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {error && <Alert color="red" role="alert" title="Could not create the account">{error}</Alert>}
          <TextInput label="Name" autoComplete="name" required maxLength={200} {...form.getInputProps('name')} />
          <TextInput label="Email" type="email" autoComplete="email" required {...form.getInputProps('email')} />
          <PasswordInput label="Password" description="At least 8 characters" autoComplete="new-password" required maxLength={128} {...form.getInputProps('password')} />
          <Button type="submit" loading={form.submitting} fullWidth>Create account</Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
