// orchestrator monitor: one page app. Every value from the server reaches the page as text
// (textContent / text nodes), never as HTML; charts draw on a canvas with plain-text tooltips.
// An ES module: the run page's charts come from graph.js, the formatting of values from format.js.
import { bytes, duration, ms } from './format.js';
import { ganttOption, graphOption } from './graph.js';

const main = document.getElementById('main');
let refresh = null;   // re-reads the current page's data (on a database change)
let charts = [];
let timers = [];

function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === null || v === undefined) continue;
    if (k.startsWith('on')) el.addEventListener(k.substring(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined) continue;
    el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function link(href, ...children) { return h('a', { href, 'data-link': '' }, ...children); }
function url(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== null && v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? path + '?' + s : path;
}
async function api(endpoint, params) {
  const res = await fetch(url('/api/' + endpoint, params), { headers: { Accept: 'application/json' } });
  const body = await res.json();
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}
function status(s) { return h('span', { class: 'status ' + (s || 'running'), 'data-status': s || 'running' }, s || 'running'); }
// A step served from the step cache did not run: it says so, with a link to the run its result came from.
/** "12" or "12 (3 cached)": how many steps passed, and how many of them reused a result from the step cache. */
function passedCount(passed, cached) {
  return cached ? `${passed} (${cached} cached)` : String(passed);
}

function cached(s) {
  return s.cachedFrom ? h('span', { class: 'cached', 'data-cached-from': s.cachedFrom }, ' cached from run ',
    link(url('/run', { id: s.cachedFrom }), s.cachedFrom)) : '';
}
function json(v) { return JSON.stringify(v, null, 2); }
function chart(el) {
  if (!window.echarts) return null;
  const c = echarts.init(el, null, { renderer: 'canvas' });
  charts.push(c);
  return c;
}

function go(href, replace) {
  if (replace) history.replaceState(null, '', href); else history.pushState(null, '', href);
  route();
}
document.addEventListener('click', (e) => {
  const a = e.target.closest && e.target.closest('a[data-link]');
  if (a && !e.ctrlKey && !e.metaKey && !e.shiftKey && e.button === 0) { e.preventDefault(); go(a.getAttribute('href')); }
});
window.addEventListener('popstate', () => route());

async function route() {
  charts.forEach(c => c.dispose()); charts = [];
  timers.forEach(t => clearTimeout(t)); timers = [];
  refresh = null;
  const q = new URLSearchParams(location.search);
  const page = { '/': runsPage, '/run': runPage, '/step': stepPage, '/ctx': ctxPage, '/compare': comparePage }[location.pathname];
  main.replaceChildren();
  if (!page) { main.append(h('p', { class: 'error' }, 'No such page.')); return; }
  try { await page(q); } catch (e) { main.append(h('p', { class: 'error' }, String(e.message || e))); }
}

// ---- Runs ----------------------------------------------------------------------------------------
async function runsPage(q) {
  const p = Object.fromEntries(['recipe', 'tag', 'status', 'from', 'to', 'page'].map(k => [k, q.get(k) || '']));
  const trendBox = h('div', { id: 'trend', class: 'chart' });
  const table = h('tbody');
  const pager = h('div', { class: 'pager' });
  const recipeSelect = h('select', { name: 'recipe' }, h('option', { value: '' }, 'any'));
  const form = h('form', { class: 'filters', id: 'filters', onsubmit: (e) => {
      e.preventDefault();
      const f = Object.fromEntries(new FormData(form).entries());
      go(url('/', f));
    } },
    h('label', {}, 'recipe', recipeSelect),
    h('label', {}, 'tag', h('input', { name: 'tag', value: p.tag, size: 10 })),
    h('label', {}, 'status', h('select', { name: 'status' }, ['', 'running', 'passed', 'failed', 'interrupted']
      .map(s => { const o = h('option', { value: s }, s || 'any'); if (s === p.status) o.selected = true; return o; }))),
    h('label', {}, 'from', h('input', { name: 'from', type: 'date', value: p.from })),
    h('label', {}, 'to', h('input', { name: 'to', type: 'date', value: p.to })),
    h('button', { type: 'submit' }, 'Filter'));
  main.append(h('h1', {}, 'Runs'), h('div', { id: 'trend-legend', class: 'meta' }), trendBox, h('h2', {}, 'All runs'), form,
    h('table', { id: 'runs-table' }, h('thead', {}, h('tr', {}, ['run', 'status', 'started', 'started by', 'duration', 'recipes',
      'passed', 'failed', 'skipped', 'running'].map(t => h('th', {}, t)))), table), pager);
  const trendChart = chart(trendBox);
  refresh = async () => {
    const [runs, trends] = await Promise.all([api('runs', p), api('trends', { recipe: p.recipe, n: 30 })]);
    if (recipeSelect.options.length === 1) {
      runs.recipeNames.forEach(r => { const o = h('option', { value: r }, r); if (r === p.recipe) o.selected = true; recipeSelect.append(o); });
    }
    table.replaceChildren(...runs.runs.map(r => h('tr', { 'data-run': r.runId },
      h('td', {}, link(url('/run', { id: r.runId }), r.runId)), h('td', {}, status(r.status)),
      h('td', {}, r.started), h('td', { class: 'origin' }, r.origin || ''), h('td', {}, duration(r.started, r.finished)), h('td', {}, r.recipes.join(', ')),
      h('td', { class: 'passed', 'data-cached': r.cached }, passedCount(r.passed, r.cached)), h('td', {}, r.failed), h('td', {}, r.skipped), h('td', {}, r.running))));
    const page = runs.page, pages = Math.max(1, Math.ceil(runs.total / runs.size));
    pager.replaceChildren(
      page > 0 ? link(url('/', { ...p, page: page - 1 }), '← newer') : '',
      h('span', {}, `page ${page + 1} of ${pages} (${runs.total} runs)`),
      page + 1 < pages ? link(url('/', { ...p, page: page + 1 }), 'older →') : '');
    document.getElementById('trend-legend').textContent = trends.map(t =>
      `${t.recipe}: pass rate ${t.passRate === null ? '–' : Math.round(t.passRate * 100) + '%'}`).join(' · ');
    if (trendChart) {
      trendChart.setOption({
        title: { text: 'Duration of the last runs per recipe (s)', textStyle: { fontSize: 13 } },
        tooltip: { trigger: 'axis', renderMode: 'richText' }, legend: { top: 22 },
        grid: { top: 60, left: 50, right: 20, bottom: 30 },
        xAxis: { type: 'time' }, yAxis: { type: 'value' },
        series: trends.map(t => ({ name: t.recipe, type: 'line', showSymbol: true,
          data: t.points.filter(x => x.wallMs !== null).map(x => [x.started, +(x.wallMs / 1000).toFixed(3)]).reverse() }))
      }, true);
    }
  };
  await refresh();
}

// ---- Run -----------------------------------------------------------------------------------------
async function runPage(q) {
  const id = q.get('id');
  const head = h('div');
  const body = h('div');
  main.append(h('h1', {}, 'Run ', h('span', { id: 'run-id' }, id)), head, body);
  const views = {};
  refresh = async () => {
    const data = await api('run', { id });
    const r = data.run;
    head.replaceChildren(h('p', { class: 'meta' }, 'status ', status(r.status), ` · started ${r.started} · `,
      r.finished ? `duration ${duration(r.started, r.finished)}` : 'running',
      ` · ${r.passed} passed${r.cached ? ` (${r.cached} cached)` : ''}, ${r.failed} failed, ${r.skipped} skipped`,
      ' · ', link(url('/compare', { a: id }), 'compare with another run')));
    for (const rec of data.recipes) {
      let v = views[rec.recipe];
      if (!v) {
        v = views[rec.recipe] = {
          title: h('h2', {}), graph: h('div', { class: 'chart graph', id: 'graph-' + rec.recipe }),
          gantt: h('div', { class: 'chart gantt', id: 'gantt-' + rec.recipe }), table: h('tbody'), meta: h('p', { class: 'meta' })
        };
        body.append(v.title, v.meta, h('h3', {}, 'Step graph'), v.graph, h('h3', {}, 'Timeline'), v.gantt,
          h('table', { class: 'steps', 'data-recipe': rec.recipe }, h('thead', {}, h('tr', {}, ['idx', 'step', 'type', 'status',
            'attempts', 'started', 'duration', 'cpu', 'peak memory', 'failure'].map(t => h('th', {}, t)))), v.table));
        v.graphChart = chart(v.graph);
        v.ganttChart = chart(v.gantt);
        if (v.graphChart) v.graphChart.on('click', p => {
          if (p.dataType === 'node') go(url('/step', { run: id, recipe: rec.recipe, step: p.name }));
        });
      }
      v.title.replaceChildren('Recipe ', rec.recipe, ' ', status(rec.status || 'running'));
      v.meta.replaceChildren(`${rec.description || ''} · tester ${rec.tester || ''} · tags ${(rec.tags || []).join(', ')} · `,
        link(url('/ctx', { run: id, recipe: rec.recipe }), 'ctx of this run'));
      v.table.replaceChildren(...rec.steps.map(s => h('tr', { 'data-step': s.step, 'data-status': s.status, 'data-cached-from': s.cachedFrom },
        h('td', {}, s.idx), h('td', {}, link(url('/step', { run: id, recipe: rec.recipe, step: s.step }), s.step)),
        h('td', {}, s.type), h('td', {}, status(s.status), cached(s)), h('td', {}, s.attempts),
        h('td', {}, s.started || ''), h('td', {}, ms(s.wallMs)), h('td', {}, ms(s.cpuMs)), h('td', {}, bytes(s.peakMemoryBytes)),
        h('td', { class: 'error' }, s.failureMessage || s.skipReason || ''))));
      if (v.graphChart) v.graphChart.setOption(graphOption(rec.recipe, rec.steps, id), true);
      if (v.ganttChart) v.ganttChart.setOption(ganttOption(rec.steps), true);
    }
  };
  await refresh();
}

// ---- Step ----------------------------------------------------------------------------------------
async function stepPage(q) {
  const run = q.get('run'), recipe = q.get('recipe'), step = q.get('step');
  const info = h('div'), log = h('pre', { id: 'log' }), changes = h('tbody'), trend = h('div');
  main.append(h('h1', {}, 'Step ', h('span', { id: 'step-name' }, step)),
    h('p', { class: 'meta' }, 'run ', link(url('/run', { id: run }), run), ' · recipe ', recipe, ' · ',
      link(url('/ctx', { run, recipe }), 'ctx')),
    info, h('h2', {}, 'Log'), log, h('h2', {}, 'Ctx changes'),
    h('table', { id: 'step-changes' }, h('thead', {}, h('tr', {}, ['key', 'op', 'old', 'new', 'when'].map(t => h('th', {}, t)))), changes),
    h('h2', {}, 'Last runs of this step'), trend);
  let offset = 0;
  const tail = async () => {
    const piece = await api('log', { run, recipe, step, offset });
    if (piece.offset < offset) { log.textContent = ''; }
    if (piece.text) log.append(document.createTextNode(piece.text));
    offset = piece.offset;
    if (piece.running || piece.offset < piece.size) timers.push(setTimeout(tail, 500));
  };
  refresh = async () => {
    const data = await api('step', { run, recipe, step });
    const s = data.step;
    info.replaceChildren(h('p', {}, 'status ', status(s.status), cached(s), ` · ${s.type} · attempts ${s.attempts} · started ${s.started || '–'}`,
      ` · duration ${ms(s.wallMs)} · cpu ${ms(s.cpuMs)} · peak memory ${bytes(s.peakMemoryBytes)}`,
      data.slowerThanP95 ? h('span', { class: 'slow' }, ` · slower than the p95 of its last runs (${ms(data.p95Ms)})`) : ''),
      s.failureMessage ? h('pre', { class: 'error', id: 'failure' }, s.failureMessage) : '',
      h('h2', {}, 'Params (secrets masked)'), h('pre', { id: 'params' }, json(s.params)));
    changes.replaceChildren(...data.changes.map(c => h('tr', {}, h('td', {}, c.key), h('td', {}, c.op),
      h('td', {}, JSON.stringify(c.old)), h('td', {}, JSON.stringify(c.value)), h('td', {}, c.when))));
    trend.replaceChildren(h('table', {}, h('thead', {}, h('tr', {}, ['run', 'started', 'status', 'duration'].map(t => h('th', {}, t)))),
      h('tbody', {}, data.trend.map(t => h('tr', {}, h('td', {}, link(url('/step', { run: t.runId, recipe, step }), t.runId)),
        h('td', {}, t.started || ''), h('td', {}, status(t.status)), h('td', {}, ms(t.wallMs)))))));
    if (offset === 0 && !timers.length) await tail();
  };
  await refresh();
}

// ---- Ctx -----------------------------------------------------------------------------------------
async function ctxPage(q) {
  const run = q.get('run'), recipe = q.get('recipe');
  const first = await api('ctx', { run, recipe });
  const slider = h('input', { id: 'ctx-slider', type: 'range', min: 0, max: first.total, value: q.get('at') || first.total });
  const label = h('p', { id: 'ctx-at', class: 'meta' });
  const view = h('pre', { id: 'ctx-json' });
  const history = h('div', { id: 'key-history' });
  const show = async () => {
    const at = slider.value;
    const data = await api('ctx', { run, recipe, at });
    const c = data.change;
    label.textContent = `after ${data.at} of ${data.total} changes` + (c ? ` · last: ${c.key} ${c.op} by ${c.who} (${c.what}) at ${c.when}` : '');
    view.textContent = json(data.ctx);
    history.dataset.at = data.at;
  };
  slider.addEventListener('input', show);
  const keyHistory = async (key) => {
    const rows = await api('history', { recipe, key });
    history.replaceChildren(h('h3', {}, 'History of ', key, ' (all runs)'), h('table', {}, h('thead', {}, h('tr', {},
      ['run', 'when', 'who', 'what', 'old → new'].map(t => h('th', {}, t)))), h('tbody', {}, rows.map(r => h('tr', {},
        h('td', {}, r.runId), h('td', {}, r.when), h('td', {}, r.who), h('td', {}, r.what || ''),
        h('td', {}, `${JSON.stringify(r.old)} → ${r.op === 'delete' ? '(deleted)' : JSON.stringify(r.value)}`))))));
  };
  main.append(h('h1', {}, 'Ctx of ', recipe), h('p', { class: 'meta' }, 'run ', link(url('/run', { id: run }), run), ' · ',
    link(url('/compare', { a: run, recipe }), 'compare with another run')),
    slider, label, view, h('h2', {}, 'Key history'),
    h('p', { id: 'keys' }, first.keys.map(k => [h('button', { type: 'button', 'data-key': k, onclick: () => keyHistory(k) }, k), ' '])),
    history);
  refresh = async () => {
    const data = await api('ctx', { run, recipe });
    const atEnd = +slider.value === +slider.max;
    slider.max = data.total;
    if (atEnd) slider.value = data.total;
    await show();
  };
  await show();
}

// ---- Compare -------------------------------------------------------------------------------------
async function comparePage(q) {
  const a = q.get('a') || '', b = q.get('b') || '', recipe = q.get('recipe') || '';
  const recent = await api('runs', { size: 50 });
  const pick = (name, value) => h('select', { name }, h('option', { value: '' }, '(choose a run)'),
    recent.runs.map(r => { const o = h('option', { value: r.runId }, `${r.runId} (${r.status}, ${r.started}${r.cached ? `, ${r.cached} cached` : ''})`); if (r.runId === value) o.selected = true; return o; }));
  const form = h('form', { class: 'filters', id: 'compare-form', onsubmit: (e) => {
      e.preventDefault(); go(url('/compare', Object.fromEntries(new FormData(form).entries())));
    } }, h('label', {}, 'run A', pick('a', a)), h('label', {}, 'run B', pick('b', b)),
    h('input', { type: 'hidden', name: 'recipe', value: recipe }), h('button', { type: 'submit' }, 'Compare'));
  const out = h('div', { id: 'compare' });
  main.append(h('h1', {}, 'Compare runs'), form, out);
  if (!a || !b) return;
  refresh = async () => {
    const d = await api('diff', { a, b, recipe });
    out.replaceChildren(
      h('p', { class: 'meta' }, 'recipe ', d.recipe || '(none in common)', ' · ',
        d.recipes.filter(r => r !== d.recipe).map(r => [link(url('/compare', { a, b, recipe: r }), r), ' ']),
        d.recipe ? h('span', { id: 'compare-cached' }, ` · cached steps: ${a} ${d.aCached}, ${b} ${d.bCached}`) : ''),
      h('h2', {}, 'Steps'), h('table', { id: 'compare-steps' }, h('thead', {}, h('tr', {}, ['step', a, b, 'duration A', 'duration B']
        .map(t => h('th', {}, t)))), h('tbody', {}, d.steps.map(s => h('tr', { class: s.statusChanged ? 'diff-row' : '' },
          h('td', {}, s.step), h('td', {}, status(s.aStatus), cached({ cachedFrom: s.aCachedFrom })),
          h('td', {}, status(s.bStatus), cached({ cachedFrom: s.bCachedFrom })), h('td', {}, ms(s.aMs)), h('td', {}, ms(s.bMs)))))),
      h('h2', {}, 'Final ctx'), h('table', { id: 'compare-keys' }, h('thead', {}, h('tr', {}, ['key', a, b].map(t => h('th', {}, t)))),
        h('tbody', {}, d.keys.map(k => h('tr', { class: k.same ? '' : 'diff-row', 'data-key': k.key, 'data-same': String(k.same) },
          h('td', {}, k.key), h('td', {}, JSON.stringify(k.a)), h('td', {}, JSON.stringify(k.b)))))));
  };
  await refresh();
}

// ---- Live updates --------------------------------------------------------------------------------
let pending = false;
function connect() {
  const live = document.getElementById('live');
  const events = new EventSource('/api/events');
  events.addEventListener('hello', () => live.classList.add('on'));
  let again = false;
  events.addEventListener('change', async () => {
    if (!refresh) return;
    if (pending) { again = true; return; }
    pending = true;
    try {
      do { again = false; await refresh(); } while (again && refresh);
    } catch (e) { /* the next change retries */ } finally { pending = false; }
  });
  events.onerror = () => live.classList.remove('on');
}
window.addEventListener('resize', () => charts.forEach(c => c.resize()));
connect();
route();
