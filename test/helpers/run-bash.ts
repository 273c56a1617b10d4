import { spawn } from 'node:child_process';

export interface BashRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a script with bash, asynchronously: a stand-in server the script
 * calls answers from the test's own process. `env` is the whole environment.
 */
export function runBash(
  script: string,
  opts: { cwd: string; env: Record<string, string>; args?: string[] },
): Promise<BashRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [script, ...(opts.args ?? [])], { cwd: opts.cwd, env: opts.env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
