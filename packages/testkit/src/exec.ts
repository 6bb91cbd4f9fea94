import { execFile } from 'node:child_process';

export interface ExecResult {
  stdout: string;
  stderr: string;
}

/**
 * Run a command with a hard timeout and no shell (arguments such as passwords
 * are passed verbatim, never interpreted). Rejects with stdout/stderr included
 * so failures in openssl/prosodyctl are diagnosable from the test output.
 */
export function run(cmd: string, args: string[], timeoutMs = 15_000): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    execFile(
      cmd,
      args,
      { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 4 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) {
          const detail = [stdout, stderr]
            .filter((s) => s.trim())
            .join('\n')
            .trim();
          reject(
            new Error(
              `${cmd} ${args[0] ?? ''} failed: ${err.message}${detail ? `\n${detail}` : ''}`,
            ),
          );
        } else {
          resolve({ stdout, stderr });
        }
      },
    );
  });
}
