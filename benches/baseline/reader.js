// The baseline reader of Pressroom's browser benchmark: a small, hand-written press-release
// viewer in plain JavaScript (see README.md). It reads the same releases.json as the app,
// orders it the same way, shows the same pages under the same URLs and carries the same
// data-testid hooks, so one benchmark drives both.

import { Marked } from './marked.esm.js';

const PAGE_SIZE = 50;
const BASE = new URL('.', import.meta.url).pathname;
const root = document.getElementById('pressroom');
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];
const DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?$/;

const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]);

/** Whether a URL may become a link or an image: relative, http(s) or mailto. */
function safeUrl(href) {
  const scheme = /^\s*([a-z][a-z0-9+.-]*):/i.exec(href);
  return !scheme || /^(https?|mailto)$/i.test(scheme[1]);
}

// Markdown as the app shows it: raw HTML is shown as text, unsafe URLs are not linked.
const markdown = new Marked({
  gfm: true,
  renderer: {
    html({ text }) { return escapeHtml(text); },
    link(token) { return safeUrl(token.href) ? false : this.parser.parseInline(token.tokens); },
    image(token) { return safeUrl(token.href) ? false : escapeHtml(token.text); },
  },
});

/** A slug from a title, the simple way: accents dropped, `&` read `and`, other runs of
 * characters that are not letters or digits made one hyphen. */
