import { defineEmail } from './compile.ts';
import { greeting } from './format.ts';
import { button, heading, note, paragraph } from './markup.ts';

/** The password reset link (`password_reset`), queued by Better Auth; payload: name, resetUrl. */
export const passwordReset = defineEmail({
  subject: 'Reset your Guestlist password',
  preview: 'Choose a new password for your Guestlist account. The link works for one hour.',
  blocks: [
    heading('Reset your password'),
    paragraph('{{greeting}}'),
    paragraph('Someone asked to reset the password of the Guestlist account for this address. Choose a new one here:'),
    button('Choose a new password', 'resetUrl'),
    paragraph('The link works for **one hour**.'),
    note("If you didn't ask for this, you can ignore this email: your password stays as it is."),
  ],
  footer: 'This email was sent by Guestlist because a password reset was requested for this address.',
  values: (fields) => ({ greeting: greeting(fields.optionalText('name')), resetUrl: fields.url('resetUrl') }),
});

/** The address confirmation link (`email_verification`); payload: name, verifyUrl. */
export const emailVerification = defineEmail({
  subject: 'Confirm your email address for Guestlist',
  preview: 'Confirm that this address belongs to your Guestlist account.',
  blocks: [
    heading('Confirm your email address'),
    paragraph('{{greeting}}'),
    paragraph('Please confirm that this address belongs to your Guestlist account:'),
    button('Confirm email address', 'verifyUrl'),
    note("If you didn't create a Guestlist account, you can ignore this email."),
  ],
  footer: 'This email was sent by Guestlist because this address was used for a Guestlist account.',
  values: (fields) => ({ greeting: greeting(fields.optionalText('name')), verifyUrl: fields.url('verifyUrl') }),
});
