#!/usr/bin/env node
// Draws Beacon's icons into assets/ (pure Node: vector shapes rasterised with 4×4
// supersampling, PNG/ICO/ICNS encoded by hand with zlib). Run: node scripts/generate-icons.mjs
//
//   assets/icon.png, icon-256.png, icon.ico, icon.icns, icons/<n>x<n>.png   app icon
//   assets/tray/<status>[-unread][@2x].png                                  tray, Windows/Linux (colour)
//   assets/tray/mac/<status>[-unread]Template[@2x].png                      tray, macOS (template)
//   assets/overlay/overlay-<1..9|9plus>[@2x].png                            Windows taskbar overlay
//   assets/overlay/overlay-mention[@2x].png                                 overlay: unread mentions ("@")
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

const ASSETS = join(import.meta.dirname, '..', 'assets');
const SAMPLES = 4;

// ---------------------------------------------------------------------------
// PNG / ICO / ICNS encoding
// ---------------------------------------------------------------------------

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** RGBA (straight alpha, 8 bit) → PNG. */
function encodePng(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** ICO with PNG-compressed images (Windows Vista and later). */
function encodeIco(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  const entries = [];
  let offset = 6 + 16 * images.length;
  for (const { size, png } of images) {
    const entry = Buffer.alloc(16);
    entry[0] = size >= 256 ? 0 : size;
    entry[1] = size >= 256 ? 0 : size;
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    entries.push(entry);
    offset += png.length;
  }
  return Buffer.concat([header, ...entries, ...images.map((image) => image.png)]);
}

/** ICNS with PNG entries. */
function encodeIcns(entries) {
  const parts = entries.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + parts.reduce((sum, part) => sum + part.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

// ---------------------------------------------------------------------------
// Rasteriser: a scene is a function (x, y) in unit coordinates → [r, g, b, a] or null,
// evaluated SAMPLES² times per pixel and averaged (premultiplied).
// ---------------------------------------------------------------------------

function render(size, scene) {
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const color = scene((px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size, size);
          if (!color) continue;
          const alpha = color[3];
          r += color[0] * alpha;
          g += color[1] * alpha;
          b += color[2] * alpha;
          a += alpha;
        }
      }
      const n = SAMPLES * SAMPLES;
      const index = (py * size + px) * 4;
      const alpha = a / n;
      rgba[index] = a > 0 ? Math.round(r / a) : 0;
      rgba[index + 1] = a > 0 ? Math.round(g / a) : 0;
      rgba[index + 2] = a > 0 ? Math.round(b / a) : 0;
      rgba[index + 3] = Math.round(alpha * 255);
    }
  }
  return encodePng(size, size, rgba);
}

const hex = (value, alpha = 1) => [
  Number.parseInt(value.slice(1, 3), 16),
  Number.parseInt(value.slice(3, 5), 16),
  Number.parseInt(value.slice(5, 7), 16),
  alpha,
];
const mix = (c1, c2, t) => c1.map((v, i) => (i === 3 ? v : Math.round(v + (c2[i] - v) * t)));

const inCircle = (x, y, cx, cy, r) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
function distanceToSegment(x, y, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}
/** True when (x, y) is within `width / 2` of the polyline (round caps and joins). */
function onPolyline(x, y, points, width) {
  for (let i = 0; i < points.length - 1; i++) {
    if (distanceToSegment(x, y, points[i], points[i + 1]) <= width / 2) return true;
  }
  return false;
}
function inRoundedSquare(x, y, inset, radius) {
  const min = inset;
  const max = 1 - inset;
  if (x < min || x > max || y < min || y > max) return false;
  const cx = Math.max(min + radius, Math.min(max - radius, x));
  const cy = Math.max(min + radius, Math.min(max - radius, y));
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius * radius;
}

// ---------------------------------------------------------------------------
// Presence glyphs (shared by the colour and template tray icons)
// ---------------------------------------------------------------------------

