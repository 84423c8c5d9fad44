/** One rendered email, ready for a transport. */
export interface OutgoingEmail {
  /** Stable per notification, so a retried send is recognisable. */
  messageId: string;
  orgId: string | null;
  notificationId: string;
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
}

export interface EmailTransport {
  readonly name: string;
  /** Sends or throws a DeliveryError saying whether to retry. */
  send(email: OutgoingEmail): Promise<void>;
  close(): Promise<void>;
}
