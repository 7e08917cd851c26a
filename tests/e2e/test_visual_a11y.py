"""Visual accessibility in headless Chromium (issue 18): focus-ring contrast, reflow and unique names.

- Every focusable element on a set of pages is focused by keyboard modality and its outline's
  computed colour is compared with the computed background behind it (WCAG 1.4.11, >= 3:1).
- A scripted scan of the pages each role's journey reaches (visitor, participant, facilitator),
  found by following the links of the start pages, at 320 px and with the text alone at 200 %
  (the root's font size at 200 %, no zoom; WCAG 1.4.4/1.4.10): no sideways scrolling of the
  document, unique ids and unique landmark names (axe's rules plus our own check).

One live server, one browser page per test, the demo loaded once per test.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from leerplatform.demo.edition import DEMO_PASSWORD, DEMO_SLUG, load_demo
from leerplatform.meetings.models import Meeting
from leerplatform.reflection.models import Evaluation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

axe = Axe()

# Through the CSSOM: the Content-Security-Policy forbids inline <style>, not this.
TEXT_200 = "document.documentElement.style.setProperty('font-size', '200%', 'important')"

# Links never followed by the scan: they log out, download, switch state or leave the site.
SKIP = re.compile(
    r"/accounts/logout|/logout|/download|/export|\.(csv|ics|pdf|zip|xlsx|docx|png|jpg)$|/files/|"
    r"/media/|/admin/|/raw/|/feed|/calendar\.ics|/i18n/|/accounts/email/confirm|/erase|/delete"
)
PAGES_PER_ROLE = 16

CONTRAST_JS = """
() => {
  const lum = (rgb) => {
    const [r, g, b] = rgb.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const parse = (c) => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const parts = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return {rgb: parts.slice(0, 3), alpha: parts.length > 3 ? parts[3] : 1};
  };
  const backgroundBehind = (el) => {
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const bg = parse(getComputedStyle(node).backgroundColor);
      if (bg && bg.alpha > 0.5) return bg.rgb;
    }
    return [255, 255, 255];
  };
  const ratio = (a, b) => {
    const [l1, l2] = [lum(a), lum(b)].sort((x, y) => y - x);
    return (l1 + 0.05) / (l2 + 0.05);
  };
  window.__focusRingProblem = (el) => {
    const style = getComputedStyle(el);
    const width = parseFloat(style.outlineWidth);
    if (style.outlineStyle === 'none' || !(width >= 2)) {
      return `no visible outline (${style.outlineStyle} ${style.outlineWidth})`;
    }
    const colour = parse(style.outlineColor);
    // What lies behind the ring: the elements under the middle of the outline on each side,
    // other than the focused element itself (e.g. the header under the skip link).
    const offset = parseFloat(style.outlineOffset) || 0;
    const d = offset + width / 2;
    const box = el.getBoundingClientRect();
    const points = [[box.left + box.width / 2, box.top - d], [box.left + box.width / 2, box.bottom + d],
                    [box.left - d, box.top + box.height / 2], [box.right + d, box.top + box.height / 2]];
    let worst = null;
    if (offset + width <= 0) {  // drawn inside: on the element's own background
      const own = backgroundBehind(el);
      worst = [ratio(colour.rgb, own), own];
    }
    for (const [x, y] of (worst ? [] : points)) {
      if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
      const under = document.elementsFromPoint(x, y).find((node) => node !== el && !el.contains(node));
      const behind = backgroundBehind(under || el.parentElement);
      const r = ratio(colour.rgb, behind);
      if (!worst || r < worst[0]) worst = [r, behind];
    }
    if (!worst) worst = [ratio(colour.rgb, backgroundBehind(el.parentElement)), backgroundBehind(el.parentElement)];
    const [r, behind] = worst;
    if (r < 3) return `outline ${style.outlineColor} on rgb(${behind.join(', ')}) is ${r.toFixed(2)}:1`;
    return null;
  };
}
"""

FOCUSABLE_JS = """
(within) => {
  const selector = 'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), '
    + 'select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';
  const found = [...document.querySelector(within).querySelectorAll(selector)].filter((el) => el.checkVisibility({visibilityProperty: true}));
  found.forEach((el, i) => el.setAttribute('data-focus-probe', i));
  return found.length;
}
"""

PROBE_JS = """
(i) => {
  const el = document.querySelector(`[data-focus-probe="${i}"]`);
  el.focus();
  if (document.activeElement !== el) return null;  // not focusable after all (e.g. inert)
  // A checkbox or radio button drawn by its label is ringed there (:has(input:focus-visible)).
  let target = el;
  const style = getComputedStyle(el);
  if (style.outlineStyle === 'none' && el.closest('label')) target = el.closest('label');
  if (!el.matches(':focus-visible')) return null;
  const problem = window.__focusRingProblem(target);
  return problem ? `${el.outerHTML.slice(0, 110)}: ${problem}` : null;
}
"""

PAGE_PROBLEMS_JS = """
(scrollers) => {
  const problems = [];
  const doc = document.documentElement;
  const clipped = (el) => {
    for (let node = el.parentElement; node; node = node.parentElement) {
      if (['hidden', 'clip'].includes(getComputedStyle(node).overflowX)) return true;
    }
    return false;
  };
  if (doc.scrollWidth > doc.clientWidth) {
    const wide = [...document.body.querySelectorAll('*')]
      .filter((el) => el.getBoundingClientRect().right > doc.clientWidth + 1
        && !el.closest(scrollers) && el.checkVisibility() && !clipped(el)
        && el.parentElement.getBoundingClientRect().right <= doc.clientWidth + 1)
      .slice(0, 3).map((el) => `${el.outerHTML.slice(0, 100)} (right ${Math.round(el.getBoundingClientRect().right)})`);
    problems.push(`scrolls sideways: ${doc.scrollWidth} > ${doc.clientWidth} (${wide.join(' | ')})`);
  }
  const ids = {};
  document.querySelectorAll('[id]').forEach((el) => { ids[el.id] = (ids[el.id] || 0) + 1; });
  for (const [id, n] of Object.entries(ids)) if (n > 1) problems.push(`id "${id}" ${n} times`);
  const landmarks = 'header, footer, nav, main, aside, section[aria-label], section[aria-labelledby], '
    + 'form[aria-label], form[aria-labelledby], [role=region], [role=navigation], [role=search], '
    + '[role=complementary], [role=banner], [role=contentinfo], [role=main], [role=form]';
  const names = {};
  for (const el of document.querySelectorAll(landmarks)) {
    if (!el.checkVisibility() && !el.closest('details')) continue;
    const role = el.getAttribute('role') || el.localName;
    if ((role === 'header' || role === 'footer') && el.parentElement.closest('main, article, aside, nav, section')) continue;
    let name = el.getAttribute('aria-label') || '';
    if (!name && el.getAttribute('aria-labelledby')) {
      name = el.getAttribute('aria-labelledby').split(/\\s+/)
        .map((id) => (document.getElementById(id) || {}).textContent || '').join(' ');
    }
    const key = `${({section: 'region', form: 'form'})[role] || role}: ${name.replace(/\\s+/g, ' ').trim()}`;
    names[key] = (names[key] || 0) + 1;
  }
  for (const [key, n] of Object.entries(names)) if (n > 1) problems.push(`landmark "${key}" ${n} times`);
  return problems;
}
"""

# Only these may scroll sideways inside the page (they carry a label and keyboard focus).
SCROLL_CONTAINERS = ".table-scroll, .edition-nav ul, pre, .scroll-x"

AXE_RULES = {
    "runOnly": {
        "type": "rule",
        "values": [
            "duplicate-id",
            "duplicate-id-active",
            "duplicate-id-aria",
            "landmark-unique",
            "landmark-no-duplicate-banner",
            "landmark-no-duplicate-contentinfo",
            "landmark-no-duplicate-main",
            "region",
            "meta-viewport",
        ],
    }
}


def log_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def journey_pages(page: Page, base: str, starts: list[str], problems: list[str]) -> list[str]:
    """The start pages and the pages their links reach (two steps), one per URL shape.

    Found at the desktop width with the text at 200 %, and scanned on the way.
    """
    host = urlsplit(base).netloc
    seen_shapes: set[str] = set()
    pages: list[str] = []
    queue = [(base + start, 0) for start in starts]
    while queue and len(pages) < PAGES_PER_ROLE:
        url, depth = queue.pop(0)
        shape = re.sub(r"\d+", "N", urlsplit(url).path)
        if shape in seen_shapes or SKIP.search(urlsplit(url).path):
            continue
        seen_shapes.add(shape)
        response = page.goto(url)
        if (
            response is None
            or response.status != 200
            or "text/html" not in response.headers.get("content-type", "")
        ):
            continue
        pages.append(url)
        page.evaluate(TEXT_200)
        problems += [
            f"text200 {url}: {p}" for p in page.evaluate(PAGE_PROBLEMS_JS, SCROLL_CONTAINERS)
        ]
        if depth < 2:
            links = page.eval_on_selector_all(
                "main a[href], nav a[href]", "(links) => links.map((a) => a.href.split('#')[0])"
            )
            for link in links:
                if urlsplit(link).netloc == host and not urlsplit(link).query:
                    queue.append((link, depth + 1))
    return pages


def scan_role(page: Page, base: str, starts: list[str]) -> list[str]:
    """Text-only 200 % at 1280 px while finding the pages; then 320 px with axe's rules."""
    problems: list[str] = []
    page.set_viewport_size({"width": 1280, "height": 900})
    urls = journey_pages(page, base, starts, problems)
    assert len(urls) >= min(len(starts), 3), urls
    page.set_viewport_size({"width": 320, "height": 800})
    for url in urls:
        page.goto(url)
        problems += [
            f"320px {url}: {p}" for p in page.evaluate(PAGE_PROBLEMS_JS, SCROLL_CONTAINERS)
        ]
        results = axe.run(page, options=AXE_RULES)
        problems += [
            f"320px {url}: axe {v['id']}: {v['nodes'][0]['html'][:100]}"
            for v in results.response["violations"]
        ]
    return problems


