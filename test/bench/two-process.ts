import type { ChildProcess } from 'node:child_process';

/**
 * The benchmarks that measure a gateway against a baseline run both servers in a child process
 * (so the load generator does not share their event loop): the same file is the child when
 * CREDGATE_BENCH_ROLE=server, and the parent otherwise.
 */
export function runBenchRole(serve: () => Promise<void>, main: () => Promise<void>): void {
  const role = process.env.CREDGATE_BENCH_ROLE === 'server' ? serve : main;
  role().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

/** Asks the server child to stop and waits until it has exited. */
export async function stopBenchServer(child: ChildProcess): Promise<void> {
  child.removeAllListeners('exit');
  child.send('stop');
  await new Promise((resolve) => child.once('exit', resolve));
}
