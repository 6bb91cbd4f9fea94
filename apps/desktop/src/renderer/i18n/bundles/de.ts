// German: one chunk, loaded when the language is chosen (resources.ts).
import { byNamespace } from '../by-namespace';

export default byNamespace(
  import.meta.glob<Record<string, string>>('../locales/de/*.json', {
    eager: true,
    import: 'default',
  }),
);
