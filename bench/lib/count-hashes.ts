/**
 * Preloaded into the server (`node --import`) by the new-person accept benchmark: counts calls of
 * crypto.scrypt (the product's password hash, in src/domain/password.ts) and writes the running
 * count to BENCH_HASH_COUNT_FILE after each call, so the benchmark can read hashes per accept.
 */
import crypto from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const file = process.env.BENCH_HASH_COUNT_FILE;
let calls = 0;
const original = crypto.scrypt;
const counted = function (this: unknown, ...args: unknown[]) {
  calls++;
  if (file) writeFileSync(file, String(calls));
  return (original as (...a: unknown[]) => unknown).apply(this, args);
};
(crypto as unknown as { scrypt: unknown }).scrypt = counted;
syncBuiltinESMExports();
