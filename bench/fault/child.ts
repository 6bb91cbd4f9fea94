/** Runs one scenario in this process (spawned by run.ts, so a crash stays contained). */
import type { FaultSize } from './scenario.js';
import { loadScenario } from './scenarios.js';

const [name, size] = process.argv.slice(2);
const scenario = await loadScenario(name ?? '');
const outcome = await scenario.run(size === 'full' ? 'full' : ('smoke' satisfies FaultSize));
console.log(`FAULT-RESULT ${outcome.ok ? 'ok' : 'failed'} ${outcome.summary}`);
process.exit(0);
