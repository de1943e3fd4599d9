// Runs the package's CLI (pkg/bin/hwcloud-signer.js) in a child process with a clean environment:
// none of the caller's HUAWEICLOUD_* / HC_CONTAINER_* variables (or NO_COLOR), plus `env`.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../../pkg/bin/hwcloud-signer.js', import.meta.url));

export function runCli(args, { env = {}, input = '' } = {}) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('HUAWEICLOUD_') && !k.startsWith('HC_CONTAINER_') && k !== 'NO_COLOR'));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...base, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}
