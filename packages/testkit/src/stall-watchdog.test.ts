import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./test-support/stalling-process.ts', import.meta.url));

describe('the stall watchdog', () => {
  it('prints where a stalled process was and kills it', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, '1000'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exit = await new Promise<NodeJS.Signals | number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`still running after 20 s: ${stderr}`));
      }, 20_000);
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        resolve(signal ?? code);
      });
    });
    expect(exit).toBe('SIGKILL');
    expect(stderr).toMatch(/has not run a timer for \d+ s/);
    expect(stderr).toMatch(/at spinForever \(.*stalling-process\.ts/);
    expect(stderr).toContain('killing the stalled process');
  }, 30_000);
});
