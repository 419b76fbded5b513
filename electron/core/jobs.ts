import { randomUUID } from 'node:crypto';

/** Long-running jobs (imports) that a client can cancel by id. */
export class JobRegistry {
  private readonly running = new Map<string, AbortController>();

  start(jobId: string = randomUUID()): { jobId: string; signal: AbortSignal; done: () => void } {
    const controller = new AbortController();
    this.running.set(jobId, controller);
    return { jobId, signal: controller.signal, done: () => this.running.delete(jobId) };
  }

  cancel(jobId: string): boolean {
    const c = this.running.get(jobId);
    if (!c) return false;
    c.abort();
    return true;
  }

  cancelAll(): void {
    for (const c of this.running.values()) c.abort();
  }
}
