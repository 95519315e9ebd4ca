// The run page's charts as ECharts options: the step graph (dependency layers, ctx data edges, steps served from
// the step cache marked) and the timeline (one lane per step running at once). Labels and tooltips are plain text.
import { ms } from './format.js';

export const COLORS = { passed: '#2e7d32', failed: '#c62828', broken: '#c62828', interrupted: '#c62828',
  running: '#1565c0', skipped: '#f9a825', aborted: '#f9a825', pending: '#9e9e9e', cached: '#00897b' };

function layers(steps) {
  const depth = {}, byName = Object.fromEntries(steps.map(s => [s.step, s]));
  const d = (n, seen) => {
    if (depth[n] !== undefined) return depth[n];
    if (seen.has(n)) return 0;
    seen.add(n);
    const deps = (byName[n] ? byName[n].dependsOn : []).filter(x => byName[x]);
    return (depth[n] = deps.length ? 1 + Math.max(...deps.map(x => d(x, seen))) : 0);
  };
  steps.forEach(s => d(s.step, new Set()));
  return depth;
}

function lanes(steps) {
  const ends = [];
  const out = {};
  steps.filter(s => s.started).sort((a, b) => a.started.localeCompare(b.started)).forEach(s => {
    const start = Date.parse(s.started);
    let lane = ends.findIndex(e => e <= start);
    if (lane < 0) { lane = ends.length; ends.push(0); }
    ends[lane] = s.finished ? Date.parse(s.finished) : Date.now();
    out[s.step] = lane;
  });
  return out;
}

// The ctx data edges (docs/contracts.md), as DataFlow computes them: for each key a step declares it reads,
// the nearest upstream steps declaring they write it (no other such writer below them); one edge per writer.
function dataEdges(steps) {
  const byName = Object.fromEntries(steps.map(s => [s.step, s]));
  const up = {};
  const upstream = (n, seen) => {
    if (up[n]) return up[n];
    if (seen.has(n)) return new Set();
    seen.add(n);
    const out = new Set();
    ((byName[n] && byName[n].dependsOn) || []).filter(x => byName[x]).forEach(d => {
      out.add(d);
      upstream(d, seen).forEach(x => out.add(x));
    });
    return (up[n] = out);
  };
  const edges = [];
  steps.forEach(reader => {
    const ups = upstream(reader.step, new Set());
    const byWriter = new Map();
    (reader.reads || []).forEach(key => {
      const writers = steps.filter(w => ups.has(w.step) && (w.writes || []).includes(key));
      writers.filter(w => !writers.some(o => upstream(o.step, new Set()).has(w.step))).forEach(w => {
        if (!byWriter.has(w.step)) byWriter.set(w.step, []);
        if (!byWriter.get(w.step).includes(key)) byWriter.get(w.step).push(key);
      });
    });
    byWriter.forEach((keys, writer) => edges.push({ from: writer, to: reader.step, keys }));
  });
  return edges;
}

// What a step's status reads as in a tooltip: a step served from the step cache says which run it came from.
export function statusText(s) {
  return s.cachedFrom ? `${s.status}, cached from run ${s.cachedFrom}` : s.status;
}

function colour(s) {
  return s.cachedFrom ? COLORS.cached : COLORS[s.status] || '#9e9e9e';
}

export function graphOption(recipe, steps, run) {
  const depth = layers(steps);
  const rows = {};
  const nodes = steps.map(s => {
    const x = depth[s.step] || 0;
    rows[x] = (rows[x] || 0) + 1;
    // a cached step did not run: teal with a dashed ring, "(cached)" after its name (the PNG graph's teal box)
    return { name: s.step, x: x * 160, y: rows[x] * 70, symbolSize: 26, value: statusText(s), cachedFrom: s.cachedFrom || null,
      itemStyle: s.cachedFrom ? { color: colour(s), borderColor: '#004d40', borderWidth: 2, borderType: 'dashed' }
        : { color: colour(s) } };
  });
  const links = steps.flatMap(s => s.dependsOn.filter(d => steps.some(x => x.step === d)).map(d => ({ source: d, target: s.step })));
  // data edges: dashed blue, curved so they do not hide a dependency arrow, labelled with the keys
  dataEdges(steps).forEach(e => links.push({ source: e.from, target: e.to, value: e.keys.join(', '), data: true,
    lineStyle: { type: 'dashed', color: '#1e88e5', curveness: 0.25 },
    label: { show: true, formatter: e.keys.join(', '), color: '#1e88e5', fontSize: 10 } }));
  return {
    tooltip: { renderMode: 'richText', formatter: p => p.dataType === 'node' ? `${p.name}: ${p.value}`
      : p.data && p.data.data ? `${p.data.source} → ${p.data.target}: ${p.data.value}` : '' },
    series: [{ type: 'graph', layout: 'none', roam: true, data: nodes, links, edgeSymbol: ['none', 'arrow'],
      label: { show: true, position: 'bottom', formatter: p => p.data.cachedFrom ? `${p.name} (cached)` : p.name },
      lineStyle: { color: '#90a4ae', width: 1.5 } }]
  };
}

export function ganttOption(steps) {
  const lane = lanes(steps);
  const n = Math.max(1, ...Object.values(lane).map(x => x + 1));
  const data = steps.filter(s => s.started).map(s => ({ name: s.step,
    value: [lane[s.step], Date.parse(s.started), s.finished ? Date.parse(s.finished) : Date.now(), statusText(s)],
    itemStyle: { color: colour(s) } }));
  return {
    tooltip: { renderMode: 'richText', formatter: p => `${p.name}: ${p.value[3]}, ${ms(p.value[2] - p.value[1])}` },
    grid: { left: 70, right: 20, top: 20, bottom: 30 },
    xAxis: { type: 'time' },
    yAxis: { type: 'category', data: Array.from({ length: n }, (_, i) => 'lane ' + (i + 1)), inverse: true },
    series: [{ type: 'custom', encode: { x: [1, 2], y: 0 }, data,
      renderItem: (params, api) => {
        const start = api.coord([api.value(1), api.value(0)]);
        const end = api.coord([api.value(2), api.value(0)]);
        const height = api.size([0, 1])[1] * 0.6;
        const rect = echarts.graphic.clipRectByRect({ x: start[0], y: start[1] - height / 2,
          width: Math.max(2, end[0] - start[0]), height }, params.coordSys);
        return rect && { type: 'rect', shape: rect, style: api.style(), textContent: undefined };
      } }]
  };
}

