import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { Page } from '@playwright/test';

/**
 * CPU profile of one phase of a bench, written to $BENCH_CPU_PROFILE when set (open it in
 * Chrome DevTools); a no-op otherwise.
 */
export async function profilePhase<T>(name: string, phase: () => Promise<T>): Promise<T> {
  const file = process.env['BENCH_CPU_PROFILE'];
  if (!file) return phase();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await phase();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(`${file}.${name}.cpuprofile`, JSON.stringify(profile));
    session.disconnect();
  }
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The functions with the most self time in a CPU profile, in ms, most first. */
export function topSelfTime(profile: CpuProfile, count = 15): Array<{ fn: string; ms: number }> {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = byNode.get(id)?.callFrame;
    if (!frame) return;
    const file = frame.url.split('/').pop() ?? '';
    const fn = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
    totals.set(fn, (totals.get(fn) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...totals]
    .map(([fn, ms]) => ({ fn, ms }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, count);
}

/**
 * CPU profile of a page (the renderer) during one phase, through the DevTools protocol, written
 * to $BENCH_PAGE_PROFILE.<name>.cpuprofile with its top self times printed; a no-op otherwise.
 */
export async function pageProfilePhase<T>(
  page: Page,
  name: string,
  phase: () => Promise<T>,
): Promise<T> {
  const file = process.env['BENCH_PAGE_PROFILE'];
  if (!file) return phase();
  const session = await page.context().newCDPSession(page);
  await session.send('Profiler.enable');
  await session.send('Profiler.start');
  try {
    return await phase();
  } finally {
    const { profile } = (await session.send('Profiler.stop')) as { profile: CpuProfile };
    writeFileSync(`${file}.${name}.cpuprofile`, JSON.stringify(profile));
    console.log(`renderer profile of ${name}: most self time`);
    for (const { fn, ms } of topSelfTime(profile))
      console.log(`  ${ms.toFixed(0).padStart(6)} ms  ${fn}`);
    await session.detach();
  }
}
