import { Alert, Anchor, Button, Group, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../api/client';
import { ApiError, describeError, unwrap } from '../api/problem';
import type { Me } from '../api/types';
import { identityMessage, signIn, signOut } from '../auth/identity';
import { useResetSession } from '../auth/session';
import { notifications } from '@mantine/notifications';
import { endedLinks } from './ended';
import type { Preview } from './InvitePage';

interface AnswerProps {
  token: string;
  preview: Preview;
  me: Me | null;
  onEnded: (code: string) => void;
  onDeclined: () => void;
}

const sameAddress = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Accept (as the signed-in account, after signing in, or as a new person) or decline, whichever fits who is here. */
export function InviteAnswer({ token, preview, me, onEnded, onDeclined }: AnswerProps) {
  const navigate = useNavigate();
  const resetSession = useResetSession();
  const [error, setError] = useState<string>();
  const [mismatch, setMismatch] = useState(false);
  const org = preview.organization;

  const failed = (e: unknown) => {
    if (e instanceof ApiError && endedLinks[e.code]) onEnded(e.code);
    else if (e instanceof ApiError && e.code === 'invitation_email_mismatch') setMismatch(true);
    else setError(e instanceof ApiError && e.code === 'account_exists' ? 'An account with this address exists now: reload the page and sign in to accept.' : describeError(e));
  };
  const joined = async (signedIn: boolean) => {
    if (!signedIn) return navigate(`/sign-in?email=${encodeURIComponent(preview.email)}&next=${encodeURIComponent(`/o/${org.slug}/people`)}`, { replace: true });
    await resetSession();
    notifications.show({ color: 'green', title: `Welcome to ${org.name}`, message: 'You joined the organization.' });
    navigate(`/o/${org.slug}/people`, { replace: true });
  };
  const accept = async (body: { name?: string; password?: string } = {}) => {
    setError(undefined);
    try {
      const result = await unwrap(api.POST('/api/v1/invite/accept', { body: { token, ...body } }));
      await joined(result.signedIn);
    } catch (e) {
      failed(e);
    }
  };
  const decline = () =>
    modals.openConfirmModal({
      title: `Decline the invitation to ${org.name}?`,
      children: <Text size="sm">{preview.inviter.name} is told that you declined. To join later, you need a new invitation.</Text>,
      labels: { confirm: 'Decline invitation', cancel: 'Go back' },
      confirmProps: { color: 'red' },
      onConfirm: async () => {
        setError(undefined);
        try {
          await unwrap(api.POST('/api/v1/invite/decline', { body: { token } }));
          onDeclined();
        } catch (e) {
          failed(e);
        }
      },
    });
  const declineButton = <Button variant="subtle" color="gray" onClick={decline}>Decline</Button>;
  const alert = error && <Alert color="red" role="alert" title="That did not work">{error}</Alert>;

  if (me && (mismatch || !sameAddress(me.account.email, preview.email))) {
    return <SwitchAccount signedInAs={me.account.email} invited={preview.email} />;
  }
  if (me) {
    return (
      <Stack gap="sm">
        {alert}
        <Text size="sm">You are signed in as <b>{me.account.email}</b>.</Text>
        <Group justify="space-between">
          {declineButton}
          <AcceptButton onAccept={() => accept()} />
        </Group>
      </Stack>
    );
  }
  if (preview.accountExists) {
    return (
      <SignInAndAccept email={preview.email} onSignedIn={async () => { await resetSession(); await accept(); }} alert={alert} declineButton={declineButton} />
    );
  }
  return <CreateAndAccept email={preview.email} onSubmit={accept} alert={alert} declineButton={declineButton} />;
}

function AcceptButton({ onAccept }: { onAccept: () => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  return <Button loading={busy} onClick={async () => { setBusy(true); try { await onAccept(); } finally { setBusy(false); } }}>Accept invitation</Button>;
}

/**
 * Someone else is signed in here: say so, and offer to sign out and continue as the invited address.
 * Signing out resets every cached read in place (this page stays, and reads who is here again).
 */
function SwitchAccount({ signedInAs, invited }: { signedInAs: string; invited: string }) {
  const client = useQueryClient();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const switchAccount = async () => {
    setBusy(true);
    try {
      await signOut();
      await client.resetQueries();
    } catch (e) {
      setError(describeError(e));
      setBusy(false);
    }
  };
  return (
    <Stack gap="sm">
      <Alert color="orange" variant="light" role="alert" title="This invitation is for another address">
        You are signed in as <b>{signedInAs}</b>, this invitation is for <b>{invited}</b>. Sign out to accept it as {invited}.
      </Alert>
      {error && <Text size="sm" c="red" role="alert">{error}</Text>}
      <Button onClick={switchAccount} loading={busy}>Sign out and continue</Button>
    </Stack>
  );
}

interface FormProps {
  email: string;
  alert: React.ReactNode;
  declineButton: React.ReactNode;
}

/** An account exists for the invited address: its password here, then accept. */
function SignInAndAccept({ email, onSignedIn, alert, declineButton }: FormProps & { onSignedIn: () => Promise<void> }) {
  const form = useForm({ initialValues: { password: '' }, validate: { password: (v) => (v ? null : 'Enter your password') } });
  const submit = form.onSubmit(async ({ password }) => {
    try {
      await signIn(email, password);
    } catch (e) {
      form.setFieldError('password', identityMessage(e));
      return;
    }
    await onSignedIn();
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {alert}
        <Text size="sm">You already have an account as <b>{email}</b>. Sign in to accept.</Text>
        <PasswordInput label="Password" autoComplete="current-password" required {...form.getInputProps('password')} />
        <Anchor component={Link} to={`/forgot-password?email=${encodeURIComponent(email)}`} size="sm">Forgot password?</Anchor>
        <Group justify="space-between">
          {declineButton}
          <Button type="submit" loading={form.submitting}>Sign in and accept</Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A new person: name and password create the account (the link proves the address), then they are in. */
function CreateAndAccept({ email, onSubmit, alert, declineButton }: FormProps & { onSubmit: (body: { name: string; password: string }) => Promise<void> }) {
  const form = useForm({
    initialValues: { name: '', password: '' },
    validate: {
      name: (v) => (v.trim() ? null : 'Enter your name'),
      password: (v) => (v.length < 8 ? 'Use at least 8 characters' : v.length > 128 ? 'Use at most 128 characters' : null),
    },
  });
  const submit = form.onSubmit(({ name, password }) => onSubmit({ name: name.trim(), password }));
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {alert}
        <Text size="sm">Choose your name and a password to create your account for <b>{email}</b>.</Text>
        <TextInput label="Your name" autoComplete="name" required maxLength={200} {...form.getInputProps('name')} />
        <PasswordInput label="Password" description="At least 8 characters." autoComplete="new-password" required maxLength={128} {...form.getInputProps('password')} />
        <Group justify="space-between">
          {declineButton}
          <Button type="submit" loading={form.submitting}>Accept and join</Button>
        </Group>
      </Stack>
    </form>
  );
}
