const PATHS = {
  close: 'M6 6l12 12M18 6L6 18',
  menu: 'M4 6h16M4 12h16M4 18h16',
  keyboard: 'M3 6h18v12H3zM7 10h.01M11 10h.01M15 10h.01M8 14h8',
  plus: 'M12 5v14M5 12h14',
  invite: 'M3 6h18v12H3zM3 6l9 7 9-7',
  search: 'M11 4a7 7 0 1 0 0 14 7 7 0 0 0 0-14zM20 20l-4-4',
  more: 'M12 5.5v.01M12 12v.01M12 18.5v.01',
  chevronDown: 'M6 9l6 6 6-6',
  chevronUp: 'M6 15l6-6 6 6',
  chevronRight: 'M9 6l6 6-6 6',
  send: 'M4 12l16-8-6 16-2.5-6.5L4 12z',
  chat: 'M4 5h16v11H9l-5 4V5z',
  contacts:
    'M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7zM2.5 20c.5-4 3.2-6 6.5-6s6 2 6.5 6M16 4.5a3.5 3.5 0 0 1 0 6.5M18 14c2 .6 3.3 2.5 3.5 6',
  userPlus:
    'M10 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7zM3.5 20c.5-4 3.2-6 6.5-6 1.6 0 3 .4 4.1 1.3M18 14v6M15 17h6',
  settings:
    'M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM19 12l2-1.5-2-3.5-2.4.7a7 7 0 0 0-1.7-1L14.5 4h-5l-.4 2.7a7 7 0 0 0-1.7 1L5 7 3 10.5 5 12l-2 1.5L5 17l2.4-.7a7 7 0 0 0 1.7 1l.4 2.7h5l.4-2.7a7 7 0 0 0 1.7-1L19 17l2-3.5L19 12z',
  lock: 'M6 11h12v9H6zM8.5 11V8a3.5 3.5 0 0 1 7 0v3',
  unlock: 'M6 11h12v9H6zM8.5 11V8a3.5 3.5 0 0 1 6.8-1.2',
  warning: 'M12 4l9 16H3L12 4zM12 10v4M12 17v.01',
  power: 'M12 3v8M6.3 6.8a8 8 0 1 0 11.4 0',
  clock: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 7v5l3 2',
  devices: 'M3 5h13v9H3zM1 17h17M18 9h5v11h-5z',
  group:
    'M12 10a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM6.5 20c.4-3.3 2.6-5 5.5-5s5.1 1.7 5.5 5M5 11.5a2.3 2.3 0 1 1 0-4.6M2 18c.2-2 1.3-3.3 3-3.7M19 11.5a2.3 2.3 0 1 0 0-4.6M22 18c-.2-2-1.3-3.3-3-3.7',
  key: 'M15.5 4a4.5 4.5 0 1 1 0 9 4.5 4.5 0 0 1 0-9zM12.3 11.7L4 20M7 17l2.5 2.5M4.5 19.5l2 2',
  bookmark: 'M6.5 4h11v16L12 15.8 6.5 20z',
  edit: 'M4 20h4L19 9l-4-4L4 16v4zM13.5 6.5l4 4',
  leave: 'M10 4H5v16h5M14 8l4 4-4 4M18 12H9',
  attach:
    'M20 11.5l-7.8 7.8a5 5 0 0 1-7.1-7.1l8.1-8.1a3.4 3.4 0 0 1 4.8 4.8l-8 8a1.7 1.7 0 0 1-2.4-2.4l7.3-7.3',
  download: 'M12 4v11M7 10l5 5 5-5M5 20h14',
  upload: 'M12 20V9M7 14l5-5 5 5M5 4h14',
  file: 'M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8l-5-5zM14 3v5h5',
  image: 'M4 5h16v14H4zM4 16l5-5 4 4 2-2 5 5M15.5 9v.01',
  video: 'M3 6.5h12v11H3zM15 10.5l6-3.5v10l-6-3.5',
  retry: 'M4.5 12a7.5 7.5 0 1 0 2.2-5.3M4.5 4v4.5H9',
  open: 'M14 4h6v6M20 4l-9 9M18 14v6H4V6h6',
  transfers: 'M8 20V5M4 9l4-4 4 4M16 4v15M12 15l4 4 4-4',
  bell: 'M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15L6 16zM10 20.5a2 2 0 0 0 4 0',
  'bell-off': 'M6 16V11a6 6 0 0 1 9.5-4.9M18 11v5l1.5 2h-15M10 20.5a2 2 0 0 0 4 0M3 3l18 18',
  phone:
    'M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2z',
  hangup: 'M3 14.5c5-5 13-5 18 0l-2.5 2.5-3.5-1.5v-2.5a11 11 0 0 0-6 0v2.5L5.5 17z',
  mic: 'M9 5a3 3 0 0 1 6 0v6a3 3 0 0 1-6 0zM5.5 11a6.5 6.5 0 0 0 13 0M12 17.5V21',
  'mic-off': 'M9 5a3 3 0 0 1 6 0v6a3 3 0 0 1-6 0zM5.5 11a6.5 6.5 0 0 0 13 0M12 17.5V21M3 3l18 18',
  'video-off': 'M3 6.5h12v11H3zM15 10.5l6-3.5v10l-6-3.5M2 2l20 20',
  screen: 'M3 4h18v12H3zM8 20h8M12 16v4',
} as const;

export type IconName = keyof typeof PATHS;

/** A stroked 24×24 icon; decorative (label the button that holds it). */
/** Icons that point along the line of text: mirrored in right-to-left layouts (see CSS). */
const DIRECTIONAL: ReadonlySet<IconName> = new Set<IconName>(['chevronRight', 'send', 'leave']);

export function Icon({ name, size = 18 }: { name: IconName; size?: number }) {
  return (
    <svg
      className={DIRECTIONAL.has(name) ? 'icon icon-directional' : 'icon'}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={name === 'more' ? 3 : 1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
