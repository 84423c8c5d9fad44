export const USAGE = `Usage: guestlist <command> [flags]

Commands:
  start       Run the web server (REST API, API reference) and the delivery worker until
              SIGINT/SIGTERM. On an empty database with SEED_DEMO on (the default for the
              embedded database only) it creates the organization "demo" and prints how to
              sign in.
  worker      Run the delivery worker alone: email (SMTP_URL, or the development mailbox when
              DEV_MAILBOX is on) and Slack, retried with backoff, until SIGINT/SIGTERM. Any
              number may run against one PostgreSQL.
  migrate     Apply pending database migrations (start also does this).
  bootstrap   Create an organization, its first admin and an admin API token; prints one line
              of JSON. Run it again for another organization. The admin may create further
              organizations whatever ORG_CREATION says.
                --org-slug SLUG        lower-case letters, digits and dashes (required)
                --org-name NAME        display name (required)
                --admin-email EMAIL    the first admin; an existing account is reused (required)
                --admin-password PW    for a new account; generated and printed when omitted
  set-password
              Give an account a new password (e.g. the demo admin's, if the printed one is
              lost) and sign it out everywhere; prints one line of JSON.
                --email EMAIL          the account (required)
                --password PW          the new password; generated and printed when omitted
  invite      Add the people of a CSV file to an organization and, with --send, invite them.
              Columns: email, name, role, teams (a header line naming them is optional, in any
              order); role overrides --role for its line; teams are team names or ids separated
              by ";" or "|". The file is streamed in chunks through the same rules as the API; a
              bad line is reported with its number and skipped. Running the same file again adds
              nothing twice. Progress goes to stderr, a count per outcome to stdout.
                --org SLUG             the organization, by slug or id (required)
                --file PATH            the CSV file (required)
                --role ROLE            admin, member or guest, for lines without a role (required)
                --send                 also send the invitations (unless the organization's
                                       notifications are off); without it people are only added
                --json                 print the summary as one line of JSON
              Invitations count against INVITATIONS_PER_DAY_PER_ORG (default 10000 a day); for a
              bigger import with --send, raise it (on the running server, for the embedded
              database) or run the file again the next day.
  help        Show this text.

The database is the embedded PGlite in DATA_DIR (default ./data), or PostgreSQL with
DATABASE_URL=postgres://... Only one process may open an embedded database: while the server
runs, bootstrap, set-password and invite are sent to it and migrate has nothing to do.

Example:
  guestlist bootstrap --org-slug acme --org-name "Acme" --admin-email a@acme.test
  guestlist invite --org acme --file people.csv --role member --send
`;

/** `guestlist help`. */
export async function helpCommand(): Promise<number> {
  process.stdout.write(USAGE);
  return 0;
}
