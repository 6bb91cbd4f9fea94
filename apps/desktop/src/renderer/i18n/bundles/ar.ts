// Arabic: one chunk, loaded when the language is chosen (resources.ts).
import { byNamespace } from '../by-namespace';

export default byNamespace(
  import.meta.glob<Record<string, string>>('../locales/ar/*.json', {
    eager: true,
    import: 'default',
  }),
);
