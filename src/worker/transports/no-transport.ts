import { DeliveryError } from '../delivery-error.ts';
import type { EmailTransport } from './email.ts';

export const NO_TRANSPORT_ERROR = 'No email transport is configured: set SMTP_URL to send email (or DEV_MAILBOX=true to keep it in the development mailbox).';

/**
 * With neither SMTP_URL nor the development mailbox, email cannot go anywhere: each message fails
 * at once, permanently, with a last error saying what to set, instead of vanishing.
 */
export function noTransport(): EmailTransport {
  return {
    name: 'none',
    async send() {
      throw new DeliveryError(NO_TRANSPORT_ERROR, false);
    },
    async close() {},
  };
}
