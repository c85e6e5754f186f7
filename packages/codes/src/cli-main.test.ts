import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The real process: arguments in, stdout/stderr and the exit code out (run from source with tsx).
const packageDir = fileURLToPath(new URL('..', import.meta.url));

function sipcode(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli-main.ts', ...args], {
    cwd: packageDir,
    encoding: 'utf8',
  });
}

describe('sipcode process', () => {
  it('prints 503 on stdout and exits 0', () => {
    const result = sipcode('503');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^503 Service Unavailable\n/);
    expect(result.stderr).toBe('');
  });

  it('reports a bad code on stderr and exits 1', () => {
    const result = sipcode('800');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/100 to 699/);
  });
});
