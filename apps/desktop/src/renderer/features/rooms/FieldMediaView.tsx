import type { FieldMedia } from '@parley/contract';
import { useT } from '../../i18n';

const MAX_SHOWN_WIDTH = 320;
const MAX_SHOWN_HEIGHT = 160;

/**
 * XEP-0221 media of a form field: the image the server sent in the same stanza (checked in the
 * backend: PNG, JPEG, GIF or WebP, bounded), and web links opened in the system browser, never
 * loaded in the app.
 */
export function FieldMediaView({ media, label }: { media: FieldMedia; label: string }) {
  const { t } = useT('rooms');
  const width = Math.min(media.width ?? MAX_SHOWN_WIDTH, MAX_SHOWN_WIDTH);
  const height = Math.min(media.height ?? MAX_SHOWN_HEIGHT, MAX_SHOWN_HEIGHT);
  return (
    <div className="field-media" data-testid={`field-media-${media.var}`}>
      {media.image && (
        <img
          className="field-media-image"
          src={`data:${media.image.type};base64,${media.image.base64}`}
          alt={t('Image for “{{label}}”', { label })}
          style={{ maxWidth: width, maxHeight: height }}
          data-testid={`field-media-image-${media.var}`}
        />
      )}
      {media.links.map((link) => (
        <a
          key={link}
          href={link}
          target="_blank"
          rel="noopener noreferrer"
          className="field-media-link"
          data-testid={`field-media-link-${media.var}`}
        >
          {media.image
            ? t('Open it in the browser instead')
            : t('Open the challenge in the browser')}
          <span className="visually-hidden"> ({link})</span>
        </a>
      ))}
    </div>
  );
}
