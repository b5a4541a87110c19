"""HTML -> plain text with the standard library parser (no markup survives)."""

from __future__ import annotations

from html.parser import HTMLParser

_SKIP = {"script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object"}
_BLOCK = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "hr",
    "dd",
    "dt",
    "figcaption",
    "main",
    "aside",
}


# <meta> names and properties -> our metadata fields (the first one found wins)
_META = {
    "article:published_time": "date",
    "og:published_time": "date",
    "datepublished": "date",
    "date": "date",
    "dc.date": "date",
    "dcterms.date": "date",
    "pubdate": "date",
    "publish-date": "date",
    "og:site_name": "source",
    "og:url": "url",
}


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.skip_depth = 0
        self.in_title = False
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "").strip() for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key in _META and a.get("content"):
                self.meta.setdefault(_META[key], a["content"])
        elif tag == "time" and a.get("datetime"):
            self.meta.setdefault("time", a["datetime"])
        elif tag == "link" and a.get("rel", "").lower() == "canonical" and a.get("href"):
            self.meta.setdefault("url", a["href"])
        if tag in _SKIP:
            self.skip_depth += 1
        elif tag == "title":
            self.in_title = True
        if tag in _BLOCK:
            self.parts.append("\n\n" if tag in {"p", "h1", "h2", "h3", "div", "article", "section"} else "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self.skip_depth:
            self.skip_depth -= 1
        elif tag == "title":
            self.in_title = False
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.skip_depth:
            self.parts.append(data)


def html_to_text(html: str) -> tuple[str, str]:
    """(title, text) of an HTML page; scripts, styles and tags are dropped."""
    meta, text = html_document(html)
    return meta.get("title", ""), text


def html_document(html: str) -> tuple[dict[str, str], str]:
    """(metadata, text) of an HTML page: title, publication date (article:published_time,
    datePublished, <time datetime>...), site name and canonical URL when the page gives them."""
    p = _Extractor()
    p.feed(html)
    p.close()
    text = "".join(p.parts)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    meta = {k: " ".join(v.split())[:300] for k, v in p.meta.items()}
    if "date" not in meta and "time" in meta:
        meta["date"] = meta["time"]
    meta.pop("time", None)
    if "date" in meta:
        meta["date"] = meta["date"][:10] if len(meta["date"]) >= 10 and meta["date"][4] == "-" else meta["date"][:40]
    meta["title"] = " ".join("".join(p.title).split())
    return meta, "\n".join(lines)