def test_every_journey_page_reflows_at_320px_and_text_200_with_unique_ids_and_landmarks(
    page: Page, live_server
):
    load_demo()
    base = live_server.url
    problems: list[str] = []
    problems += scan_role(page, base, ["/", "/accounts/login/", f"/editions/{DEMO_SLUG}/"])
    log_in(page, base, "deelnemer@example.org")
    problems += scan_role(page, base, [f"/editions/{DEMO_SLUG}/dashboard/"])
    page.context.clear_cookies()
    log_in(page, base, "facilitator@example.org")
    evaluated = (
        Evaluation.objects.order_by("meeting_id").values_list("meeting_id", flat=True).first()
    )
    problems += scan_role(
        page,
        base,
        [
            f"/editions/{DEMO_SLUG}/dashboard/",
            f"/editions/{DEMO_SLUG}/applications/",
            f"/editions/{DEMO_SLUG}/give-and-take/network/",
            f"/meetings/{evaluated}/evaluations/",
        ],
    )
    assert problems == [], "\n".join(problems)


FOCUS_PAGES = {
    None: ["/", "/accounts/login/", f"/editions/{DEMO_SLUG}/agenda/"],
    "deelnemer@example.org": [
        f"/editions/{DEMO_SLUG}/dashboard/",
        f"/editions/{DEMO_SLUG}/groups/",
    ],
    "facilitator@example.org": [
        f"/editions/{DEMO_SLUG}/applications/",
        f"/editions/{DEMO_SLUG}/give-and-take/network/",
    ],
}


