import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { mediaKind } from '../../../shared/media.ts';
import { useApi } from '../api/context.tsx';
import { mediaUrl } from '../api/media-url.ts';

/** Images at most this many pixels on their longer side are drawn pixelated (MNIST's 28x28). */
const TINY = 64;
/** Tiny images start scaled up to about this size. */
const FIT = 224;
const ZOOMS = [0.25, 0.5, 1, 1.5, 2, 3, 4, 6, 8];
const ONE = ZOOMS.indexOf(1);

function Placeholder({ input, why }: { input: string | null; why: string }) {
  return (
    <div className="media-placeholder" role="img" aria-label={why}>
      <span>{why}</span>
      {input && <span className="mono">{input}</span>}
    </div>
  );
}

function ImagePreview({ id, input }: { id: string; input: string }) {
  const [broken, setBroken] = useState(false);
  const [natural, setNatural] = useState<{ w: number; h: number } | null>(null);
  const [zoomAt, setZoomAt] = useState(ONE);
  const box = useRef<HTMLDivElement>(null);
  const zoom = ZOOMS[zoomAt] ?? 1;
  const step = (d: number) => setZoomAt((z) => Math.min(ZOOMS.length - 1, Math.max(0, z + d)));

  useEffect(() => {
    // A native listener: React's wheel handler is passive and cannot keep the page from scrolling.
    const el = box.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      setZoomAt((z) => Math.min(ZOOMS.length - 1, Math.max(0, z + (e.deltaY < 0 ? 1 : -1))));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [broken]);

  if (broken) return <Placeholder input={input} why="The image could not be loaded" />;
  const longer = natural ? Math.max(natural.w, natural.h) : 0;
  const tiny = natural !== null && longer <= TINY;
  const base = tiny ? Math.max(1, Math.floor(FIT / longer)) : 1;
  const onKey = (e: KeyboardEvent) => {
    if (e.key === '+' || e.key === '=') step(1);
    else if (e.key === '-') step(-1);
    else if (e.key === '0') setZoomAt(ONE);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };
  return (
    <figure className="media-preview image">
      <div
        ref={box}
        className="media-zoom-box"
        tabIndex={0}
        role="group"
        aria-label="Image preview: + and - zoom, 0 resets"
        onKeyDown={onKey}
      >
        <img
          src={mediaUrl(id)}
          alt={input}
          className={tiny ? 'pixelated' : undefined}
          draggable={false}
          onLoad={(e) =>
            setNatural({ w: e.currentTarget.naturalWidth, h: e.currentTarget.naturalHeight })
          }
          onError={() => setBroken(true)}
          style={
            natural
              ? { width: natural.w * base * zoom, height: natural.h * base * zoom }
              : undefined
          }
        />
      </div>
      <figcaption>
        <button type="button" aria-label="Zoom out" title="Zoom out (-)" onClick={() => step(-1)}>
          −
        </button>
        <span className="media-zoom">{Math.round(zoom * 100)}%</span>
        <button type="button" aria-label="Zoom in" title="Zoom in (+)" onClick={() => step(1)}>
          +
        </button>
        <button
          type="button"
          aria-label="Reset zoom"
          title="Reset zoom (0)"
          onClick={() => setZoomAt(ONE)}
        >
          1:1
        </button>
        {natural && (
          <span className="mono">
            {natural.w}×{natural.h}
          </span>
        )}
        <span className="mono media-path">{input}</span>
      </figcaption>
    </figure>
  );
}

function PlayerPreview({ id, input, video }: { id: string; input: string; video: boolean }) {
  const [broken, setBroken] = useState(false);
  if (broken) {
    return (
      <Placeholder input={input} why={`The ${video ? 'video' : 'audio'} could not be loaded`} />
    );
  }
  const common = {
    src: mediaUrl(id),
    controls: true,
    preload: 'metadata' as const,
    onError: () => setBroken(true),
  };
  return (
    <figure className="media-preview player">
      {video ? <video {...common} /> : <audio {...common} />}
      <figcaption className="mono media-path">{input}</figcaption>
    </figure>
  );
}

/**
 * An example's input shown for what it is: an image (zoom with the wheel, the buttons, or + - 0
 * when focused; tiny images pixelated), audio or video with native controls (seekable: the
 * server answers byte ranges), or text, always as text. Missing or broken media gets a
 * placeholder, never a crash. The kind comes from the stored path's extension (shared/media.ts).
 */
/**
 * A media file asked for only once the engine says it can be served: a missing file shows why
 * instead of a request that fails (and a console error on every example).
 */
function CheckedMedia({
  id,
  input,
  kind,
}: {
  id: string;
  input: string;
  kind: 'image' | 'audio' | 'video';
}) {
  const api = useApi();
  const located = useQuery({
    queryKey: ['media.locate', id],
    queryFn: () => api.call('media.locate', { id }),
  });
  if (located.isPending) return <Placeholder input={input} why="Looking for the file…" />;
  const problem = located.isError ? located.error.message : (located.data.problem ?? null);
  if (problem !== null) {
    return <Placeholder input={input} why={`Not shown: ${problem}`} />;
  }
  if (kind === 'image') return <ImagePreview id={id} input={input} />;
  return <PlayerPreview id={id} input={input} video={kind === 'video'} />;
}

export function MediaPreview({ id, input }: { id: string; input: string | null }) {
  if (input === null || input === '') return <Placeholder input={null} why="No input stored" />;
  const kind = mediaKind(input);
  // key: a new example starts with a fresh state (zoom, broken flag).
  if (kind === 'image' || kind === 'audio' || kind === 'video') {
    return <CheckedMedia key={id} id={id} input={input} kind={kind} />;
  }
  if (looksLikePath(input)) return <PathText id={id} input={input} />;
  return (
    <pre className="media-preview text" title="The example's input as stored">
      {input}
    </pre>
  );
}

/** One line, no spaces, a folder separator and an extension: a file path, not a sentence. */
function looksLikePath(input: string): boolean {
  return /^[^\s]{1,4096}$/.test(input) && /[/\\]/.test(input) && /\.[A-Za-z0-9]{1,8}$/.test(input);
}

/** A text input that is a path: shown as stored, with a hint when no such file is found. */
function PathText({ id, input }: { id: string; input: string }) {
  const api = useApi();
  const where = useQuery({
    queryKey: ['media.locate', id],
    queryFn: () => api.call('media.locate', { id }),
  });
  const missing = where.data?.exists === false;
  return (
    <div className="media-preview text">
      <pre title="The example's input as stored">{input}</pre>
      {missing && (
        <p className="hint" role="note">
          File not found under {where.data?.root ?? 'the dataset folder'}
        </p>
      )}
    </div>
  );
}