const STATUS_COLORS = {
  available: '#1f9d55',
  busy: '#d92d20',
  dnd: '#d92d20',
  away: '#e69500',
  offline: '#8a9099',
};
const UNREAD_COLOR = '#2563eb';

/**
 * The status disc and its cut-out mark, in a unit box centred at (cx, cy) with radius r:
 * 'fill' where the disc is, 'cut' where the mark is cut out, null outside. Shapes differ by
 * status so the icon reads without colour (and in the macOS monochrome menu bar).
 */
function statusShape(status, x, y, cx, cy, r, pixelSize) {
  if (!inCircle(x, y, cx, cy, r)) return null;
  const u = (x - cx) / r; // -1..1
  const v = (y - cy) / r;
  const stroke = Math.max(0.28, (1.6 * pixelSize) / r);
  switch (status) {
    case 'available':
      return onPolyline(
        u,
        v,
        [
          [-0.45, 0.02],
          [-0.12, 0.36],
          [0.48, -0.3],
        ],
        stroke,
      )
        ? 'cut'
        : 'fill';
    case 'busy':
      return 'fill';
    case 'dnd':
      return Math.abs(v) <= stroke / 2 && Math.abs(u) <= 0.55 ? 'cut' : 'fill';
    case 'away':
      return onPolyline(
        u,
        v,
        [
          [0.02, -0.55],
          [0.02, 0.05],
          [0.42, 0.3],
        ],
        stroke,
      )
        ? 'cut'
        : 'fill';
    case 'offline': {
      const ring = Math.max(0.3, (2 * pixelSize) / r);
      const inner = u * u + v * v < (1 - ring) ** 2;
      if (inner)
        return onPolyline(
          u,
          v,
          [
            [-0.32, -0.32],
            [0.32, 0.32],
          ],
          stroke * 0.8,
        ) ||
          onPolyline(
            u,
            v,
            [
              [-0.32, 0.32],
              [0.32, -0.32],
            ],
            stroke * 0.8,
          )
          ? 'fill'
          : null;
      return 'fill';
    }
  }
  return null;
}

function trayScene(status, unread, template) {
  const base = template ? hex('#000000') : hex(STATUS_COLORS[status]);
  const unreadColor = template ? hex('#000000') : hex(UNREAD_COLOR);
  return (x, y, size) => {
    const pixel = 1 / size;
    const cx = 0.5;
    const cy = 0.5;
    const r = 0.5 - pixel * 0.6;
    // Unread: a dot at the top right with a transparent gap around it.
    const dot = { cx: 0.8, cy: 0.2, r: 0.2 };
    if (unread) {
      if (inCircle(x, y, dot.cx, dot.cy, dot.r)) return unreadColor;
      if (inCircle(x, y, dot.cx, dot.cy, dot.r + Math.max(0.07, 1.2 * pixel))) return null;
    }
    const shape = statusShape(status, x, y, cx, cy, r, pixel);
    if (shape === 'fill') return base;
    if (shape === 'cut') return template ? null : hex('#ffffff');
    return null;
  };
}

// ---------------------------------------------------------------------------
// Overlay digits (Windows taskbar): stroked polylines on a 4×6 grid
// ---------------------------------------------------------------------------

