import { Alert, Button, Paper, Stack, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api/client';
import { ApiError, describeError, unwrap } from '../api/problem';
import { ME_KEY, useMe } from '../auth/session';

const slugOf = (name: string) => name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63);

/** Creates an organization (where the instance allows it); the creator becomes its admin. */
export function CreateOrganizationPage() {
  const me = useMe().data;
  const navigate = useNavigate();
  const client = useQueryClient();
  const [error, setError] = useState<string>();
  const form = useForm({
    initialValues: { name: '', slug: '' },
    validate: {
      name: (v) => (v.trim() ? null : 'Give the organization a name'),
      slug: (v) => (/^[a-z0-9][a-z0-9-]{0,62}$/.test(v) ? null : 'Lower-case letters, digits and dashes (1–63), starting with a letter or digit'),
    },
  });
  if (me && !me.canCreateOrganizations) {
    return <Alert color="orange" role="alert" title="Creating organizations is restricted">On this instance only its administrators create organizations. Ask one to create it and invite you.</Alert>;
  }
  const submit = form.onSubmit(async (values) => {
    setError(undefined);
    try {
      const org = await unwrap(api.POST('/api/v1/orgs', { body: { name: values.name.trim(), slug: values.slug } }));
      await client.invalidateQueries({ queryKey: ME_KEY });
      navigate(`/o/${org.slug}/people`);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'org_slug_taken') form.setFieldError('slug', e.message);
      else setError(describeError(e));
    }
  });
  return (
    <Stack maw={520}>
      <Title order={1} size="h2">Create an organization</Title>
      <Paper withBorder p="lg">
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            {error && <Alert color="red" role="alert">{error}</Alert>}
            <TextInput
              label="Name" required maxLength={200} {...form.getInputProps('name')}
              onChange={(e) => {
                const name = e.currentTarget.value;
                if (!form.isDirty('slug') || form.values.slug === slugOf(form.values.name)) form.setFieldValue('slug', slugOf(name));
                form.setFieldValue('name', name);
              }}
            />
            <TextInput label="Address" description={`Used in links: ${location.origin}/o/${form.values.slug || 'your-slug'}`} required maxLength={63} {...form.getInputProps('slug')} />
            <Button type="submit" loading={form.submitting} style={{ alignSelf: 'flex-start' }}>Create organization</Button>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
