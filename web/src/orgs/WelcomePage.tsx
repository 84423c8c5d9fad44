import { Button, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useMe } from '../auth/session';
import { PendingInvitationsList } from '../invitations/PendingInvitationsList';

/** For people who belong to no organization yet: their pending invitations, or what to do. */
export function WelcomePage() {
  const me = useMe().data;
  return (
    <Stack maw={640} gap="lg">
      <div>
        <Title order={1} size="h2">Welcome{me?.account.name ? `, ${me.account.name}` : ''}</Title>
        <Text c="dimmed">You do not belong to an organization yet.</Text>
      </div>
      <Paper withBorder p="lg">
        <Title order={2} size="h4" mb="sm">Invitations for you</Title>
        <PendingInvitationsList emptyText="No invitations are waiting. When an administrator invites you, it appears here and in the bell." />
      </Paper>
      {me?.canCreateOrganizations && (
        <Paper withBorder p="lg">
          <Title order={2} size="h4" mb={4}>Start your own</Title>
          <Text c="dimmed" size="sm" mb="sm">Create an organization and invite people to it.</Text>
          <Button component={Link} to="/orgs/new">Create organization</Button>
        </Paper>
      )}
    </Stack>
  );
}
