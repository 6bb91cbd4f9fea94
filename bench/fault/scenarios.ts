import type { FaultScenario } from './scenario.js';

/**
 * Every scenario, in the order the harness runs them; each file default-exports a
 * FaultScenario. Add one here and in docs/reliability.md.
 */
const modules: Record<string, () => Promise<{ default: FaultScenario }>> = {
  'hostile-server': () => import('./hostile-server.js'),
  'stranger-flood': () => import('./stranger-flood.js'),
  'mutated-stanzas': () => import('./mutated-stanzas.js'),
  cuts: () => import('./cuts.js'),
  kill9: () => import('./kill9.js'),
  'disk-full': () => import('./disk-full.js'),
};

export const scenarioNames = Object.keys(modules);

export async function loadScenario(name: string): Promise<FaultScenario> {
  const load = modules[name];
  if (!load) throw new Error(`no fault scenario '${name}'`);
  return (await load()).default;
}
