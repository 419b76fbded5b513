/**
 * What an example's stored input is, decided from its extension alone: the same answer in the
 * engine (which serves media files) and in the renderer (which picks the preview). The server
 * also checks the file's first bytes against the same format before serving it.
 */
export type MediaKind = 'image' | 'audio' | 'video' | 'text';

export interface MediaFormat {
  kind: Exclude<MediaKind, 'text'>;
  /** The Content-Type sent: a fixed value per format, never taken from the file. */
  contentType: string;
  /** The format's name, as the magic-byte check knows it. */
  format: 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp' | 'wav' | 'mp3' | 'ogg' | 'flac' | 'mp4' | 'webm';
}

/** Lower-case extension (with the dot) -> format. Anything else is not served. */
export const MEDIA_FORMATS: Readonly<Record<string, MediaFormat>> = {
  '.png': { kind: 'image', contentType: 'image/png', format: 'png' },
  '.jpg': { kind: 'image', contentType: 'image/jpeg', format: 'jpeg' },
  '.jpeg': { kind: 'image', contentType: 'image/jpeg', format: 'jpeg' },
  '.gif': { kind: 'image', contentType: 'image/gif', format: 'gif' },
  '.webp': { kind: 'image', contentType: 'image/webp', format: 'webp' },
  '.bmp': { kind: 'image', contentType: 'image/bmp', format: 'bmp' },
  '.wav': { kind: 'audio', contentType: 'audio/wav', format: 'wav' },
  '.mp3': { kind: 'audio', contentType: 'audio/mpeg', format: 'mp3' },
  '.ogg': { kind: 'audio', contentType: 'audio/ogg', format: 'ogg' },
  '.oga': { kind: 'audio', contentType: 'audio/ogg', format: 'ogg' },
  '.opus': { kind: 'audio', contentType: 'audio/ogg', format: 'ogg' },
  '.flac': { kind: 'audio', contentType: 'audio/flac', format: 'flac' },
  '.m4a': { kind: 'audio', contentType: 'audio/mp4', format: 'mp4' },
  '.mp4': { kind: 'video', contentType: 'video/mp4', format: 'mp4' },
  '.webm': { kind: 'video', contentType: 'video/webm', format: 'webm' },
};

/** The lower-case extension of the last path segment ('' when none). */
export function extensionOf(path: string): string {
  const last = path.split(/[/\\]/).pop() ?? '';
  const dot = last.lastIndexOf('.');
  return dot > 0 ? last.slice(dot).toLowerCase() : '';
}

export function mediaFormatOf(path: string): MediaFormat | null {
  const ext = extensionOf(path);
  return Object.hasOwn(MEDIA_FORMATS, ext) ? (MEDIA_FORMATS[ext] as MediaFormat) : null;
}

/** A media file's kind by its extension; any other input (a sentence, a path to a .txt) is text. */
export function mediaKind(input: string | null | undefined): MediaKind {
  if (!input) return 'text';
  return mediaFormatOf(input.trim())?.kind ?? 'text';
}
