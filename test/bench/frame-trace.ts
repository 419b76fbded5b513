// Frame times from a Chromium trace: the renderer main thread's work in each frame while an action
// runs. A frame runs from one requestAnimationFrame callback to the next (the page keeps a rAF loop
// going during the action); its time is the sum of the main thread's tasks in it: input and scroll
// handlers, React renders, style, layout, paint. The rAF interval alone says little in headless
// Chromium, whose frames are paced at 60 Hz whatever the work.
import type { CDPSession, Page } from 'playwright-core';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** Thread clock duration: the time the thread ran on a CPU, without time spent preempted. */
  tdur?: number;
  args?: { name?: string };
}

export interface FrameTimes {
  /** Main-thread work per frame, ms, in frame order: the tasks' wall time (includes the time the
   * thread waited for a CPU while another process ran: on a busy machine it overstates the work). */
  work: number[];
  /** The same tasks' thread CPU time per frame, ms: the work itself, whatever the load. */
  cpu: number[];
  /** Intervals between rAF callbacks, ms. */
  intervals: number[];
}

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline'].join(',');

/** Runs `action` while tracing and while the page runs a rAF loop; returns per-frame figures. */
export async function traceFrames(
  page: Page,
  cdp: CDPSession,
  action: () => Promise<void>,
): Promise<FrameTimes> {
  const events: TraceEvent[] = [];
  const collect = (e: { value: object[] }) => {
    events.push(...(e.value as TraceEvent[]));
  };
  cdp.on('Tracing.dataCollected', collect);
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __framesOn: boolean };
    w.__frames = [];
    w.__framesOn = true;
    const tick = (now: number) => {
      w.__frames.push(now);
      if (w.__framesOn) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await action();
  const stamps = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __framesOn: boolean };
    w.__framesOn = false;
    return w.__frames;
  });
  const complete = new Promise((done) => cdp.once('Tracing.tracingComplete', done));
  await cdp.send('Tracing.end');
  await complete;
  cdp.off('Tracing.dataCollected', collect);

  const mainThreads = new Set(
    events
      .filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const onMain = (e: TraceEvent) => mainThreads.has(`${e.pid}:${e.tid}`);
  const tasks = events
    .filter((e) => onMain(e) && e.name === 'RunTask' && e.ph === 'X')
    .sort((a, b) => a.ts - b.ts);
  // A frame starts with the task that runs its rAF callbacks (one task, however many callbacks).
  const starts: number[] = [];
  const callbacks = events
    .filter((e) => onMain(e) && e.name === 'FireAnimationFrame')
    .map((e) => e.ts)
    .sort((a, b) => a - b);
  let k = 0;
  for (const at of callbacks) {
    while (
      k < tasks.length &&
      (tasks[k] as TraceEvent).ts + ((tasks[k] as TraceEvent).dur ?? 0) < at
    )
      k++;
    const task = tasks[k];
    const start = task && task.ts <= at ? task.ts : at;
    if (starts[starts.length - 1] !== start) starts.push(start);
  }
  const work: number[] = [];
  const cpu: number[] = [];
  let t = 0;
  for (let f = 0; f + 1 < starts.length; f++) {
    const [from, to] = [starts[f] as number, starts[f + 1] as number];
    let [wall, thread] = [0, 0];
    while (t < tasks.length && (tasks[t] as TraceEvent).ts < to) {
      const task = tasks[t] as TraceEvent;
      if (task.ts >= from) {
        wall += (task.dur ?? 0) / 1000;
        thread += (task.tdur ?? Number.NaN) / 1000;
      }
      t++;
    }
    work.push(wall);
    cpu.push(thread);
  }
  // The first frame only starts the loop, the last may be cut short.
  const intervals = stamps.slice(1).map((s, i) => s - (stamps[i] as number));
  return {
    work: work.slice(1, -1),
    cpu: cpu.slice(1, -1),
    intervals: intervals.slice(1, -1),
  };
}

export const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

export const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? Number.NaN;
