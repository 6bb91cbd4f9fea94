/*
 * Which received files the system may open directly, by name. Shared so that the renderer can
 * say what a click will do; main decides, and also checks the content (backend file-kinds.ts).
 */

export type FileKind = 'image' | 'video' | 'audio' | 'pdf' | 'text';

/**
 * Extensions a system opens in a viewer or player, never in something that runs code. Anything
 * else (scripts, installers, Office files with macros, disk images, shortcuts, .svg and .html
 * with their script...) is only ever shown in its folder.
 */
const OPENABLE: Readonly<Record<string, FileKind>> = {
  '.png': 'image',
  '.jpg': 'image',
  '.jpeg': 'image',
  '.gif': 'image',
  '.webp': 'image',
  '.bmp': 'image',
  '.tif': 'image',
  '.tiff': 'image',
  '.heic': 'image',
  '.heif': 'image',
  '.avif': 'image',
  '.mp4': 'video',
  '.m4v': 'video',
  '.mov': 'video',
  '.webm': 'video',
  '.mkv': 'video',
  '.avi': 'video',
  '.ogv': 'video',
  '.mp3': 'audio',
  '.m4a': 'audio',
  '.aac': 'audio',
  '.ogg': 'audio',
  '.oga': 'audio',
  '.opus': 'audio',
  '.flac': 'audio',
  '.wav': 'audio',
  '.pdf': 'pdf',
  '.txt': 'text',
  '.md': 'text',
  '.log': 'text',
};

/** The viewer kind a file's extension promises, or null: such a file is shown in its folder. */
export function openableKind(name: string): FileKind | null {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || /[\\/]/.test(name.slice(dot))) return null;
  return OPENABLE[name.slice(dot).toLowerCase()] ?? null;
}
