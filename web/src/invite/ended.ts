/** What an ended or unknown invitation link says, and what to do next (R11); the wording of the server page it replaces. */
export const endedLinks: Record<string, { title: string; next: string; signIn?: boolean }> = {
  invitation_not_found: { title: 'This invitation link is not valid', next: 'Check that you opened the whole link from the newest email, or ask an administrator for a new invitation.' },
  invitation_expired: { title: 'This invitation has expired', next: 'Ask an administrator of the organization to send you a new one.' },
  invitation_revoked: { title: 'This invitation was cancelled', next: 'Ask an administrator of the organization if you should still join.' },
  invitation_accepted: { title: 'This invitation was already accepted', next: 'Sign in with the invited address to continue.', signIn: true },
  invitation_declined: { title: 'This invitation was declined', next: 'Ask an administrator of the organization for a new one if you changed your mind.' },
  invitation_superseded: { title: 'A newer invitation was sent', next: 'This link was replaced when the invitation was sent again; use the link in the newest email.' },
};
