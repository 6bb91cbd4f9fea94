import { useMemo } from 'react';
import { encode } from 'uqr';

/**
 * A QR code of `text` drawn as one SVG path (no canvas, no network, no injected markup):
 * dark modules on a light square with the standard quiet zone, so phones scan it in dark mode.
 */
export function QrCode({
  text,
  size = 192,
  label,
}: {
  text: string;
  size?: number;
  label: string;
}) {
  const { path, count } = useMemo(() => {
    const qr = encode(text, { ecc: 'M', border: 4 });
    let d = '';
    qr.data.forEach((row, y) =>
      row.forEach((dark, x) => {
        if (dark) d += `M${x} ${y}h1v1h-1z`;
      }),
    );
    return { path: d, count: qr.size };
  }, [text]);
  return (
    <svg
      className="qr-code"
      role="img"
      aria-label={label}
      data-testid="qr-code"
      width={size}
      height={size}
      viewBox={`0 0 ${count} ${count}`}
      shapeRendering="crispEdges"
    >
      <rect width={count} height={count} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
