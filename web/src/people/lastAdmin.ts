/** Why the last admin's role, deactivation and removal are disabled (the server would answer last_admin). */
export const LAST_ADMIN_REASON = 'The organization needs at least one admin. Make someone else an admin first.';
