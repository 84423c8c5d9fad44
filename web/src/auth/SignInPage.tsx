import { Anchor, Stack } from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import { useInstance } from '../settings/use-settings';
import { AuthCard } from '../ui/AuthCard';
import { safeNext } from './next';
import { SignInForm } from './SignInForm';

/** Email and password sign-in; `?next=` brings the person back where they were going. */
export function SignInPage() {
  const [params] = useSearchParams();
  const instance = useInstance();
  return (
    <AuthCard
      title="Sign in to Guestlist"
      subtitle="Use the email address your invitation was sent to."
      footer={
        <Stack gap={4} align="center">
          {instance.data?.allowSignUp && <span>No account yet? <Anchor component={Link} to="/sign-up">Create one</Anchor></span>}
          <span>Not a member yet? <Anchor component={Link} to="/request">Ask an organization for an invitation</Anchor></span>
        </Stack>
      }
    >
      <SignInForm next={safeNext(params.get('next'))} initialEmail={params.get('email') ?? ''} />
    </AuthCard>
  );
}
