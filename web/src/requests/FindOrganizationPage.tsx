import { Anchor, Button, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { Link, useNavigate } from 'react-router';
import { AuthCard } from '../ui/AuthCard';

/** Which organization to ask: its short name (the part after /o/ in its links) leads to its sign-in page. */
export function FindOrganizationPage() {
  const navigate = useNavigate();
  const form = useForm({
    initialValues: { slug: '' },
    validate: { slug: (v) => (/^[a-z0-9][a-z0-9-]{0,62}$/i.test(v.trim()) ? null : 'Enter the organization’s short name, like acme') },
  });
  return (
    <AuthCard
      title="Ask to join an organization"
      subtitle="Organizations that take invitation requests have their own sign-in page. Enter the organization’s short name to open it."
      footer={<>Already a member? <Anchor component={Link} to="/sign-in">Sign in</Anchor></>}
    >
      <form onSubmit={form.onSubmit((v) => navigate(`/o/${encodeURIComponent(v.slug.trim().toLowerCase())}/sign-in`))} noValidate>
        <Stack gap="sm">
          <TextInput label="Organization" placeholder="acme" description="Ask someone in the organization if you do not know it" required maxLength={63} {...form.getInputProps('slug')} />
          <Button type="submit" fullWidth>Continue</Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
