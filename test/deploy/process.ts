import { spawn } from 'node:child_process';

export interface Run {
  code: number | null;
  output: string;
}

/** Runs a command to its end (stdout and stderr together). */
export function runToEnd(command: string, args: string[], env: Record<string, string | undefined> = {}, cwd?: string): Promise<Run> {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

export interface RunningGateway {
  /** http://host:port once it printed "credgate is running"; undefined if it exited first. */
  url?: string;
  /** Exit code when it exited before serving. */
  code?: number | null;
  output: () => string;
  /** SIGTERM, then the exit code. */
  stop: () => Promise<number | null>;
}

/** Starts a gateway process and resolves once it prints its URL (see src/main.ts) or exits. */
export function startGatewayProcess(command: string, args: string[], env: Record<string, string | undefined>, cwd?: string): Promise<RunningGateway> {
  const child = spawn(command, args, { cwd, env: { ...process.env, CREDGATE_PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited;
  };
  return new Promise((resolve) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /credgate is running: (http:\/\/\S+)\/graphql/.exec(output);
      if (match) resolve({ url: match[1], output: () => output, stop });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => resolve({ code, output: () => output, stop }));
  });
}
