import pg from 'pg';

/**
 * Records the text of every statement node-postgres sends, from `start()` until `stop()`: tests
 * count the round trips a request makes on PostgreSQL. `unnamed` keeps the texts sent without a
 * prepared statement's name (parsed, analyzed and planned by PostgreSQL every time).
 */
export function statementRecorder() {
  const texts: string[] = [];
  const unnamed: string[] = [];
  const original = pg.Client.prototype.query;
  return {
    texts,
    unnamed,
    start() {
      pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
        const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text;
        if (text) texts.push(text);
        if (text && !(args[0] as { name?: string } | undefined)?.name) unnamed.push(text);
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      } as typeof original;
    },
    stop() {
      pg.Client.prototype.query = original;
    },
  };
}
