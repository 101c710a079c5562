"""HTML main content (issue 9): menus, cookie banners, sidebars, share bars and footers never become text.

Every page here is written by the test; the boilerplate sits in plain ``<div>``s with class names that say
nothing, so only the structure and the text density can tell it from the article.
"""
from __future__ import annotations

from ingest.blocks import HEADING
from ingest.readers import read_bytes

ARTICLE_EN = [
    "Since 2021 the municipality has run a mentoring scheme that pairs each teenager living in the two shelters "
    "with a trained local volunteer, who meets them every week for at least one school year.",
    "Mentors help with homework, with the first steps in the labour market and with the small things of daily "
    "life, such as opening a bank account, finding a doctor or joining a sports club.",
    "The volunteers are trained by the social service in three evening sessions, and a psychologist of the "
    "municipality meets them once a month to talk about difficult cases.",
    "So far 46 pairs have been formed; most of them kept in touch after the teenager turned eighteen, and "
    "eleven young people found their first job through a mentor's contacts.",
]
BOILER_EN = [
    "Home", "About the city", "Services", "Contact us", "Press room",
    "We use cookies to give you the best experience on our site. By continuing you accept our cookie policy.",
    "Latest news", "Road works on the coastal avenue", "New opening hours of the town hall",
    "Summer festival programme", "Subscribe to our newsletter",
    "Share this page", "Facebook", "Twitter", "LinkedIn",
    "Town Hall, 1 Main Square, tel. 22420 00000", "Terms of use", "Accessibility statement",
]


def _links(items: list[str]) -> str:
    return "".join(f'<li><a href="/x{i}">{t}</a></li>' for i, t in enumerate(items))


def page_divs_only() -> str:
    """An article between a menu, a cookie banner, a sidebar, a share bar and a footer, all plain divs."""
    paras = "".join(f"<p>{p}</p>" for p in ARTICLE_EN)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Mentoring</title></head><body>
<div class="c1"><div class="c2"><ul class="l">{_links(BOILER_EN[:5])}</ul></div></div>
<div class="x9"><p>{BOILER_EN[5]}</p><a href="#" class="b">OK</a></div>
<div class="row">
  <div class="col-a">
    <h1>Mentoring for unaccompanied minors</h1>
    <div class="d">3 July 2023</div>
    {paras}
    <div class="t"><span>{BOILER_EN[11]}</span> <a href="/f">{BOILER_EN[12]}</a> <a href="/t">{BOILER_EN[13]}</a>
    <a href="/l">{BOILER_EN[14]}</a></div>
  </div>
  <div class="col-b"><h3>{BOILER_EN[6]}</h3><ul>{_links(BOILER_EN[7:10])}</ul>
    <div class="w"><a href="/s">{BOILER_EN[10]}</a></div></div>
</div>
<div class="c3"><p>{BOILER_EN[15]}</p><ul>{_links(BOILER_EN[16:18])}</ul></div>
</body></html>"""


ARTICLE_EL = [
    "Ο Δήμος ξεκίνησε το φθινόπωρο δωρεάν μαθήματα ελληνικής γλώσσας για ενήλικες πρόσφυγες και μετανάστες, "
    "σε δύο τμήματα, πρωινό και απογευματινό, στο κτίριο του Κέντρου Κοινότητας.",
    "Τα μαθήματα γίνονται από εθελοντές εκπαιδευτικούς, με τη στήριξη των πολιτισμικών διαμεσολαβητών, που "
    "βοηθούν στις εγγραφές και στην επικοινωνία με τις οικογένειες.",
    "Όσοι ολοκληρώνουν τον κύκλο λαμβάνουν βεβαίωση παρακολούθησης, και οι γονείς ενημερώνονται για τις "
    "εγγραφές των παιδιών τους στα σχολεία της περιοχής.",
]
BOILER_EL = [
    "Αρχική", "Δημοτική Αρχή", "Υπηρεσίες", "Επικοινωνία",
    "Ο ιστότοπος χρησιμοποιεί cookies για τη βελτίωση της εμπειρίας σας. Αποδοχή ή ρυθμίσεις",
    "Δείτε επίσης", "Έργα ασφαλτόστρωσης στην παραλιακή", "Νέο ωράριο του δημαρχείου",
    "Πρόγραμμα καλοκαιρινών εκδηλώσεων", "Κοινοποίηση", "Δήμος Δοκιμής, Πλατεία Δημαρχείου 1",
    "Όροι χρήσης", "Προσωπικά δεδομένα",
]


def page_greek_teasers() -> str:
    """Greek page: the text in a div, the sidebar made of small <article> teasers, a tiny <main> breadcrumb."""
    paras = "".join(f"<p>{p}</p>" for p in ARTICLE_EL)
    teasers = "".join(f'<article><a href="/n{i}">{t}</a></article>' for i, t in enumerate(BOILER_EL[6:9]))
    return f"""<html><head><meta charset="utf-8"></head><body>
<div id="top">{" | ".join(f'<a href="/m{i}">{t}</a>' for i, t in enumerate(BOILER_EL[:4]))}</div>
<div class="pop"><div>{BOILER_EL[4]}</div></div>
<main><a href="/">{BOILER_EL[0]}</a> › <a href="/news">Νέα</a></main>
<div class="wrap"><div class="inner">
  <h1>Μαθήματα ελληνικών για ενήλικες</h1>
  <div class="body">{paras}</div>
  <div class="s">{BOILER_EL[9]}: <a href="/a">Facebook</a> <a href="/b">X</a> <a href="/c">Viber</a></div>
</div>
<div class="side"><h4>{BOILER_EL[5]}</h4>{teasers}</div></div>
<div class="bot">{BOILER_EL[10]} · <a href="/o">{BOILER_EL[11]}</a> · <a href="/p">{BOILER_EL[12]}</a></div>
</body></html>"""


def _check(html: str, article: list[str], boiler: list[str], title: str) -> None:
    r = read_bytes(html.encode("utf-8"), "page.html")
    assert r.blocks[0].kind == HEADING and r.blocks[0].text == title
    for para in article:
        assert para in r.text
    for junk in boiler:
        assert junk not in r.text, junk


def test_article_among_menu_cookie_banner_sidebar_share_bar_and_footer():
    _check(page_divs_only(), ARTICLE_EN, BOILER_EN, "Mentoring for unaccompanied minors")


def test_greek_page_with_teaser_articles_and_breadcrumb_main():
    _check(page_greek_teasers(), ARTICLE_EL, BOILER_EL, "Μαθήματα ελληνικών για ενήλικες")


def test_semantic_page_keeps_main_and_drops_a_cookie_notice_inside_it():
    paras = "".join(f"<p>{p}</p>" for p in ARTICLE_EN)
    html = (f"<html><body><nav>{_links(BOILER_EN[:5])}</nav><main><div>{BOILER_EN[5]}</div>"
            f"<article><h1>Mentoring</h1>{paras}</article></main><footer>{BOILER_EN[15]}</footer></body></html>")
    _check(html, ARTICLE_EN, BOILER_EN, "Mentoring")


def test_a_text_about_baking_cookies_is_kept():
    text = ("Every Friday the children of the shelter bake cookies with volunteers from the neighbourhood and sell "
            "them at the Saturday market.")
    r = read_bytes(f"<html><body><h1>Baking together</h1><p>{text}</p></body></html>".encode(), "p.html")
    assert text in r.text


def test_page_without_any_container_is_read_whole():
    r = read_bytes(b"<html><body>Short note.<br>Second line of the note.</body></html>", "n.html")
    assert r.text == "Short note. Second line of the note."
