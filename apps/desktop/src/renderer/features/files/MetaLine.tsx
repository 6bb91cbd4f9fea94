import { Fragment } from 'react';

/**
 * "10 MB · PNG image": each part isolated (<bdi>), so a size written left to right ("10 MB")
 * keeps its order inside a right-to-left line (Arabic), and the parts keep theirs.
 */
export function MetaLine({ parts }: { parts: readonly (string | null)[] }) {
  const shown = parts.filter((p): p is string => Boolean(p));
  return shown.map((part, i) => (
    <Fragment key={i}>
      {i > 0 && ' · '}
      <bdi>{part}</bdi>
    </Fragment>
  ));
}