const DIGITS = {
  1: [
    [
      [1, 1],
      [2.2, 0],
      [2.2, 6],
    ],
  ],
  2: [
    [
      [0, 1.2],
      [1, 0],
      [3, 0],
      [4, 1.2],
      [4, 2.2],
      [0, 6],
      [4, 6],
    ],
  ],
  3: [
    [
      [0.2, 0.4],
      [1, 0],
      [3, 0],
      [4, 1],
      [4, 2],
      [3, 2.9],
      [1.6, 2.9],
    ],
    [
      [3, 2.9],
      [4, 3.9],
      [4, 5],
      [3, 6],
      [1, 6],
      [0.2, 5.6],
    ],
  ],
  4: [
    [
      [3, 6],
      [3, 0],
      [0, 4.2],
      [4.2, 4.2],
    ],
  ],
  5: [
    [
      [4, 0],
      [0.4, 0],
      [0.2, 2.8],
      [3, 2.6],
      [4, 3.6],
      [4, 5],
      [3, 6],
      [1, 6],
      [0, 5.4],
    ],
  ],
  6: [
    [
      [3.6, 0.2],
      [2, 0],
      [0.6, 1],
      [0, 3],
      [0, 5],
      [1, 6],
      [3, 6],
      [4, 5],
      [4, 3.8],
      [3, 2.8],
      [1, 2.8],
      [0, 3.8],
    ],
  ],
  7: [
    [
      [0, 0],
      [4, 0],
      [1.6, 6],
    ],
  ],
  8: [
    [
      [1, 0],
      [3, 0],
      [4, 0.9],
      [4, 2],
      [3, 2.9],
      [1, 2.9],
      [0, 2],
      [0, 0.9],
      [1, 0],
    ],
    [
      [1, 2.9],
      [3, 2.9],
      [4, 3.9],
      [4, 5],
      [3, 6],
      [1, 6],
      [0, 5],
      [0, 3.9],
      [1, 2.9],
    ],
  ],
  9: [
    [
      [4, 2.4],
      [3, 3.2],
      [1, 3.2],
      [0, 2.2],
      [0, 1],
      [1, 0],
      [3, 0],
      [4, 1],
      [4, 3],
      [3.4, 5],
      [2, 6],
      [0.4, 5.8],
    ],
  ],
  '+': [
    [
      [0, 3],
      [4, 3],
    ],
    [
      [2, 1],
      [2, 5],
    ],
  ],
};

function overlayScene(label) {
  const glyphs = [...label];
  return (x, y, size) => {
    const pixel = 1 / size;
    if (!inCircle(x, y, 0.5, 0.5, 0.5 - pixel * 0.3)) return null;
    // Glyph box: 6 units tall centred; width 4 units per glyph plus 1.6 units between.
    const height = glyphs.length > 1 ? 0.46 : 0.56;
    const unit = height / 6;
    const width = glyphs.length * 4 * unit + (glyphs.length - 1) * 1.6 * unit;
    const left = 0.5 - width / 2;
    const top = 0.5 - height / 2;
    const stroke = Math.max(glyphs.length > 1 ? 1.15 : 1.3, (size * 0.085) / 1) / size / unit;
    for (let i = 0; i < glyphs.length; i++) {
      const gx = (x - left - i * 5.6 * unit) / unit;
      const gy = (y - top) / unit;
      for (const line of DIGITS[glyphs[i]]) if (onPolyline(gx, gy, line, stroke)) return hex('#ffffff');
    }
    return hex('#d92d20');
  };
}

/** Points along a circular arc from angle `from` to `to` (radians; 0 = right, y grows downwards). */
function arcPoints(cx, cy, r, from, to, steps = 64) {
  const points = [];
  for (let i = 0; i <= steps; i++) {
    const angle = from + ((to - from) * i) / steps;
    points.push([cx + r * Math.cos(angle), cy + r * Math.sin(angle)]);
  }
  return points;
}

/** The mention overlay: a white "@" on the overlay's red disc. */
function mentionOverlayScene() {
  const inner = arcPoints(0.47, 0.5, 0.115, 0, Math.PI * 2);
  const outer = arcPoints(0.5, 0.5, 0.3, 0, (-7 * Math.PI) / 4);
  const tail = [
    [0.585, 0.39],
    [0.585, 0.57],
    [0.64, 0.62],
    [0.72, 0.6],
    [0.8, 0.5],
  ];
  return (x, y, size) => {
    const pixel = 1 / size;
    if (!inCircle(x, y, 0.5, 0.5, 0.5 - pixel * 0.3)) return null;
    const stroke = Math.max(1.2, size * 0.075) / size;
    if (onPolyline(x, y, inner, stroke) || onPolyline(x, y, outer, stroke) || onPolyline(x, y, tail, stroke))
      return hex('#ffffff');
    return hex('#d92d20');
  };
}

