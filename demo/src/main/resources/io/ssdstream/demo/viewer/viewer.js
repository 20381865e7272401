// Polls the viewer's state and draws each camera's latest detected frame with its zones, counting lines, boxes,
// track ids and trails, lists its active objects and shows its counts.
'use strict';

const POLL_MILLIS = 500;
const BOX_COLOUR = '#ff00ff';   // magenta: a colour the scenes never contain, so boxes stand out
const TRAIL_COLOUR = '#00e5ff'; // cyan: tells a path from a box edge
const ZONE_COLOUR = '#ff8c00';  // orange: no scene class is orange
const ZONE_FILL = 'rgba(255, 140, 0, 0.12)';
const INSIDE_FILL = 'rgba(255, 140, 0, 0.35)'; // a box whose reference point is in a zone
const LINE_COLOUR = '#00ff80';  // spring green: brighter and bluer than the scenes' green class
const tiles = new Map();        // camera id -> {figure, canvas, caption, objects, counts, sequence}

function tile(camera) {
  let t = tiles.get(camera.id);
  if (!t) {
    const figure = document.createElement('figure');
    figure.dataset.camera = camera.id;
    const canvas = document.createElement('canvas');
    const caption = document.createElement('figcaption');
    const objects = document.createElement('ul');
    objects.className = 'objects';
    const counts = document.createElement('ul');
    counts.className = 'counts';
    figure.append(canvas, caption, counts, objects);
    document.getElementById('cameras').append(figure);
    document.getElementById('waiting')?.remove();
    t = {figure, canvas, caption, objects, counts, sequence: null};
    tiles.set(camera.id, t);
  }
  return t;
}

function draw(t, camera, image) {
  const canvas = t.canvas;
  canvas.width = camera.width;
  canvas.height = camera.height;
  const g = canvas.getContext('2d');
  g.drawImage(image, 0, 0);
  const line = Math.max(2, Math.round(camera.width / 160));
  g.font = `${Math.max(12, Math.round(camera.width / 28))}px system-ui, sans-serif`;
  g.textBaseline = 'top';
  drawZones(g, camera, line);
  drawLines(g, camera, line);
  drawTrails(g, camera, line);
  g.lineWidth = line;
  for (const d of camera.detections) {
    const [x1, y1, x2, y2] = d.box;
    if (d.zones.length > 0) {
      g.fillStyle = INSIDE_FILL;
      g.fillRect(x1, y1, x2 - x1, y2 - y1);
    }
    g.strokeStyle = BOX_COLOUR;
    g.strokeRect(x1, y1, x2 - x1, y2 - y1);
    const text = `${d.trackId == null ? '' : `#${d.trackId} `}${d.label} ${d.score.toFixed(2)}`;
    const width = g.measureText(text).width + 8;
    const height = parseInt(g.font, 10) + 6;
    // the label sits above the box, or inside it at the top edge, and never leaves the picture
    const top = y1 >= height ? y1 - height : y1;
    const left = Math.max(0, Math.min(x1 - line / 2, camera.width - width));
    g.fillStyle = BOX_COLOUR;
    g.fillRect(left, top, width, height);
    g.fillStyle = '#fff';
    g.fillText(text, left + 4, top + 3);
  }
  t.figure.dataset.sequence = camera.frameSequence;
  t.figure.dataset.boxes = camera.detections.length;
  t.figure.dataset.tracks = camera.detections.filter(d => d.trackId != null).map(d => d.trackId).join(' ');
  t.figure.dataset.inside = camera.detections.filter(d => d.zones.length > 0 && d.trackId != null)
      .map(d => d.trackId).join(' ');
  t.figure.dataset.zones = camera.zones.map(z => z.name).join(' ');
  t.figure.dataset.lines = camera.lines.map(l => l.name).join(' ');
  t.figure.dataset.crossings = camera.lines.map(l => `${l.name}:${l.in}:${l.out}`).join(' ');
  t.caption.innerHTML = '';
  const name = document.createElement('strong');
  name.textContent = camera.id;
  const detail = document.createElement('span');
  detail.textContent = `frame ${camera.frameSequence} · ${camera.detections.length} objects · `
      + `${camera.latencyMillis} ms · ${camera.events} events`;
  t.caption.append(name, detail);
  showCounts(t, camera);
  list(t, camera.objects);
}

// A label in a filled box, kept inside the picture.
function tag(g, camera, text, x, y, colour) {
  const width = g.measureText(text).width + 8;
  const height = parseInt(g.font, 10) + 6;
  const left = Math.max(0, Math.min(x, camera.width - width));
  const top = Math.max(0, Math.min(y, camera.height - height));
  g.fillStyle = colour;
  g.fillRect(left, top, width, height);
  g.fillStyle = '#000';
  g.fillText(text, left + 4, top + 3);
}

// Each zone's outline, lightly filled, named with the objects in it now (entered and not left).
function drawZones(g, camera, line) {
  g.lineWidth = line;
  for (const zone of camera.zones) {
    g.beginPath();
    zone.points.forEach(([x, y], i) => (i === 0 ? g.moveTo(x, y) : g.lineTo(x, y)));
    g.closePath();
    g.fillStyle = ZONE_FILL;
    g.fill();
    g.strokeStyle = ZONE_COLOUR;
    g.stroke();
    // the name sits inside the zone's lowest (then leftmost) corner, away from the labels above the boxes
    const [x, y] = zone.points.reduce((low, p) => (p[1] > low[1] || (p[1] === low[1] && p[0] < low[0]) ? p : low));
    tag(g, camera, `${zone.name} · ${zone.occupancy} inside`, x, y - parseInt(g.font, 10) - 6 - line, ZONE_COLOUR);
  }
}

