/**
 * The window's size and place, remembered between starts. The saved JSON is untrusted (hand-edited,
 * from another machine with other screens): it is validated, and the window is moved into a
 * visible display and shrunk to fit.
 */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1280, height: 800 };
const MIN = { width: 640, height: 480 };

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v);
}

/** The saved state, or null when the text is not a valid one. */
export function parseWindowState(text: string | null): WindowState | null {
  if (!text) return null;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const o = v as { bounds?: Partial<Rect>; maximized?: unknown };
  const b = o.bounds;
  if (!b || !isInt(b.x) || !isInt(b.y) || !isInt(b.width) || !isInt(b.height)) return null;
  if (b.width <= 0 || b.height <= 0) return null;
  return {
    bounds: { x: b.x, y: b.y, width: b.width, height: b.height },
    maximized: o.maximized === true,
  };
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * Bounds for the new window: the saved ones on the display they overlap most (the primary, the
 * first work area, when they overlap none), shrunk to that display and moved fully onto it.
 */
export function clampToDisplays(saved: WindowState | null, workAreas: Rect[]): WindowState {
  const primary = workAreas[0] ?? { x: 0, y: 0, ...DEFAULT_SIZE };
  if (!saved) {
    const width = Math.min(DEFAULT_SIZE.width, primary.width);
    const height = Math.min(DEFAULT_SIZE.height, primary.height);
    return {
      bounds: {
        x: primary.x + Math.floor((primary.width - width) / 2),
        y: primary.y + Math.floor((primary.height - height) / 2),
        width,
        height,
      },
      maximized: false,
    };
  }
  let area = primary;
  let best = 0;
  for (const a of workAreas) {
    const o = overlap(saved.bounds, a);
    if (o > best) {
      best = o;
      area = a;
    }
  }
  const width = Math.min(Math.max(saved.bounds.width, MIN.width), area.width);
  const height = Math.min(Math.max(saved.bounds.height, MIN.height), area.height);
  const x = Math.min(Math.max(saved.bounds.x, area.x), area.x + area.width - width);
  const y = Math.min(Math.max(saved.bounds.y, area.y), area.y + area.height - height);
  return { bounds: { x, y, width, height }, maximized: saved.maximized };
}
