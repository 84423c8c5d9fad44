import { betterAuth } from 'better-auth';
import type { Logger } from 'pino';
import { identityLogger } from '../../logging.ts';
import type { Db } from '../../storage/db.ts';
import { endPasswordResetLinks, recordSignIn } from '../../storage/accounts.ts';
import { enqueueAccountEmail } from '../../storage/outbox.ts';
import { hashPassword, PASSWORD_MAX, PASSWORD_MIN, verifyPassword } from '../../domain/password.ts';

/** Set by our own edge from the socket (or a trusted proxy), never taken from the client. */
export const CLIENT_IP_HEADER = 'x-guestlist-client-ip';

export interface AuthOptions {
  db: Db;
  secret: string;
  publicUrl: string;
  rateLimit: boolean;
  /** The identity library's own lines go through this logger as escaped fields. */
  logger: Logger;
  /** Off: nobody creates an account by signing up (ALLOW_SIGN_UP=false); invitation links still do. */
  allowSignUp: boolean;
}

/**
 * Identity only: accounts, passwords, sessions, sign-out and password reset. Organizations,
 * members and invitations are ours. The reset email is queued in the outbox, never sent inline.
 */
export function createAuth(options: AuthOptions) {
  const { db } = options;
  return betterAuth({
    appName: 'Guestlist',
    baseURL: options.publicUrl,
    basePath: '/api/auth',
    secret: options.secret,
    trustedOrigins: [options.publicUrl],
    database: { db, type: 'postgres' },
    user: { modelName: 'auth_user' },
    session: { modelName: 'auth_session' },
    account: { modelName: 'auth_account' },
    verification: { modelName: 'auth_verification' },
    rateLimit: { enabled: options.rateLimit, window: 60, max: 100 },
    advanced: { ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] } },
    telemetry: { enabled: false },
    logger: identityLogger(options.logger),
    emailAndPassword: {
      enabled: true,
      disableSignUp: !options.allowSignUp,
      minPasswordLength: PASSWORD_MIN,
      maxPasswordLength: PASSWORD_MAX,
      password: { hash: hashPassword, verify: verifyPassword },
      revokeSessionsOnPasswordReset: true,
      // A reset ends the account's other reset links too, not only the one used.
      onPasswordReset: async ({ user }) => {
        await endPasswordResetLinks(db, user.id);
      },
      // The link opens the console's page for choosing the password, which posts the token back.
      sendResetPassword: async ({ user, token }) => {
        const resetUrl = new URL(`/reset-password?token=${encodeURIComponent(token)}`, options.publicUrl).href;
        await enqueueAccountEmail(db, 'password_reset', user.email, { name: user.name, resetUrl });
      },
    },
    emailVerification: {
      sendOnSignUp: true,
      autoSignInAfterVerification: true,
      // Whatever the caller asked, the link ends on the console's page that says how it went.
      sendVerificationEmail: async ({ user, token }) => {
        const verifyUrl = new URL(`/api/auth/verify-email?token=${encodeURIComponent(token)}&callbackURL=${encodeURIComponent('/email-verified')}`, options.publicUrl).href;
        await enqueueAccountEmail(db, 'email_verification', user.email, { name: user.name, verifyUrl });
      },
    },
    databaseHooks: {
      session: {
        create: {
          after: async (session) => {
            await recordSignIn(db, session.userId);
          },
        },
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;