// Each counting line, with an arrow from its middle towards its "in" side and its crossings so far.
function drawLines(g, camera, line) {
  g.lineWidth = line;
  g.strokeStyle = LINE_COLOUR;
  g.fillStyle = LINE_COLOUR;
  for (const l of camera.lines) {
    const [fx, fy] = l.from;
    const [tx, ty] = l.to;
    g.beginPath();
    g.moveTo(fx, fy);
    g.lineTo(tx, ty);
    g.stroke();
    // on the picture (y down), the right of a line looking from its start to its end is (-dy, dx)
    const length = Math.hypot(tx - fx, ty - fy);
    const sign = l.inSide === 'LEFT' ? -1 : 1;
    const nx = sign * -(ty - fy) / length;
    const ny = sign * (tx - fx) / length;
    const arrow = Math.max(16, camera.width / 14);
    const mx = (fx + tx) / 2;
    const my = (fy + ty) / 2;
    const ax = mx + nx * arrow;
    const ay = my + ny * arrow;
    g.beginPath();
    g.moveTo(mx, my);
    g.lineTo(ax, ay);
    g.stroke();
    const head = arrow / 3;
    g.beginPath();
    g.moveTo(ax + nx * head / 2, ay + ny * head / 2);
    g.lineTo(ax - nx * head / 2 - ny * head / 2, ay - ny * head / 2 + nx * head / 2);
    g.lineTo(ax - nx * head / 2 + ny * head / 2, ay - ny * head / 2 - nx * head / 2);
    g.closePath();
    g.fill();
    tag(g, camera, `${l.name} in ${l.in} · out ${l.out}`, fx, fy, LINE_COLOUR);
    g.fillStyle = LINE_COLOUR;
  }
}

// The camera's crossings per line and direction, the objects in each zone now, and its latest window of counts.
function showCounts(t, camera) {
  const items = [];
  for (const l of camera.lines) {
    items.push(`${l.name}: ${l.in} in · ${l.out} out`);
  }
  for (const z of camera.zones) {
    items.push(`${z.name}: ${z.occupancy} inside`);
  }
  const window = camera.counts;
  if (window) {
    const seconds = (Date.parse(window.windowEnd) - Date.parse(window.windowStart)) / 1000;
    const start = new Date(window.windowStart).toLocaleTimeString();
    const classes = window.classes.map(c => {
      const parts = [`${c.label} ${c.distinctObjects ?? 0} seen`];
      c.lines.forEach(l => parts.push(`${l.line} ${l.in} in ${l.out} out`));
      c.zones.forEach(z => parts.push(`${z.zone} max ${z.max}, mean ${z.mean}`));
      return parts.join(', ');
    });
    items.push(`${seconds} s window from ${start}: ${classes.length ? classes.join('; ') : 'nothing seen'}`);
    t.figure.dataset.window = window.classes.map(c => `${c.label}:${c.distinctObjects ?? 0}`).join(' ');
  }
  t.counts.replaceChildren(...items.map(text => {
    const item = document.createElement('li');
    item.textContent = text;
    return item;
  }));
}

// Each tracked box's recent centres, oldest first, as a line ending in a dot at the box's centre.
function drawTrails(g, camera, line) {
  g.strokeStyle = TRAIL_COLOUR;
  g.fillStyle = TRAIL_COLOUR;
  g.lineWidth = Math.max(1, line / 2);
  for (const d of camera.detections) {
    if (d.trail.length === 0) {
      continue;
    }
    g.beginPath();
    d.trail.forEach(([x, y], i) => (i === 0 ? g.moveTo(x, y) : g.lineTo(x, y)));
    g.stroke();
    const [x, y] = d.trail[d.trail.length - 1];
    g.beginPath();
    g.arc(x, y, line, 0, 2 * Math.PI);
    g.fill();
  }
}

// The camera's active objects (NEW seen, END not yet), with their age in capture time.
function list(t, objects) {
  t.objects.replaceChildren(...objects.map(o => {
    const item = document.createElement('li');
    item.dataset.track = o.trackId;
    item.textContent = `#${o.trackId} ${o.label} · ${o.ageSeconds} s${o.stationary ? ' · stationary' : ''}`;
    return item;
  }));
  t.figure.dataset.objects = objects.map(o => o.trackId).join(' ');
}

function show(camera) {
  const t = tile(camera);
  if (t.sequence === camera.frameSequence) {
    return;
  }
  t.sequence = camera.frameSequence;
  const image = new Image();
  image.onload = () => draw(t, camera, image);
  image.src = `api/frame?camera=${encodeURIComponent(camera.id)}&sequence=${camera.frameSequence}`;
}

function summarise(state) {
  document.getElementById('throughput').textContent = `${state.eventsPerSecond.toFixed(1)} frames/s`;
  document.getElementById('latency').textContent = `${state.latencyP50Millis} / ${state.latencyP95Millis} ms`;
  document.getElementById('totals').textContent = `${state.framesSeen} · ${state.events} · ${state.shed} · ${state.rejected}`;
  document.getElementById('analytics').textContent =
      `${state.crossingsIn} / ${state.crossingsOut} · ${state.zoneEntries}`;
  const links = document.getElementById('links');
  if (!links.childElementCount) {
    for (const [name, href] of Object.entries(state.links)) {
      const a = document.createElement('a');
      a.href = href;
      a.textContent = name;
      links.append(a);
    }
  }
}

async function poll() {
  try {
    const response = await fetch('api/state', {cache: 'no-store'});
    if (response.ok) {
      const state = await response.json();
      summarise(state);
      state.cameras.forEach(show);
    }
  } catch (e) {
    document.getElementById('throughput').textContent = 'viewer unreachable';
  } finally {
    setTimeout(poll, POLL_MILLIS);
  }
}

poll();
