// Polls the viewer's state and draws each camera's latest detected frame with its boxes, track ids and trails,
// and lists its active objects.
'use strict';

const POLL_MILLIS = 500;
const BOX_COLOUR = '#ff00ff';   // magenta: a colour the scenes never contain, so boxes stand out
const TRAIL_COLOUR = '#00e5ff'; // cyan: tells a path from a box edge
const tiles = new Map();        // camera id -> {figure, canvas, caption, objects, sequence}

function tile(camera) {
  let t = tiles.get(camera.id);
  if (!t) {
    const figure = document.createElement('figure');
    figure.dataset.camera = camera.id;
    const canvas = document.createElement('canvas');
    const caption = document.createElement('figcaption');
    const objects = document.createElement('ul');
    objects.className = 'objects';
    figure.append(canvas, caption, objects);
    document.getElementById('cameras').append(figure);
    document.getElementById('waiting')?.remove();
    t = {figure, canvas, caption, objects, sequence: null};
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
  drawTrails(g, camera, line);
  g.lineWidth = line;
  for (const d of camera.detections) {
    const [x1, y1, x2, y2] = d.box;
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
  t.caption.innerHTML = '';
  const name = document.createElement('strong');
  name.textContent = camera.id;
  const detail = document.createElement('span');
  detail.textContent = `frame ${camera.frameSequence} · ${camera.detections.length} objects · `
      + `${camera.latencyMillis} ms · ${camera.events} events`;
  t.caption.append(name, detail);
  list(t, camera.objects);
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
