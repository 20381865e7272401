// Polls the viewer's state and draws each camera's latest detected frame with its boxes.
'use strict';

const POLL_MILLIS = 500;
const BOX_COLOUR = '#ff00ff';   // magenta: a colour the scenes never contain, so boxes stand out
const tiles = new Map();        // camera id -> {figure, canvas, caption, sequence}

function tile(camera) {
  let t = tiles.get(camera.id);
  if (!t) {
    const figure = document.createElement('figure');
    figure.dataset.camera = camera.id;
    const canvas = document.createElement('canvas');
    const caption = document.createElement('figcaption');
    figure.append(canvas, caption);
    document.getElementById('cameras').append(figure);
    document.getElementById('waiting')?.remove();
    t = {figure, canvas, caption, sequence: null};
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
  g.lineWidth = line;
  g.font = `${Math.max(12, Math.round(camera.width / 28))}px system-ui, sans-serif`;
  g.textBaseline = 'top';
  for (const d of camera.detections) {
    const [x1, y1, x2, y2] = d.box;
    g.strokeStyle = BOX_COLOUR;
    g.strokeRect(x1, y1, x2 - x1, y2 - y1);
    const text = `${d.label} ${d.score.toFixed(2)}`;
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
  t.caption.innerHTML = '';
  const name = document.createElement('strong');
  name.textContent = camera.id;
  const detail = document.createElement('span');
  detail.textContent = `frame ${camera.frameSequence} · ${camera.detections.length} objects · `
      + `${camera.latencyMillis} ms · ${camera.events} events`;
  t.caption.append(name, detail);
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
  document.getElementById('totals').textContent = `${state.framesSeen} · ${state.events} · ${state.rejected}`;
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