def focus_ring_problems(page: Page, url: str, *, open_menu: bool) -> list[str]:
    page.goto(url)
    if open_menu:
        page.evaluate("document.querySelector('details.site-menu')?.setAttribute('open', '')")
    page.evaluate(CONTRAST_JS)
    page.keyboard.press("Tab")  # keyboard modality: focus() now shows :focus-visible
    # With the folded menu open its panel lies over the page: then only the header is probed.
    count = page.evaluate(FOCUSABLE_JS, ".site-header" if open_menu else "body")
    assert count >= 3, f"{url}: only {count} focusable elements"
    found = [page.evaluate(PROBE_JS, i) for i in range(count)]
    return [f"{url} {problem}" for problem in found if problem]


def test_the_focus_ring_has_3_to_1_contrast_on_every_background_it_meets(page: Page, live_server):
    load_demo()
    problems: list[str] = []
    for width in (1280, 390):  # at 390 px the menu folds: open it so that its links are reached
        page.set_viewport_size({"width": width, "height": 900})
        for email, paths in FOCUS_PAGES.items():
            page.context.clear_cookies()
            if email:
                log_in(page, live_server.url, email)
            for path in paths:
                problems += focus_ring_problems(
                    page, live_server.url + path, open_menu=width < 1200
                )
    assert problems == [], "\n".join(problems)


def test_a_date_field_keeps_its_ring_while_its_own_picker_button_has_the_focus(
    page: Page, live_server
):
    """Tab goes through a date field's parts and then its calendar button, inside the field's
    own shadow tree, where the field stops matching :focus-visible (found by the re-audit)."""
    edition = load_demo()
    meeting = Meeting.objects.filter(edition=edition).order_by("starts_at").first()
    log_in(page, live_server.url, "facilitator@example.org")
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/edit/")
    page.focus("#id_title")
    rings = []
    for _ in range(12):
        page.keyboard.press("Tab")
        state = page.evaluate(
            "(() => { const e = document.activeElement; const s = getComputedStyle(e);"
            " return [e.id, s.outlineStyle, parseFloat(s.outlineWidth)]; })()"
        )
        if state[0] == "id_date":
            rings.append(state)
        elif rings:
            break
    assert len(rings) >= 4  # day, month, year and the calendar button
    assert all(style == "solid" and width >= 2 for _id, style, width in rings), rings
