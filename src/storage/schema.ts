import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the tables; columns are camelCase here and snake_case in SQL (CamelCasePlugin). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type OrgRole = 'admin' | 'member' | 'guest';
export type MemberStatus = 'pending' | 'active' | 'deactivated';
export type MemberSource = 'console' | 'api' | 'graphql' | 'scim' | 'request' | 'cli';
export type InvitationStatus = 'pending' | 'accepted' | 'declined' | 'revoked' | 'expired';
export type AppRole = 'admin' | 'write' | 'read';
export type TokenScope = 'admin' | 'read' | 'scim';
export type NotificationStatus = 'queued' | 'sent' | 'failed' | 'suppressed';

export interface OrganizationsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  notificationsEnabled: Generated<boolean>;
  invitationRequestsEnabled: Generated<boolean>;
  invitationTtlDays: Generated<number>;
  slackWebhookUrl: string | null;
  createdAt: Generated<Date>;
  /** Domains invitation requests may come from; empty: any. */
  invitationRequestDomains: Generated<string[]>;
  /** When admins were last told about new invitation requests. */
  requestsAnnouncedAt: Date | null;
}

export type InvitationRequestStatus = 'unconfirmed' | 'open' | 'approved' | 'dismissed' | 'expired';

export interface InvitationRequestsTable {
  orgId: string;
  id: Generated<string>;
  email: string;
  emailNormalized: string;
  name: string;
  message: string | null;
  status: Generated<InvitationRequestStatus>;
  confirmTokenHash: Buffer | null;
  confirmExpiresAt: Date | null;
  confirmationSentAt: Date | null;
  requestedAt: Generated<Date>;
  confirmedAt: Date | null;
  announcedAt: Date | null;
  expiresAt: Date;
  decidedAt: Date | null;
  decidedBy: string | null;
  invitationId: string | null;
  createdAt: Generated<Date>;
}

export interface RateLimitHitsTable {
  bucket: string;
  key: string;
  windowStart: Date;
  hits: number;
}

export interface MembersTable {
  orgId: string;
  id: Generated<string>;
  email: string;
  emailNormalized: string;
  name: string | null;
  role: OrgRole;
  status: Generated<MemberStatus>;
  accountId: string | null;
  source: MemberSource;
  invitedBy: string | null;
  createdAt: Generated<Date>;
  joinedAt: NullableTimestamp;
  /** The OpsLevel-style role last written through GraphQL (see migration 016). */
  graphqlRole: GraphqlRole | null;
  /** SCIM: the identity provider's id, and the attributes it sent that have no column (migration 017). */
  scimExternalId: string | null;
  scimAttributes: Record<string, unknown> | null;
  scimModifiedAt: Date | null;
}

export type GraphqlRole = 'admin' | 'standards_admin' | 'team_member' | 'user' | 'basic_user';

export interface InvitationsTable {
  orgId: string;
  id: Generated<string>;
  memberId: string | null;
  email: string;
  emailNormalized: string;
  role: OrgRole;
  status: Generated<InvitationStatus>;
  tokenHash: Uint8Array;
  expiresAt: Timestamp;
  sentCount: Generated<number>;
  lastSentAt: Generated<Date>;
  invitedBy: string | null;
  createdAt: Generated<Date>;
  acceptedAt: NullableTimestamp;
  declinedAt: NullableTimestamp;
  revokedAt: NullableTimestamp;
  reminderSentAt: NullableTimestamp;
}

/** Token hashes a resend replaced: an old link then says a newer invitation was sent. */
export interface InvitationSupersededTokensTable {
  orgId: string;
  tokenHash: Uint8Array;
  invitationId: string;
  supersededAt: Generated<Date>;
}

export interface AppsTable {
  orgId: string;
  id: Generated<string>;
  name: string;
  createdAt: Generated<Date>;
}

export interface AppAccessTable {
  orgId: string;
  memberId: string;
  appId: string;
  appRole: AppRole;
}

export interface TeamsTable {
  orgId: string;
  id: Generated<string>;
  name: string;
  createdAt: Generated<Date>;
  scimExternalId: string | null;
  scimModifiedAt: Date | null;
}

export interface TeamMembersTable {
  orgId: string;
  teamId: string;
  memberId: string;
}

export interface ApiTokensTable {
  orgId: string;
  id: Generated<string>;
  name: string;
  scope: TokenScope;
  tokenHash: Uint8Array;
  createdBy: string | null;
  createdAt: Generated<Date>;
  lastUsedAt: NullableTimestamp;
  revokedAt: NullableTimestamp;
}

export interface NotificationsTable {
  orgId: string;
  id: Generated<string>;
  channel: 'email' | 'slack' | 'webhook';
  kind: string;
  recipient: string;
  payload: ColumnType<Record<string, unknown>, string | undefined, string>;
  status: Generated<NotificationStatus>;
  attempts: Generated<number>;
  lastError: string | null;
  runAfter: Generated<Date>;
  createdAt: Generated<Date>;
  sentAt: NullableTimestamp;
  /** A worker's lease: while in the future, the row is being sent. */
  lockedUntil: NullableTimestamp;
}

/**
 * Messages about an account rather than an organization (verification, password reset): the same
 * outbox shape, email only, and not a tenant table.
 */
export interface AccountNotificationsTable extends Omit<NotificationsTable, 'orgId' | 'channel'> {
  channel: Generated<'email'>;
}

/** Messages the development mailbox delivered (no SMTP server configured). */
export interface DevMailboxTable {
  id: Generated<string>;
  orgId: string | null;
  notificationId: string;
  messageId: string;
  toAddress: string;
  subject: string;
  html: string;
  text: string;
  createdAt: Generated<Date>;
  /** Set once the message's secret links are removed (or it never held one). */
  linksRemoved: Generated<boolean>;
}

export interface AuditEventsTable {
  orgId: string;
  id: Generated<string>;
  actor: string;
  action: string;
  target: string | null;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
  at: Generated<Date>;
}

export interface AuthUserTable {
  id: string;
  name: string;
  email: string;
  emailVerified: boolean;
  image: string | null;
  lastSignInAt: NullableTimestamp;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface AuthAccountTable {
  id: string;
  userId: string;
  accountId: string;
  providerId: string;
  password: string | null;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface InstanceSecretTable {
  id: Generated<boolean>;
  secret: string;
}

/** Accounts that administer the instance itself (may create organizations whatever ORG_CREATION says). */
export interface InstanceAdminsTable {
  accountId: string;
  grantedBy: string;
  createdAt: Generated<Date>;
}

export interface Database {
  organizations: OrganizationsTable;
  members: MembersTable;
  invitations: InvitationsTable;
  invitation_superseded_tokens: InvitationSupersededTokensTable;
  apps: AppsTable;
  app_access: AppAccessTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  api_tokens: ApiTokensTable;
  notifications: NotificationsTable;
  account_notifications: AccountNotificationsTable;
  dev_mailbox: DevMailboxTable;
  audit_events: AuditEventsTable;
  auth_user: AuthUserTable;
  auth_account: AuthAccountTable;
  instance_secret: InstanceSecretTable;
  instance_admins: InstanceAdminsTable;
  invitation_requests: InvitationRequestsTable;
  rate_limit_hits: RateLimitHitsTable;
}
