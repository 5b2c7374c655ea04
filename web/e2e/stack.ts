// Global setup: starts tests/src/bin/rolf-stack (Postgres database, API serving dist/, worker, slapd, seeded
// deployments), reads the one JSON line it prints, and hands it to the tests through ROLF_STACK_JSON. The
// teardown closes its standard input, which makes it stop and clean up.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const bin = process.env.ROLF_STACK_BIN ?? fileURLToPath(new URL('../../target/debug/rolf-stack', import.meta.url));
  const webDir = fileURLToPath(new URL('../dist', import.meta.url));
  const child = spawn(bin, [], {
    env: { ...process.env, ROLF_WEB_DIR: webDir },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const line = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', resolve);
    child.once('error', (e) => reject(new Error(`cannot start ${bin} (cargo build --bins): ${e.message}`)));
    child.once('exit', (code) => reject(new Error(`${bin} exited with ${code} before it was ready`)));
  });
  process.env.ROLF_STACK_JSON = line;
  return async () => {
    child.stdin.end();
    await exited;
  };
}
