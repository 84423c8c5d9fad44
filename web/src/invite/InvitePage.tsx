import { Alert, Button, Center, DataList, Loader, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../api/client';
import { ApiError, describeError, unwrap } from '../api/problem';
import type { Schemas } from '../api/types';
import { useMe } from '../auth/session';
import { formatDateTime, roleLabel } from '../invitations/format';
import { AuthCard } from '../ui/AuthCard';
import { endedLinks } from './ended';
import { InviteAnswer } from './InviteAnswer';

export type Preview = Schemas['InvitationPreview'];

/** The facts of the invitation, as the email gave them. */
function Facts({ preview }: { preview: Preview }) {
  const rows: [string, string][] = [
    ['Invited by', preview.inviter.name],
    ['Role', roleLabel[preview.role]],
    ['Email', preview.email],
    ['Expires', formatDateTime(preview.expiresAt)],
  ];
  return (
    <DataList orientation="horizontal" labelWidth={96} gap={6}>
      {rows.map(([label, value]) => (
        <DataList.Item key={label}>
          <DataList.ItemLabel>{label}</DataList.ItemLabel>
          <DataList.ItemValue style={{ wordBreak: 'break-word' }}>{value}</DataList.ItemValue>
        </DataList.Item>
      ))}
    </DataList>
  );
}

/** An ended or unknown link: what happened and what to do next. */
export function EndedLink({ code }: { code: string }) {
  const me = useMe().data;
  const info = endedLinks[code] ?? endedLinks.invitation_not_found!;
  return (
    <AuthCard title={info.title}>
      <Text>{info.next}</Text>
      <Button component={Link} to={me ? '/' : '/sign-in'} variant={info.signIn ? 'filled' : 'default'}>{me ? 'Go to Guestlist' : 'Sign in'}</Button>
    </AuthCard>
  );
}

/**
 * `/invite/{token}` (R7–R11): what the invitation offers, then accept or decline. Opening it changes
 * nothing (the preview is a read); the token goes to the API only in POST bodies, never in a path
 * or query, and the page sends no referrer.
 */
export function InvitePage() {
  const token = useParams().token ?? '';
  const me = useMe();
  const [ended, setEnded] = useState<string>();
  const [declined, setDeclined] = useState(false);
  const preview = useQuery({
    queryKey: ['invite-preview', token],
    queryFn: () => unwrap(api.POST('/api/v1/invite/preview', { body: { token } })),
    retry: false,
    staleTime: Infinity,
    // A signed-in browser's POST carries the session's CSRF token, which reading the session gives.
    enabled: !me.isPending,
  });
  const code = ended ?? (preview.error instanceof ApiError && endedLinks[preview.error.code] ? preview.error.code : undefined);

  if (code) return <EndedLink code={code} />;
  if (preview.isPending || me.isPending) return <Center mih="100dvh"><Loader aria-label="Loading the invitation" /></Center>;
  if (preview.isError || me.isError) {
    return (
      <AuthCard title="The invitation could not be loaded">
        <Alert color="red" role="alert">{describeError(preview.error ?? me.error)}</Alert>
        <Button variant="default" onClick={() => { void preview.refetch(); void me.refetch(); }}>Try again</Button>
      </AuthCard>
    );
  }
  const p = preview.data;
  if (declined) {
    return (
      <AuthCard title="Invitation declined">
        <Text>You declined the invitation to {p.organization.name}. {p.inviter.name} is told. You can close this page.</Text>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={`Join ${p.organization.name}`} subtitle={`${p.inviter.name} invited you to join.`}>
      <Stack gap="md">
        <Facts preview={p} />
        <InviteAnswer token={token} preview={p} me={me.data ?? null} onEnded={setEnded} onDeclined={() => setDeclined(true)} />
      </Stack>
    </AuthCard>
  );
}
