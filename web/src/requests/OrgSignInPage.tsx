import { Anchor, Button, Divider, Skeleton, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { SignInForm } from '../auth/SignInForm';
import { AuthCard } from '../ui/AuthCard';
import { RequestForm } from './RequestForm';

/** What the organization's page offers: its name when it takes invitation requests, null when not (or no such organization). */
function useRequestForm(slug: string) {
  return useQuery({
    queryKey: ['request-form', slug],
    queryFn: async () => {
      const res = await fetch(`/api/v1/orgs/${encodeURIComponent(slug)}/invitation-requests/form`, { credentials: 'omit' });
      if (res.status === 404) return null;
      if (!res.ok) throw new Error(`The server answered ${res.status}.`);
      return ((await res.json()) as { organization: { name: string; slug: string } }).organization;
    },
    retry: false,
  });
}

/**
 * An organization's sign-in page (R12): sign in, and, when the organization takes invitation
 * requests, "Request an invitation". An organization that does not (or does not exist) shows the
 * sign-in alone, in the same words.
 */
export function OrgSignInPage() {
  const slug = useParams().org ?? '';
  const form = useRequestForm(slug);
  const [asking, setAsking] = useState(false);
  const org = form.data;
  return (
    <AuthCard
      title={org ? `Sign in to ${org.name}` : 'Sign in'}
      subtitle={org ? 'Members sign in here. Not a member yet? You can ask to be invited.' : 'Use the email address your invitation was sent to.'}
      footer={<>Signing in somewhere else? <Anchor component={Link} to="/sign-in">Guestlist sign-in</Anchor></>}
    >
      <SignInForm next={`/o/${encodeURIComponent(slug)}`} />
      {form.isPending ? (
        <Skeleton h={36} aria-label="Loading" />
      ) : org ? (
        <Stack gap="sm">
          <Divider label="Not a member yet?" labelPosition="center" />
          {asking ? <RequestForm slug={org.slug} orgName={org.name} /> : <Button variant="light" fullWidth onClick={() => setAsking(true)}>Request an invitation</Button>}
        </Stack>
      ) : (
        <Text size="sm" c="dimmed">To join, ask an administrator of the organization to invite you.</Text>
      )}
    </AuthCard>
  );
}
