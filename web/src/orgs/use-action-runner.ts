import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { describeError } from '../api/problem';
import { orgKey } from './org-context';

/** Titles of the notifications that report an action's outcome. */
export interface ActionTitles {
  done: string;
  failed: string;
}

/**
 * Runs one row action of an organization's list at a time: `busy` names the row while it runs; the
 * outcome is a notification (the change's message, or the API's error), and the organization's
 * queries are refreshed afterwards either way.
 */
export function useActionRunner(slug: string) {
  const client = useQueryClient();
  const [busy, setBusy] = useState<string>();
  const run = async (key: string, titles: ActionTitles, change: () => Promise<string>) => {
    setBusy(key);
    try {
      notifications.show({ color: 'green', title: titles.done, message: await change() });
    } catch (error) {
      notifications.show({ color: 'red', title: titles.failed, message: describeError(error), autoClose: 10_000 });
    } finally {
      setBusy(undefined);
      await client.invalidateQueries({ queryKey: orgKey(slug) });
    }
  };
  return { busy, run };
}
