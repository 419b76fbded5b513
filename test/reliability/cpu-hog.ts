// CPU-bound Node processes (busy loops) to run the reliability tests beside: `npm run
// test:reliability:loaded` (test/reliability/run.ts --hog N). Each hog is a child process known by
// its pid; stop() kills exactly those pids, and run.ts calls it on success, failure, Ctrl+C and
// SIGTERM. A hog whose parent is gone (even SIGKILLed) notices within a fraction of a second and
// exits.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const BUSY_LOOP = `
const parent = process.ppid;
for (let i = 1; ; i++) {
  if (i % 50_000_000 === 0) {
    try { process.kill(parent, 0); } catch { process.exit(0); }
  }
}`;

export interface CpuHogs {
  pids: number[];
  /** CPU seconds the hogs have used so far (Linux /proc; null elsewhere). */
  cpuSeconds: () => number | null;
  /** SIGKILLs every hog still running, by pid; safe to call more than once. */
  stop: () => void;
}

export function startCpuHogs(n: number): CpuHogs {
  const children = Array.from({ length: n }, () =>
    spawn(process.execPath, ['-e', BUSY_LOOP], { stdio: 'ignore' }),
  );
  const pids = children.map((c) => c.pid).filter((p): p is number => p !== undefined);
  const alive = new Set(pids);
  for (const c of children) c.on('exit', () => alive.delete(c.pid as number));
  const cpuSeconds = (): number | null => {
    try {
      let ticks = 0;
      for (const pid of alive) {
        // Fields after the command name: state is 3rd, utime 14th, stime 15th (man 5 proc).
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        ticks += Number(fields[11]) + Number(fields[12]);
      }
      return ticks / 100; // USER_HZ is 100 on Linux
    } catch {
      return null;
    }
  };
  const stop = () => {
    for (const pid of alive) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
      alive.delete(pid);
    }
  };
  process.on('exit', stop);
  return { pids, cpuSeconds, stop };
}
