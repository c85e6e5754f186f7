import { openSqliteStore } from '../src/store/sqlite-store.js';
import { tempDir } from './support.js';
const tmp = tempDir('sw-open-');
const t = performance.now();
const store = openSqliteStore(`${tmp.dir}/x.db`);
console.log('open ms', (performance.now() - t).toFixed(0));
store.close();
tmp.cleanup();
