"""« Sur cette page » (essaim/web/templatetags/contents.py): the bar of links to a page's marked
sections, after the page's head, with an id for every marked heading."""

from django.template import Context, Template

from essaim.web.templatetags.contents import with_contents

HEAD = '<p class="breadcrumb">…</p><div class="page-head"><div><h1>Titre</h1></div><div class="actions"></div></div>'


def links(html):
    bar = html.split('<nav class="contents"', 1)[1].split("</nav>", 1)[0]
    return [part.split('"', 1)[0] for part in bar.split('href="#')[1:]]


def test_a_page_without_marks_is_left_as_it_is():
    html = HEAD + "<h2>Une</h2><h2>Deux</h2>"
    assert with_contents(html) == html


def test_one_section_is_no_table_of_contents():
    assert "<nav" not in with_contents(HEAD + "<h2 data-toc>Seule</h2>")


def test_the_bar_follows_the_page_head_and_links_every_marked_heading_in_order():
    html = with_contents(
        HEAD
        + '<section><h2 id="identite" data-toc>Identité</h2></section>'
        + "<h2>Pas dans le sommaire</h2>"
        + '<table><caption data-toc="Le tableau">Innovations × indicateurs au 1 mars 2019</caption></table>'
        + "<aside><h2 data-toc>Parcours dans la <em>méthode</em></h2></aside>"
    )
    assert html.index('</h1></div><div class="actions"></div></div>') < html.index('<nav class="contents"')
    assert html.index('<nav class="contents"') < html.index("<section>")
    assert links(html) == ["identite", "innovations-indicateurs-au-1-mars-2019", "parcours-dans-la-methode"]
    assert ">Le tableau</a>" in html  # the short label
    assert ">Parcours dans la méthode</a>" in html  # the heading's text, without its tags
    assert '<h2 id="parcours-dans-la-methode" data-toc>' in html
    assert "Pas dans le sommaire</a>" not in html


def test_ids_are_unique_and_text_is_escaped_once():
    html = with_contents('<div id="notes"></div><h2 data-toc>Notes</h2><h2 data-toc>L&#x27;équipe &amp; « eux »</h2>')
    assert links(html) == ["notes-2", "lequipe-eux"]
    assert ">L&#x27;équipe &amp; « eux »</a>" in html
    assert html.startswith('<nav class="contents"')  # no page head: the bar comes first


def test_the_base_template_draws_the_bar_of_any_page():
    page = Template(
        '{% extends "base.html" %}{% block content %}' + HEAD + "<h2 data-toc>A</h2><h2 data-toc>B</h2>{% endblock %}"
    )
    html = page.render(Context({}))
    assert 'aria-label="Sur cette page"' in html
    assert links(html) == ["a", "b"]
