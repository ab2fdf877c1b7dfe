"""Every page reachable from the navigation, as each demo role and as an anonymous visitor, on
the reference and demo data: no server error, no English debug page, no internal indicator code
in the visible text (codes may show in <code> badges, where the team manages them).

The crawl follows the links of each page it opens, on this site only; it opens at most three
pages of each route shape (`/innovations/N/`), and no download, export or log-out link."""

import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from essaim.accounts.models import User
from essaim.evaluation import measures
from essaim.evaluation.models import Indicator
from essaim.followup import demo as followup_demo
from essaim.organizations.models import Structure
from essaim.reference.demo_accounts import DEMO_USERS, create_demo_accounts
from essaim.reference.demo_reviews import load_demo_reviews
from essaim.reference.load import load_reference_data

SKIP = re.compile(
    r"^/(admin|static|media)/|deconnexion|logout|\.(pdf|xlsx|csv|zip)$|format=|/export|/telecharger|/modele"
)
PER_SHAPE = 3
ENGLISH = ("Page not found", "Server Error", "Traceback", "Using the URLconf", "DEBUG = True")


class Page(HTMLParser):
    """The links of a page and its visible text outside <script>, <style> and <code>."""

    def __init__(self):
        super().__init__()
        self.links, self.text, self.hidden = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "code"):
            self.hidden += 1
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "code"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.text.append(data)


def crawl(client):
    """url → (status, problems) for every page reached from the home page."""
    seen, queue, shapes, found = set(), ["/"], Counter(), {}
    codes = {c for c in set(Indicator.objects.values_list("code", flat=True)) | set(measures.COUNTS) if "_" in c}
    code_pattern = re.compile(r"(?<![\w/-])(" + "|".join(map(re.escape, sorted(codes))) + r")(?![\w-])")
    while queue:
        url = queue.pop(0)
        shape = re.sub(r"\d+", "N", url.split("?")[0])
        if url in seen or shapes[shape] >= PER_SHAPE:
            continue
        seen.add(url)
        shapes[shape] += 1
        response = client.get(url)
        problems = []
        content = response.content.decode(errors="replace")
        if response.status_code >= 500:
            problems.append(f"erreur {response.status_code}")
        problems += [f"page anglaise ({marker})" for marker in ENGLISH if marker in content]
        if response.status_code in (301, 302) and response["Location"].startswith("/"):
            queue.append(response["Location"])
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            page = Page()
            page.feed(content)
            problems += [f"code interne « {c} »" for c in sorted(set(code_pattern.findall(" ".join(page.text))))]
            for href in page.links:
                href = href.split("#")[0]
                if href.startswith("/") and not href.startswith("//") and not SKIP.search(href):
                    queue.append(href)
        found[url] = (response.status_code, problems)
    return found


@pytest.fixture
def demo(db):
    """The data `make run` serves: reference data, demo accounts and reviews, demo follow-up."""
    load_reference_data()
    create_demo_accounts()
    load_demo_reviews()
    followup_demo.generate()


def test_every_page_reachable_opens_in_french_without_internal_codes(demo, client):
    problems, opened = {}, {}
    for email in [None, *(email for email, _, _ in DEMO_USERS)]:
        client.logout()
        if email:
            client.force_login(User.objects.get(email=email))
        pages = crawl(client)
        problems.update({(email, url): found for url, (_, found) in pages.items() if found})
        opened[email] = sum(1 for status, _ in pages.values() if status == 200)
    assert not problems, problems
    assert opened[None] >= 3 and all(n >= 20 for email, n in opened.items() if email), opened


def test_a_structure_member_opening_another_structure_reads_a_french_404(demo, client):
    member = User.objects.get(email="structure@demo.essaim.fr")
    own = set(member.memberships.values_list("structure_id", flat=True))
    other = Structure.objects.exclude(pk__in=own).filter(is_placeholder=False).first()
    client.force_login(member)
    response = client.get(reverse("organizations:detail", args=[other.pk]))
    assert response.status_code in (403, 404)
    content = response.content.decode()
    assert '<html lang="fr">' in content and not any(marker in content for marker in ENGLISH)
