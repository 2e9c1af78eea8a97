// The benchmark's probe, run in every document before the page's own scripts
// (Page.addScriptToEvaluateOnNewDocument). `window.__benchGoal` is set just before it:
// { kind: "article" | "list" | null, title: expected title or null, takeover: whether to
//   wait for the app to take over a pre-rendered page, timeoutMs }.
//
// It records, from navigation start (performance.now()):
// - found: when the goal is first in the DOM and visible (not inside [hidden]);
// - ready: after the next frame with it was painted (requestAnimationFrame, then a task),
//   and never before the first contentful paint (a page's first frames are presented
//   later than the main thread finishes them: FCP is when the first one was);
// - fcp: the first contentful paint; tasks: every long task [start, duration];
// - shifts: every layout shift without recent input [start, value];
// - prerendered / takeover: whether #pressroom came pre-rendered (data-prerendered), and
//   when the app removed that attribute;
// - the WebAssembly memories instantiated.
// Then `__bench.settled()` and `__bench.walk()` are what the benchmark calls; a click of
// `walk` is timed to the paint of the frame that shows its page (see `B.follow`).
(() => {
  if (window.top !== window || window.__bench) return;
  const goal = window.__benchGoal || { kind: null, title: null, timeoutMs: 30000 };
  const now = () => performance.now();
  const B = { goal, found: null, ready: null, fcp: null, prerendered: null, takeover: null, tasks: [], shifts: [], memories: [], notes: [] };
  window.__bench = B;

  const observe = (type, each) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(each)).observe({ type, buffered: true });
    } catch (error) {
      B.notes.push(`${type}: ${error}`);
    }
  };
  observe('longtask', (e) => B.tasks.push([e.startTime, e.duration]));
  observe('layout-shift', (e) => { if (!e.hadRecentInput) B.shifts.push([e.startTime, e.value]); });
  /** Cumulative layout shift as Chromium defines it: the largest session window of
   * shifts, each less than 1 s after the previous one and within 5 s of the first. */
  const cls = () => {
    let best = 0; let sum = 0; let first = -Infinity; let last = -Infinity;
    for (const [start, value] of B.shifts) {
      if (start - last >= 1000 || start - first >= 5000) { first = start; sum = 0; }
      sum += value; last = start; best = Math.max(best, sum);
    }
    return best;
  };
  let paintSeen = null;
  const painted = new Promise((resolve) => { paintSeen = resolve; });
  observe('paint', (e) => {
    if (e.name !== 'first-contentful-paint') return;
    B.fcp = e.startTime;
    paintSeen();
  });

  // The wasm memories, however the page instantiates its module.
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    if (typeof original !== 'function') continue;
    WebAssembly[name] = function (...args) {
      return original.apply(this, args).then((result) => {
        const instance = result && (result.instance || result);
        const memory = instance && instance.exports && instance.exports.memory;
        if (memory instanceof WebAssembly.Memory) B.memories.push(memory);
        return result;
      });
    };
  }

  const norm = (text) => (text || '').replace(/\s+/g, ' ').trim();
  const shown = (el) => !!el && el.isConnected && !el.closest('[hidden]');
  const find = (selector) => {
    for (const el of document.querySelectorAll(selector)) if (shown(el)) return el;
    return null;
  };
  const TITLE = '[data-testid="release-title"]';
  const BODY = '[data-testid="release-body"]';
  const ITEM = '[data-testid="release-item"]';
  const LINK = '[data-testid="release-link"]';

  const article = (title) => {
    const t = find(TITLE);
    const b = find(BODY);
    return !!(t && b && b.firstChild && (!title || norm(t.textContent) === title));
  };
  const list = (title) => {
    const item = find(ITEM);
    return !!(item && (!title || norm(item.querySelector(LINK)?.textContent) === title));
  };
  const checks = { article, list };

  /** Resolves once `check()` holds (checked after every DOM change), or fails after `ms`. */
  const until = (check, ms, what) => new Promise((resolve, reject) => {
    if (check()) { resolve(); return; }
    const observer = new MutationObserver(() => {
      if (!check()) return;
      observer.disconnect();
      clearTimeout(timer);
      resolve();
    });
    observer.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
    const timer = setTimeout(() => {
      observer.disconnect();
      const seen = norm(document.body ? document.body.innerText : '').slice(0, 300);
      reject(new Error(`timed out after ${ms} ms waiting for ${what} at ${location.pathname}; the page shows: ${seen}`));
    }, ms);
  });
  /** Resolves at the start of a frame: inside a requestAnimationFrame callback, before
   * the frame's style, layout and paint. */
  const frameStart = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  /** A task posted now; resolves when it runs, with the time then. Posted inside a frame,
   * it runs once that frame has been painted. */
  const nextTask = () => new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve(now());
    channel.port2.postMessage(0);
  });
  /** Resolves after the next frame was painted, with the time then: a task posted at the
   * start of that frame (in the microtasks right after its requestAnimationFrame
   * callback, before its paint). */
  const afterPaint = () => frameStart().then(nextTask);
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  const loaded = (async () => {
    const check = checks[goal.kind];
    if (!check) return;
    await until(() => check(goal.title), goal.timeoutMs, `the ${goal.kind} ${goal.title ? JSON.stringify(goal.title) : ''}`);
    B.found = now();
    B.ready = await afterPaint();
  })();
  const takenOver = (async () => {
    if (!goal.takeover) return;
    await until(() => {
      const host = document.getElementById('pressroom');
      if (!host) return false;
      if (B.prerendered === null) B.prerendered = host.hasAttribute('data-prerendered');
      return !host.hasAttribute('data-prerendered');
    }, goal.timeoutMs, 'the app to take over the pre-rendered page');
    if (B.prerendered) B.takeover = now();
  })();
  loaded.catch(() => {});
  takenOver.catch(() => {});

  /** Bytes transferred (navigation and resources) that had arrived by `time`, of the
   * entries that `which` keeps. */
  const bytesBy = (time, which = () => true) => performance.getEntriesByType('navigation')
    .concat(performance.getEntriesByType('resource'))
    .filter((e) => e.responseEnd <= time && which(e))
    .reduce((sum, e) => sum + (e.transferSize || 0), 0);
  /** Whether an entry is data (the goal's `data` paths: a folder ending with `/`, or a
   * file), not one of the page's own assets. */
  const isData = (entry) => {
    const path = new URL(entry.name, location.href).pathname;
    return (goal.data || []).some((d) => (d.endsWith('/') ? path.includes(d) : path.endsWith(d)));
  };

  /** Waits for the goal (and the takeover of a pre-rendered page), then a quiet 50 ms
   * for late long-task entries, and returns what was measured. */
  B.settled = async () => {
    await Promise.all([loaded, takenOver]);
    const settledAt = now();
    // The paint entry is reported once the frame is presented, which can come later.
    await Promise.race([painted, sleep(goal.timeoutMs)]);
    await sleep(50);
    const tasks = B.tasks.filter(([start]) => start <= settledAt);
    return {
      found: B.found,
      ready: B.ready === null ? null : Math.max(B.ready, B.fcp ?? 0),
      fcp: B.fcp,
      prerendered: B.prerendered,
      takeover: B.takeover,
      settled: settledAt,
      longestTask: tasks.reduce((max, [, duration]) => Math.max(max, duration), 0),
      longTasks: tasks.length,
      layoutShift: cls(),
      bytes: bytesBy(B.takeover ?? settledAt),
      dataBytes: bytesBy(B.takeover ?? settledAt, isData),
      wasmBytes: B.memories.reduce((sum, m) => sum + m.buffer.byteLength, 0),
      notes: B.notes,
    };
  };

  B.wasmBytes = () => B.memories.reduce((sum, m) => sum + m.buffer.byteLength, 0);

  /** Clicks the shown `selector` link and waits until `check` holds for the page it
   * leads to; returns the time from the click to the painted frame that shows it.
   *
   * The click is made at the start of a frame, as a user's input is handled before the
   * frame it lands in. A page that has changed before the frame's own paint (in the
   * click's task and its microtasks) is painted in that frame, measured by a task posted
   * at the click, which runs after the paint; a page that changes later is painted in a
   * later frame (requestAnimationFrame, then a task). So a quick reader is not rounded
   * up to the next frame, and a slow one is not rounded down. */
  B.follow = async (selector, check, ms) => {
    await frameStart();
    const link = find(selector);
    if (!link) throw new Error(`no ${selector} at ${location.pathname}`);
    const path = location.pathname;
    const started = now();
    let framePainted = false;
    const thisFrame = nextTask().then((time) => { framePainted = true; return time; });
    link.click();
    await until(() => location.pathname !== path && check(), ms, `the page behind ${selector}`);
    const painted = framePainted ? await afterPaint() : await thisFrame;
    return painted - started;
  };

  /** `count` clicks on next (or prev) links, each until the new article's title and body
   * are painted; with `bounce`, turns round at the ends. Returns the time of each. */
  B.walk = async (count, direction, bounce, ms) => {
    let rel = direction;
    const times = [];
    for (let i = 0; i < count; i += 1) {
      if (bounce && !find(`a[data-testid="${rel}-link"]`)) rel = rel === 'next' ? 'prev' : 'next';
      const selector = `a[data-testid="${rel}-link"]`;
      const expected = norm(find(selector)?.querySelector('bdi')?.textContent);
      const oldBody = find(BODY);
      const oldText = oldBody ? oldBody.textContent : null;
      const check = () => {
        const body = find(BODY);
        return article(expected) && (body !== oldBody || body.textContent !== oldText);
      };
      times.push(await B.follow(selector, check, ms));
    }
    return times;
  };

  /** Follows a list-page link (Older/Newer) until the list shows `title` first. */
  B.page = (selector, title, ms) => B.follow(selector, () => list(title), ms);

  /** Characters of the shown article body. */
  B.bodyLength = () => (find(BODY)?.textContent.length ?? 0);
  /** The titles of the shown list items. */
  B.listTitles = () => Array.from(document.querySelectorAll(ITEM)).filter(shown)
    .map((item) => norm(item.querySelector(LINK)?.textContent));
})();