// ---------------------------------------------------------------------------
// App icon: a blue rounded square with a white beacon "((•))"
// ---------------------------------------------------------------------------

function appIconScene() {
  const top = hex('#3b82f6');
  const bottom = hex('#1d4ed8');
  const white = hex('#ffffff');
  return (x, y) => {
    if (!inRoundedSquare(x, y, 0.06, 0.2)) return null;
    const cx = 0.5;
    const cy = 0.5;
    const dx = x - cx;
    const dy = y - cy;
    const distance = Math.hypot(dx, dy);
    if (distance <= 0.085) return white;
    // Waves left and right of the dot, within ±42° of the horizontal.
    const angle = Math.abs(Math.atan2(dy, Math.abs(dx)));
    if (angle <= (42 * Math.PI) / 180) {
      for (const radius of [0.2, 0.315]) {
        if (Math.abs(distance - radius) <= 0.033) return white;
      }
    }
    // Rounded ends of the waves.
    for (const radius of [0.2, 0.315]) {
      for (const sign of [-1, 1]) {
        for (const side of [-1, 1]) {
          const ex = cx + side * radius * Math.cos((42 * Math.PI) / 180);
          const ey = cy + sign * radius * Math.sin((42 * Math.PI) / 180);
          if (inCircle(x, y, ex, ey, 0.033)) return white;
        }
      }
    }
    return mix(top, bottom, (y - 0.06) / 0.88);
  };
}

// ---------------------------------------------------------------------------

function write(relative, data) {
  const path = join(ASSETS, relative);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
  return relative;
}

const written = [];
const STATUSES = ['available', 'busy', 'dnd', 'away', 'offline'];
for (const status of STATUSES) {
  for (const unread of [false, true]) {
    const name = `${status}${unread ? '-unread' : ''}`;
    written.push(write(`tray/${name}.png`, render(16, trayScene(status, unread, false))));
    written.push(write(`tray/${name}@2x.png`, render(32, trayScene(status, unread, false))));
    written.push(write(`tray/mac/${name}Template.png`, render(16, trayScene(status, unread, true))));
    written.push(write(`tray/mac/${name}Template@2x.png`, render(32, trayScene(status, unread, true))));
  }
}

for (const label of ['1', '2', '3', '4', '5', '6', '7', '8', '9', '9+']) {
  const name = `overlay-${label === '9+' ? '9plus' : label}`;
  written.push(write(`overlay/${name}.png`, render(16, overlayScene(label))));
  written.push(write(`overlay/${name}@2x.png`, render(32, overlayScene(label))));
}
written.push(write('overlay/overlay-mention.png', render(16, mentionOverlayScene())));
written.push(write('overlay/overlay-mention@2x.png', render(32, mentionOverlayScene())));

const app = appIconScene();
const appPng = new Map();
for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) appPng.set(size, render(size, app));
written.push(write('icon.png', appPng.get(512)));
written.push(write('icon-256.png', appPng.get(256)));
for (const size of [16, 32, 48, 64, 128, 256, 512]) {
  written.push(write(`icons/${size}x${size}.png`, appPng.get(size)));
}
written.push(
  write(
    'icon.ico',
    encodeIco([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, png: appPng.get(size) }))),
  ),
);
written.push(
  write(
    'icon.icns',
    encodeIcns([
      { type: 'icp4', png: appPng.get(16) },
      { type: 'icp5', png: appPng.get(32) },
      { type: 'ic11', png: appPng.get(32) },
      { type: 'icp6', png: appPng.get(64) },
      { type: 'ic12', png: appPng.get(64) },
      { type: 'ic07', png: appPng.get(128) },
      { type: 'ic08', png: appPng.get(256) },
      { type: 'ic13', png: appPng.get(256) },
      { type: 'ic09', png: appPng.get(512) },
      { type: 'ic14', png: appPng.get(512) },
      { type: 'ic10', png: appPng.get(1024) },
    ]),
  ),
);

console.log(`wrote ${written.length} files to ${ASSETS}`);
