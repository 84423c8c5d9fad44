import { Alert, Anchor, Button, Paper, Stack, Switch, TagsInput, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { describeError } from '../api/problem';
import { useOrg } from '../orgs/org-context';
import { domainErrors, tidyDomain } from './request-domains';
import { useSaveSettings } from './use-settings';

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * Invitation requests (R12): the switch that puts "Request an invitation" on the organization's
 * sign-in page (saved at once), and the domains requests may come from (saved with its button;
 * the server's complaint about each bad entry shows under the field).
 */
export function InvitationRequestsSettings() {
  const org = useOrg();
  const save = useSaveSettings();
  const saved = org.settings.invitationRequestDomains;
  const [domains, setDomains] = useState<string[]>(saved);
  const [typed, setTyped] = useState('');
  const [fieldErrors, setFieldErrors] = useState<string[]>();
  const [error, setError] = useState<string>();
  const on = org.settings.invitationRequestsEnabled;
  const signIn = `/o/${org.slug}/sign-in`;

  const toggle = async (enabled: boolean) => {
    setError(undefined);
    try {
      await save.mutateAsync({ invitationRequestsEnabled: enabled });
      notifications.show({ color: 'teal', message: enabled ? `People can now ask to be invited from ${signIn}.` : 'Invitation requests are off; the sign-in page no longer offers them.' });
    } catch (e) {
      setError(describeError(e));
    }
  };

  const saveDomains = async () => {
    setError(undefined);
    setFieldErrors(undefined);
    // A domain typed but not yet entered is saved too: people click Save without pressing Enter.
    const pending = tidyDomain(typed);
    const wanted = pending && !domains.includes(pending) ? [...domains, pending] : domains;
    try {
      const next = await save.mutateAsync({ invitationRequestDomains: wanted });
      setDomains(next.settings.invitationRequestDomains);
      setTyped('');
      const n = next.settings.invitationRequestDomains.length;
      notifications.show({ color: 'teal', message: n ? `Only addresses at ${n === 1 ? 'this domain' : `these ${n} domains`} may request an invitation.` : 'Addresses at any domain may request an invitation.' });
    } catch (e) {
      const entries = domainErrors(e);
      if (entries) {
        setDomains(wanted);
        setTyped('');
        setFieldErrors(entries);
      }
      else setError(describeError(e));
    }
  };

  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }}>
      <Stack gap="sm">
        <Stack gap={2}>
          <Title order={2} size="h4">Invitation requests</Title>
          <Text size="sm" c="dimmed">Requests are confirmed by email, then wait in People → Invitation requests for an admin to approve or dismiss.</Text>
        </Stack>
        {error && <Alert color="red" role="alert" title="Could not save">{error}</Alert>}
        <Switch
          size="md"
          label="Invitation requests"
          description={<>People can ask to be invited from your organization&apos;s sign-in page (<Anchor href={signIn} inherit underline="always">{signIn}</Anchor>)</>}
          checked={on}
          disabled={save.isPending}
          onChange={(e) => void toggle(e.currentTarget.checked)}
        />
        <form onSubmit={(e) => { e.preventDefault(); void saveDomains(); }} noValidate>
          <Stack gap="sm" align="flex-start">
            <TagsInput
              label="Allowed domains"
              description="Only addresses at these domains may request an invitation. Leave empty to allow any domain."
              placeholder={domains.length ? undefined : 'example.com'}
              value={domains}
              searchValue={typed}
              onSearchChange={setTyped}
              onChange={(v) => { setDomains([...new Set(v.map(tidyDomain).filter(Boolean))]); setFieldErrors(undefined); }}
              splitChars={[',', ' ', ';']}
              maxTags={100}
              clearable
              error={fieldErrors && <Stack gap={2} component="span">{fieldErrors.map((m) => <span key={m}>{m}</span>)}</Stack>}
              w="100%"
              maw={640}
            />
            <Button type="submit" loading={save.isPending} disabled={same(domains, saved) && !tidyDomain(typed)}>Save domains</Button>
          </Stack>
        </form>
      </Stack>
    </Paper>
  );
}
