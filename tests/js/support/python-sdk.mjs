// The official Python SDK core (PyPI `huaweicloudsdkcore`, pinned below) as a test-only dependency in
// tests/.pydeps (git-ignored; HWCLOUD_PYDEPS overrides the directory), installed there on first use
// with pip, and a runner for tests/reference/python_request_sign.py. The package never depends on any of it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import url from 'node:url';

const ROOT = path.resolve(path.dirname(url.fileURLToPath(import.meta.url)), '../../..');
export const PYDEPS = path.resolve(process.env.HWCLOUD_PYDEPS ?? path.join(ROOT, 'tests/.pydeps'));
/** The version tests/reference/python_sign.py and tests/vectors/algorithms.json were made with. */
export const PINNED = '3.1.219';
const SCRIPT = path.join(ROOT, 'tests/reference/python_request_sign.py');
const PYTHON = process.env.PYTHON ?? 'python3';
const env = () => ({ ...process.env, PYTHONPATH: PYDEPS, PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8' });

const installed = (dir) => existsSync(path.join(dir, `huaweicloudsdkcore-${PINNED}.dist-info`));
let ready = false;

/**
 * Makes sure python3 runs and tests/.pydeps holds huaweicloudsdkcore==PINNED (pip-installing it
 * into a fresh directory that replaces tests/.pydeps when it is missing or another version), then
 * that the SDK imports. Throws an Error saying what failed and how to fix it.
 */
export function ensurePythonSdk() {
  if (ready) return;
  const py = spawnSync(PYTHON, ['--version'], { encoding: 'utf8' });
  if (py.error || py.status !== 0) {
    throw new Error(`the differential tests need ${PYTHON} (Python 3.8 or later) to run the official Python SDK: ${py.error?.message ?? py.stderr}`);
  }
  if (!installed(PYDEPS)) {
    const tmp = mkdtempSync(`${PYDEPS}-install-`); // beside it: renamed into place when complete
    const pip = spawnSync(PYTHON, ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--quiet', '--target', tmp, `huaweicloudsdkcore==${PINNED}`], { encoding: 'utf8', timeout: 300_000 });
    if (pip.error || pip.status !== 0 || !installed(tmp)) {
      rmSync(tmp, { recursive: true, force: true });
      throw new Error(`could not install the official Python SDK (test-only) with: ${PYTHON} -m pip install --target tests/.pydeps huaweicloudsdkcore==${PINNED}\n${pip.error?.message ?? ''}${pip.stderr ?? ''}`);
    }
    if (!installed(PYDEPS)) { // another test process may have finished first
      if (existsSync(PYDEPS)) renameSync(PYDEPS, `${tmp}-old`);
      renameSync(tmp, PYDEPS);
      rmSync(`${tmp}-old`, { recursive: true, force: true });
    } else {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  const probe = spawnSync(PYTHON, ['-c', 'import huaweicloudsdkcore.signer.signer, huaweicloudsdkcore.client'], { encoding: 'utf8', env: env() });
  if (probe.status !== 0) {
    throw new Error(`tests/.pydeps has huaweicloudsdkcore ${PINNED} but it does not import (delete tests/.pydeps to reinstall it):\n${probe.stderr}`);
  }
  ready = true;
}

/** Runs tests/reference/python_request_sign.py on `jobs`; resolves to its results (same order). */
export function runPythonSdk(jobs) {
  ensurePythonSdk();
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [SCRIPT], { env: env(), stdio: ['pipe', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`python_request_sign.py exited with ${code}:\n${Buffer.concat(err).toString('utf8').slice(-4000)}`));
      try {
        resolve(JSON.parse(Buffer.concat(out).toString('utf8')));
      } catch (e) {
        reject(new Error(`python_request_sign.py printed no JSON: ${e.message}`));
      }
    });
    child.stdin.end(JSON.stringify(jobs));
  });
}

