"""« Sur cette page »: the table of contents of a long page.

base.html wraps every page's content in {% contents %}…{% endcontents %}. A page lists a section
by marking its heading (an h2, an h3 or a table's caption) `data-toc`, or `data-toc="Libellé"` to
name it other than by its text. From two marked headings on, a bar of links to them
(web/_contents.html, sticky at the top of the window) goes right after the page's head, its first
`.page-head`, or first when it has none. A marked heading without an id gets one from its text.
Pages without a mark are left as they are.
"""

import re
from html import unescape

from django import template
from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import slugify

register = template.Library()

MARK = "data-toc"
MINIMUM = 2  # one section is no table of contents
HEADING = re.compile(r"<(h[23]|caption)(\s[^>]*\bdata-toc\b[^>]*)>(.*?)</\1>", re.S)
ID = re.compile(r'\sid="([^"]*)"')
# Every id="…" value (and the odd data-id="…": a superset only avoids more names). It starts with a
# literal, which the regex engine finds fast: a consolidated table's page is 2 MB of HTML.
ANY_ID = re.compile(r'id="([^"]*)"')
LABEL = re.compile(r'\sdata-toc="([^"]*)"')
PAGE_HEAD = re.compile(r'<div\s[^>]*\bclass="(?:[^"]*\s)?page-head(?:\s[^"]*)?"')
DIV = re.compile(r"<div\b|</div>")


def free_id(text, taken, html):
    """An id for a heading named `text`, none of the page's (`taken`, filled on the first call)."""
    if not taken:
        taken.update(ANY_ID.findall(html))
        taken.add("")
    base = slugify(text)[:60] or "section"
    found, n = base, 1
    while found in taken:
        n += 1
        found = f"{base}-{n}"
    taken.add(found)
    return found


def end_of_page_head(html):
    """Where the page's first .page-head ends (after its closing </div>), or 0 without one."""
    start = PAGE_HEAD.search(html)
    if not start:
        return 0
    depth = 0
    for tag in DIV.finditer(html, start.start()):
        depth += 1 if tag.group() == "<div" else -1
        if depth == 0:
            return tag.end()
    return 0


def with_contents(html):
    """`html` with the bar of links to its marked headings, which all get an id."""
    if MARK not in html:
        return html
    taken = set()
    entries = []

    def mark(match):
        name, attributes, inner = match.groups()
        text = " ".join(unescape(strip_tags(inner)).split())
        label = LABEL.search(attributes)
        label = unescape(label.group(1)) if label and label.group(1) else text
        found = ID.search(attributes)
        if found:
            anchor = found.group(1)
        else:
            anchor = free_id(text, taken, html)
            attributes = f' id="{anchor}"{attributes}'
        entries.append({"id": anchor, "label": label})
        return f"<{name}{attributes}>{inner}</{name}>"

    html = HEADING.sub(mark, html)
    if len(entries) < MINIMUM:
        return html
    bar = render_to_string("web/_contents.html", {"entries": entries})
    at = end_of_page_head(html)
    return html[:at] + bar + html[at:]


class ContentsNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        return mark_safe(with_contents(self.nodelist.render(context)))


@register.tag
def contents(parser, token):
    nodelist = parser.parse(("endcontents",))
    parser.delete_first_token()
    return ContentsNode(nodelist)
