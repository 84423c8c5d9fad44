import { Alert, Anchor, Button } from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import { AuthCard } from '../ui/AuthCard';

/** Where the email verification link ends (the identity library redirects here, with ?error= when it failed). */
export function EmailVerifiedPage() {
  const [params] = useSearchParams();
  if (params.get('error')) {
    return (
      <AuthCard title="This link does not work" footer={<Anchor component={Link} to="/sign-in">Back to sign in</Anchor>}>
        <Alert color="orange" role="alert">The confirmation link has expired or was already used. Sign in and we will tell you what to do next, or sign up again to get a new link.</Alert>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Email address confirmed">
      <Alert color="green" role="status">Thank you: your address is confirmed and you are signed in.</Alert>
      <Button component={Link} to="/">Continue to Guestlist</Button>
    </AuthCard>
  );
}
