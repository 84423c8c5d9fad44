/**
 * The one catalogue of domain error codes. Transports map a code to their own shape
 * (problem+json, GraphQL extensions.code, SCIM error); the domain never knows HTTP.
 */
export const errorCodes = {
  validation_failed: 'The request is not valid.',
  invalid_email: 'The email address is not valid.',
  unauthenticated: 'Sign in or send an API token.',
  forbidden: 'You are not allowed to do this.',
  csrf_failed: 'The CSRF token is missing or wrong.',
  org_not_found: 'No such organization.',
  org_slug_taken: 'An organization with this slug already exists.',
  member_not_found: 'No such member.',
  invitation_not_found: 'No such invitation.',
  invitation_expired: 'This invitation has expired. Ask an administrator for a new one.',
  invitation_revoked: 'This invitation was cancelled. Ask an administrator for a new one.',
  invitation_accepted: 'This invitation was already accepted. Sign in to continue.',
  invitation_declined: 'This invitation was declined. Ask an administrator for a new one.',
  invitation_superseded: 'A newer invitation was sent to this address; use the link in the newest email.',
  invitation_not_resendable: 'Only pending or expired invitations can be resent.',
  invitation_not_revocable: 'Only pending or expired invitations can be cancelled.',
  email_not_verified: 'Verify your email address first, or open the invitation link from your email.',
  invitation_email_mismatch: 'You are signed in with a different email address than the one invited.',
  account_exists: 'An account with this email already exists. Sign in to accept the invitation.',
  already_member: 'The user already exists in the organization.',
  already_invited: 'This member already has a pending invitation.',
  member_exists: 'This person was already added; send them an invitation instead.',
  member_deactivated: 'This member is deactivated; reactivate them first.',
  member_not_pending: 'Only members who have not joined can be sent an invitation.',
  member_never_joined: 'A member who never joined cannot be reactivated; send an invitation instead.',
  notifications_disabled: 'Notifications are disabled for this organization, so nothing was sent.',
  last_admin: 'The last active admin of an organization cannot be removed, demoted or deactivated.',
  role_above_own: 'You cannot grant a role above your own.',
  app_not_found: 'No such app.',
  app_name_taken: 'An app with this name already exists.',
  team_not_found: 'No such team.',
  team_name_taken: 'A team with this name already exists.',
  token_not_found: 'No such API token.',
  account_not_found: 'No account has this email address.',
  notification_not_found: 'No such notification.',
  notification_not_retryable: 'Only failed messages can be retried.',
  slack_webhook_url_refused: 'slackWebhookUrl is not an allowed outbound target.',
  batch_too_large: 'Too many addresses in one request.',
  rate_limited: 'Too many requests; try again later.',
  org_creation_restricted: "Only the instance's administrators can create organizations on this server.",
  request_not_found: 'No such invitation request.',
  request_not_open: 'Only open invitation requests can be approved or dismissed.',
  request_link_invalid: 'This confirmation link is unknown, was already used, or has expired. Ask for an invitation again.',
  daily_invitation_limit: 'This organization has sent as many invitations as it may in 24 hours; try again later.',
} as const;

export type ErrorCode = keyof typeof errorCodes;

/** A failure the caller can act on, identified by a stable code from the catalogue. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message?: string, details?: Record<string, unknown>) {
    super(message ?? errorCodes[code]);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}
