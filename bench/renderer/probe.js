// Injected into the page before any of its scripts (Playwright addInitScript): collects long tasks,
// frame timings and the moment a given message becomes visible. Plain JS: it runs in the browser.
(() => {
  if (window.__beaconBench) return;

  const longTasks = [];
  let longTaskSupport = 'ok';
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        longTasks.push({ start: entry.startTime, duration: entry.duration, name: entry.name });
      }
    }).observe({ type: 'longtask', buffered: true });
  } catch (error) {
    longTaskSupport = String(error);
  }

  function onScreen(element, logRect) {
    // Virtuoso keeps its list hidden (visibility) until it has scrolled into place: not yet seen.
    if (!element.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
    const rect = element.getBoundingClientRect();
    return rect.height > 0 && rect.bottom > logRect.top && rect.top < logRect.bottom;
  }

  /** The transcript's text nodes accepted by `match` (a cheap string test), then their on-screen subset. */
  function visibleTextNodes(match) {
    const log = document.querySelector('[role="log"]');
    if (!log) return [];
    const walker = document.createTreeWalker(log, NodeFilter.SHOW_TEXT);
    const candidates = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const value = match(node.nodeValue ?? '');
      if (value !== null && node.parentElement) candidates.push([node.parentElement, value]);
    }
    if (candidates.length === 0) return [];
    const logRect = log.getBoundingClientRect();
    return candidates.filter(([element]) => onScreen(element, logRect)).map(([, value]) => value);
  }

  const seqPattern = /#(\d+)\s*$/;
  function visibleSeqs() {
    return visibleTextNodes((text) => {
      const m = seqPattern.exec(text);
      return m ? Number(m[1]) : null;
    });
  }

  /** Whether message `seq` is on screen; measures only that message's element. */
  function seqVisible(seq) {
    const marker = ` #${seq}`;
    return visibleTextNodes((text) => (text.trimEnd().endsWith(marker) ? seq : null)).length > 0;
  }

  let open = null;
  window.addEventListener(
    'click',
    (event) => {
      if (open && open.clickAt === null) open.clickAt = event.timeStamp;
    },
    true,
  );

  function watchOpen() {
    const state = open;
    if (!state || state.visibleAt !== null) return;
    if (state.clickAt !== null && seqVisible(state.seq)) {
      // Runs after this frame's style, layout and paint: the moment the message is on screen.
      setTimeout(() => {
        state.visibleAt = performance.now();
        for (const notify of state.waiting) notify({ clickAt: state.clickAt, visibleAt: state.visibleAt });
      }, 0);
      return;
    }
    requestAnimationFrame(watchOpen);
  }

  let frames = null;
  function frameLoop(time) {
    if (!frames) return;
    if (frames.last !== null) {
      const gap = time - frames.last;
      frames.count += 1;
      frames.max = Math.max(frames.max, gap);
      if (gap > 50) frames.over50 += 1;
    }
    frames.last = time;
    requestAnimationFrame(frameLoop);
  }

  const api = {
    longTaskSupport: () => longTaskSupport,
    now: () => performance.now(),
    longTasksBetween: (start, end) =>
      longTasks.filter((task) => task.start + task.duration > start && task.start < end),
    /** Arms the open watcher: the next click starts the clock, `seq` on screen stops it. */
    armOpen: (seq) => {
      open = { seq, clickAt: null, visibleAt: null, waiting: [] };
      requestAnimationFrame(watchOpen);
    },
    /** Resolves once the armed open completed (no polling, so waiting costs the page nothing). */
    whenOpened: () =>
      new Promise((resolve, reject) => {
        const state = open;
        if (!state) reject(new Error('armOpen was not called'));
        else if (state.clickAt !== null && state.visibleAt !== null)
          resolve({ clickAt: state.clickAt, visibleAt: state.visibleAt });
        else state.waiting.push(resolve);
      }),
    visibleSeqs,
    startFrames: () => {
      frames = { last: null, count: 0, max: 0, over50: 0 };
      requestAnimationFrame(frameLoop);
    },
    stopFrames: () => {
      const result = frames ? { count: frames.count, maxGapMs: frames.max, over50: frames.over50 } : null;
      frames = null;
      return result;
    },
    /** Resolves once `ms` passed without a long task (or after `timeoutMs`); true when quiet. */
    waitForQuiet: (ms, timeoutMs) =>
      new Promise((resolve) => {
        const started = performance.now();
        const check = () => {
          const now = performance.now();
          const lastEnd = longTasks.reduce((end, task) => Math.max(end, task.start + task.duration), 0);
          if (now - Math.max(lastEnd, started) >= ms) resolve(true);
          else if (now - started >= timeoutMs) resolve(false);
          else setTimeout(check, 50);
        };
        check();
      }),
    usedHeap: () => (performance.memory ? performance.memory.usedJSHeapSize : null),
  };
  Object.defineProperty(window, '__beaconBench', { value: api });
})();
