import type { ResourceLanguage } from 'i18next';

/** One language's locale files (as import.meta.glob gives them, by path) keyed by namespace. */
export function byNamespace(files: Record<string, Record<string, string>>): ResourceLanguage {
  return Object.fromEntries(
    Object.entries(files).map(([path, texts]) => [path.replace(/^.*\/|\.json$/g, ''), texts]),
  );
}
