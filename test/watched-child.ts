import { spawn, type ChildProcess } from 'node:child_process';

/**
 * A Node child process whose stdout is read as lines, so that a fault test ties its kill moment to
 * what the child said (its "ready" line, its Nth ack) and not to the clock: a busy machine makes
 * the child slower, never the test wrong. A delay after such a line only adds randomness.
 */
export class WatchedChild {
  readonly process: ChildProcess;
  /** Complete stdout lines so far; a line cut by a kill is not one of them. */
  readonly lines: string[] = [];
  /** Resolves when the process has exited (by itself or killed). */
  readonly exited: Promise<void>;
  private partial = '';
  private stderr = '';
  private gone = false;
  private waiters: { check: () => boolean; resolve: () => void; reject: (e: Error) => void }[] = [];

  /** Runs `node <args>` (this Node, so the TypeScript sources run as they are). */
  constructor(args: string[]) {
    this.process = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.process.stdout?.on('data', (chunk: Buffer) => {
      const parts = (this.partial + chunk.toString()).split('\n');
      this.partial = parts.pop() ?? '';
      this.lines.push(...parts);
      this.settle();
    });
    this.process.stderr?.on('data', (chunk: Buffer) => {
      if (this.stderr.length < 10_000) this.stderr += chunk.toString();
    });
    this.exited = new Promise((resolve) => {
      this.process.on('close', (code, signal) => {
        this.gone = true;
        this.settle(`exited (${signal ?? `code ${code}`})`);
        resolve();
      });
    });
  }

  /** What the child wrote on stderr so far (its first 10,000 characters). */
  get stderrText(): string {
    return this.stderr;
  }

  /** How many complete lines satisfy `match`. */
  count(match: (line: string) => boolean): number {
    return this.lines.filter(match).length;
  }

  /**
   * Resolves once `n` complete stdout lines satisfy `match`; rejects, with the child's stderr, if
   * the child exits before that.
   */
  waitFor(match: (line: string) => boolean, n = 1): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiters.push({ check: () => this.count(match) >= n, resolve, reject });
      this.settle();
    });
  }

  /** SIGKILLs the child after `ms` (0: now) unless it has exited; resolves when it is gone. */
  async killAfter(ms = 0): Promise<void> {
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
    if (!this.gone) this.process.kill('SIGKILL');
    await this.exited;
  }

  private settle(exitReason?: string): void {
    this.waiters = this.waiters.filter((w) => {
      if (w.check()) w.resolve();
      else if (exitReason) {
        const said = this.lines.slice(-5).join(' | ');
        w.reject(
          new Error(`child ${exitReason} before the awaited line; stdout: ${said}; ${this.stderr}`),
        );
      } else return true;
      return false;
    });
  }
}
