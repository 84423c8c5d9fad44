import { rmSync } from 'node:fs';
const { openDatabase } = await import('./src/storage/db.ts');
for (let i = 0; i < 3; i++) {
rmSync('/tmp/gl-probe', { recursive: true, force: true });
let s = performance.now();
const h = await openDatabase({ dataDir: '/tmp/gl-probe' });
console.log('open', Math.round(performance.now() - s));
await h.close();
}