export function slugify(title) {
  return title.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC').replace(/ß/g, 'ss')
    .toLowerCase().replace(/&/g, '-and-').replace(/['"\u2018\u2019\u201c\u201d]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+/, '').slice(0, 88).replace(/-+$/, '');
}

/** The instant a `published` value stands for (a date alone is 00:00 UTC), or NaN. */
export function instant(published) {
  const text = typeof published === 'string' ? published.replace(' ', 'T').toUpperCase() : '';
  return DATE.test(text) ? Date.parse(text) : NaN;
}

/** The valid releases of a bundle, newest first: by published, ties by id. */
export function order(bundle) {
  const seen = new Set();
  const entries = [];
  for (const release of Array.isArray(bundle.releases) ? bundle.releases : []) {
    const ok = release && typeof release.id === 'string' && typeof release.title === 'string'
      && typeof release.body === 'string' && !seen.has(release.id);
    const time = ok ? instant(release.published) : NaN;
    if (Number.isNaN(time)) continue;
    seen.add(release.id);
    entries.push({ release, time, slug: typeof release.slug === 'string' ? release.slug : '' });
  }
  entries.sort((a, b) => a.time - b.time
    || (a.release.id < b.release.id ? -1 : a.release.id > b.release.id ? 1 : 0));
  const taken = new Set(entries.map((e) => e.slug).filter(Boolean));
  for (const entry of entries.filter((e) => !e.slug)) {
    const base = slugify(entry.release.title) || `release-${slugify(entry.release.id)}`;
    let slug = base;
    for (let n = 2; taken.has(slug); n += 1) slug = `${base}-${n}`;
    taken.add(slug);
    entry.slug = slug;
  }
  return entries.reverse();
}

const data = { site: { title: 'Press releases' }, entries: [], bySlug: new Map() };

const releaseHref = (slug) => `${BASE}releases/${encodeURIComponent(slug)}/`;
const pageHref = (n) => (n === 1 ? BASE : `${BASE}page/${n}/`);

function humanDate(published) {
  const [year, month, day] = published.slice(0, 10).split('-').map(Number);
  return `${MONTHS[month - 1]} ${day}, ${year}`;
}

function meta(release, dateTestid) {
  const testid = dateTestid ? ` data-testid="${dateTestid}"` : '';
  return `<p class="release-meta"><time datetime="${escapeHtml(release.published)}"${testid}>`
    + `${humanDate(release.published)}</time> · <span class="release-source" data-testid="release-source">`
    + `<bdi>${escapeHtml(release.source?.name ?? '')}</bdi></span></p>`;
}

function tags(release) {
  const list = Array.isArray(release.tags) ? release.tags : [];
  if (!list.length) return '';
  const items = list.map((t) => `<li><bdi>${escapeHtml(t)}</bdi></li>`).join('');
  return `<ul class="tags" data-testid="tags" aria-label="Tags">${items}</ul>`;
}

function header(heading) {
  const tag = heading ? 'h1' : 'p';
  return `<header class="site-header"><${tag} class="site-title"><a href="${BASE}">`
    + `${escapeHtml(data.site.title)}</a></${tag}></header>`;
}

function card({ release, slug }) {
  const summary = release.summary ? `<p class="release-summary" data-testid="release-summary">${escapeHtml(release.summary)}</p>` : '';
  return `<li data-testid="release-item"><article class="release-card"><h2 class="release-card-title">`
    + `<a href="${releaseHref(slug)}" data-testid="release-link"><bdi>${escapeHtml(release.title)}</bdi></a></h2>`
    + `${meta(release)}${summary}${tags(release)}</article></li>`;
}

function pagination(n, count) {
  if (count < 2) return '';
  const newer = n > 1 ? `<a class="newer-page" data-testid="newer-page" rel="prev" href="${pageHref(n - 1)}">← Newer</a>` : '';
  const older = n < count ? `<a class="older-page" data-testid="older-page" rel="next" href="${pageHref(n + 1)}">Older →</a>` : '';
  return `<nav class="pagination" data-testid="pagination" aria-label="Pages">${newer}`
    + `<span class="page-status" data-testid="page-status">Page ${n} of ${count}</span>${older}</nav>`;
}

function showList(n) {
  const count = Math.max(1, Math.ceil(data.entries.length / PAGE_SIZE));
  if (!(n >= 1 && n <= count)) return showNotFound('Page not found');
  const start = (n - 1) * PAGE_SIZE;
  const items = data.entries.slice(start, start + PAGE_SIZE).map(card).join('');
  root.innerHTML = `${header(true)}<main class="release-list-page"><ol class="release-list" `
    + `data-testid="release-list" start="${start + 1}">${items}</ol>${pagination(n, count)}</main>`;
  document.title = n === 1 ? data.site.title : `Page ${n} of ${count} — ${data.site.title}`;
  return true;
}

function neighbour(entry, rel, label) {
  if (!entry) return '';
  return `<a class="${rel}-link" data-testid="${rel}-link" rel="${rel}" href="${releaseHref(entry.slug)}">`
    + `${label}: <bdi>${escapeHtml(entry.release.title)}</bdi></a>`;
}

function showRelease(slug) {
  const index = data.bySlug.get(slug);
  if (index === undefined) return showNotFound('Release not found');
  const { release } = data.entries[index];
  const source = release.source ?? {};
  const href = typeof source.url === 'string' && safeUrl(source.url) ? ` href="${escapeHtml(source.url)}"` : '';
  root.innerHTML = `${header(false)}<article class="release" data-testid="release">`
    + `<p class="back"><a href="${BASE}" data-testid="back-to-list">← All releases</a></p>`
    + `<h1 class="release-title" data-testid="release-title" tabindex="-1"><bdi>${escapeHtml(release.title)}</bdi></h1>`
    + `${meta(release, 'release-date')}${tags(release)}`
    + `<div class="release-body" data-testid="release-body">${markdown.parse(release.body)}</div>`
    + `<footer class="release-footer"><p class="official"><a${href} rel="noopener noreferrer" `
    + `data-testid="official-link">Official release: ${escapeHtml(source.name ?? '')}</a></p></footer>`
    + `<nav class="prev-next" data-testid="prev-next" aria-label="More releases">`
    + `${neighbour(data.entries[index + 1], 'prev', 'Previous')}${neighbour(data.entries[index - 1], 'next', 'Next')}</nav></article>`;
  document.title = `${release.title} — ${data.site.title}`;
  return true;
}

function showNotFound(what) {
  root.innerHTML = `${header(false)}<main><div class="not-found" data-testid="not-found"><h1>${what}</h1>`
    + `<p><a href="${BASE}">← All releases</a></p></div></main>`;
  document.title = `${what} — ${data.site.title}`;
  return false;
}

/** What a path shows: the list's page `n`, a release, or nothing (`null`). */
function route(path) {
  if (!path.startsWith(BASE)) return null;
  const rest = path.slice(BASE.length).replace(/(^|\/)index\.html$/, '').replace(/\/+$/, '');
  if (rest === '') return { page: 1 };
  const page = /^page\/(\d+)$/.exec(rest);
  if (page) return { page: Number(page[1]) };
  const release = /^releases\/([^/]+)$/.exec(rest);
  if (!release) return null;
  try { return { slug: decodeURIComponent(release[1]) }; } catch { return null; }
}

function show() {
  const where = route(location.pathname);
  if (!where) return showNotFound('Page not found');
  return where.slug === undefined ? showList(where.page) : showRelease(where.slug);
}

// Client-side navigation: same-origin links to the reader's own pages.
document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey
    || event.shiftKey || event.altKey) return;
  const link = event.target.closest?.('a[href]');
  if (!link || link.target || link.hasAttribute('download')) return;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin || !route(url.pathname)) return;
  event.preventDefault();
  history.pushState(null, '', url.pathname + url.search);
  show();
  window.scrollTo(0, 0);
  root.querySelector('h1')?.focus({ preventScroll: true });
});
window.addEventListener('popstate', show);

async function start() {
  try {
    const response = await fetch(new URL('releases.json', import.meta.url));
    if (!response.ok) throw new Error(`the server answered ${response.status} for releases.json`);
    const bundle = JSON.parse(await response.text());
    if (bundle?.site?.title) data.site = bundle.site;
    data.entries = order(bundle);
    data.entries.forEach((entry, index) => data.bySlug.set(entry.slug, index));
    show();
  } catch (error) {
    root.innerHTML = `<div class="load-error" role="alert"><h1>The releases could not be loaded</h1>`
      + `<p>${escapeHtml(error.message)}</p></div>`;
  }
}

start();
