import { Alert, Button, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { ApiError, describeError } from '../api/problem';

const MESSAGE_MAX = 500;

/**
 * Sends the request without the visitor's session (it is an outsider's request, whoever is signed
 * in on this browser): the answer is the same for every address.
 */
async function sendRequest(slug: string, body: { email: string; name: string; message: string | null }): Promise<string> {
  const res = await fetch(`/api/v1/orgs/${encodeURIComponent(slug)}/invitation-requests`, {
    method: 'POST', credentials: 'omit', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  const data: unknown = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, data);
  return (data as { message: string }).message;
}

/** "Request an invitation": email, name and an optional message; then what happens next. */
export function RequestForm({ slug, orgName }: { slug: string; orgName: string }) {
  const [sent, setSent] = useState<string>();
  const [error, setError] = useState<unknown>();
  const form = useForm({
    initialValues: { email: '', name: '', message: '' },
    validate: {
      email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : 'Enter your email address'),
      name: (v) => (v.trim() ? null : 'Enter your name'),
      message: (v) => (v.length <= MESSAGE_MAX ? null : `At most ${MESSAGE_MAX} characters`),
    },
  });
  if (sent) {
    return <Alert color="green" role="status" title="Check your email">{sent}</Alert>;
  }
  const submit = form.onSubmit(async (v) => {
    setError(undefined);
    try {
      setSent(await sendRequest(slug, { email: v.email.trim(), name: v.name.trim(), message: v.message.trim() || null }));
    } catch (e) {
      if (e instanceof ApiError && e.forField('email')) form.setFieldError('email', e.forField('email'));
      else setError(e);
    }
  });
  return (
    <form onSubmit={submit} noValidate aria-label={`Request an invitation to ${orgName}`}>
      <Stack gap="sm">
        {error !== undefined && <Alert color="red" role="alert" title="Could not send the request">{describeError(error)}</Alert>}
        <TextInput label="Your email" type="email" autoComplete="email" required maxLength={254} {...form.getInputProps('email')} />
        <TextInput label="Your name" autoComplete="name" required maxLength={200} {...form.getInputProps('name')} />
        <Textarea
          label="Message to the administrators" description={`Optional · ${form.values.message.length}/${MESSAGE_MAX}`}
          autosize minRows={2} maxRows={6} maxLength={MESSAGE_MAX} {...form.getInputProps('message')}
        />
        <Button type="submit" loading={form.submitting} fullWidth>Request an invitation</Button>
      </Stack>
    </form>
  );
}
