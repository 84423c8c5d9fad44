import { Alert, Anchor, Button, Loader, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, describeError } from '../api/problem';
import { AuthCard } from '../ui/AuthCard';

async function confirm(token: string): Promise<{ organization: { name: string } }> {
  const res = await fetch('/api/v1/invitation-requests/confirm', {
    method: 'POST', credentials: 'omit', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }),
  });
  const data: unknown = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, data);
  return data as { organization: { name: string } };
}

/** The token from the link's fragment (a fragment never reaches a server, its logs or a Referer). */
function readToken(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
}

/** The link from the confirmation email: confirms the request once, then says what happens next. */
export function ConfirmRequestPage() {
  const [token] = useState(readToken);
  const confirming = useMutation({ mutationFn: confirm });
  const { mutate } = confirming;
  const sent = useRef(false);
  useEffect(() => {
    if (!token || sent.current) return;
    sent.current = true; // once, even when effects run twice
    window.history.replaceState(null, '', window.location.pathname);
    mutate(token);
  }, [mutate, token]);
  return (
    <AuthCard title="Confirm your request" footer={<Anchor component={Link} to="/sign-in">Go to sign-in</Anchor>}>
      {confirming.isSuccess ? (
        <Alert color="green" role="status" title="Request confirmed">
          The administrators of {confirming.data.organization.name} can now see your request. If they approve it, you will get an invitation by email.
        </Alert>
      ) : confirming.isError ? (
        <Alert color="red" role="alert" title="This link does not work">{describeError(confirming.error)}</Alert>
      ) : token ? (
        <Stack align="center" gap="xs" role="status"><Loader size="sm" /><Text size="sm">Confirming…</Text></Stack>
      ) : (
        <Stack gap="sm">
          <Alert color="yellow" role="alert" title="No confirmation code">Open this page from the link in your confirmation email.</Alert>
          <Button component={Link} to="/request" variant="light">Ask an organization for an invitation</Button>
        </Stack>
      )}
    </AuthCard>
  );
}
