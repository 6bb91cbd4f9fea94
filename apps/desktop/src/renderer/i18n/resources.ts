// English, the language of the keys and the fallback, is bundled with the app: the first paint
// speaks it with nothing to wait for. Every other language is its own chunk (bundles/<lang>.ts),
// loaded when chosen, so the startup does not parse translations it does not show. One file per
// language and feature (`locales/<lang>/<feature>.json`), written by `pnpm i18n:extract` for
// English and by translators for the others (docs/translating.md).
import type { Resource, ResourceLanguage } from 'i18next';
import { byNamespace } from './by-namespace';
import type { LanguageCode } from './languages';

/** The feature namespaces, one per renderer area; `common` holds app/ and ui/. */
export const NAMESPACES = [
  'common',
  'accounts',
  'avatars',
  /** Texts the backend sends as ids (backend-texts.ts). */
  'backend',
  'blocking',
  'calls',
  'chat',
  'commands',
  'conversations',
  'desktop',
  'emoji',
  'files',
  'invites',
  'links',
  'notifications',
  'omemo',
  'people',
  'rooms',
  'roster',
  'search',
  'server-tools',
  'settings',
  'shortcuts',
] as const;
export type Namespace = (typeof NAMESPACES)[number];

export const resources: Resource = {
  en: byNamespace(
    import.meta.glob<Record<string, string>>('./locales/en/*.json', {
      eager: true,
      import: 'default',
    }),
  ),
};

/** The chunk of each language but English (languages.ts lists them all). */
const BUNDLES: Record<Exclude<LanguageCode, 'en'>, () => Promise<{ default: ResourceLanguage }>> = {
  de: () => import('./bundles/de'),
  ar: () => import('./bundles/ar'),
};

/** A language's texts, by namespace: English at once, the others from their chunk. */
export async function languageResources(code: LanguageCode): Promise<ResourceLanguage> {
  if (code === 'en') return resources.en!;
  return (await BUNDLES[code]()).default;
}
