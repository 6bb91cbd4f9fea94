import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

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
