"""A synthetic built shop of N pages, for benchmarking privlint on markup like a real store's.

    python bench/synth_shop.py OUT_DIR --pages N [--seed S]

The output is deterministic for (N, S). Pages are 10-60 KB with the header, mega menu and
footer of a theme, and carry what the rules look at: GA4, Meta Pixel and Hotjar in the layout,
a consent manager on the shop's templates but not the blog's, card and address fields, a
payment SDK beside a third-party script without integrity, login and sign-up forms, newsletter
forms (some posting to a mailing-list vendor, a pre-ticked box on a few), YouTube embeds and
Google Fonts, and a privacy policy that names some vendors but not all. Most pages are clean
of findings or repeat the layout's, as in a real build.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from html import escape
from pathlib import Path

SITE = "https://www.northwind-outfitters.example"
BRAND = "Northwind Outfitters"
GA4_ID = "G-8KX2M4Q7PL"
PIXEL_ID = "734219908812345"
HOTJAR_ID = 3817265
COOKIEBOT_ID = "5c1f2a9e-3b7d-4e8a-9f60-2d4b8c1e7a35"

CATEGORIES = {
    "Jackets": ["Rain shells", "Insulated", "Fleece", "Softshell", "Vests", "Windbreakers"],
    "Footwear": ["Hiking boots", "Trail runners", "Sandals", "Approach shoes", "Socks", "Gaiters"],
    "Packs": ["Daypacks", "Backpacking", "Hydration", "Duffels", "Hip packs", "Pack covers"],
    "Camping": ["Tents", "Sleeping bags", "Sleeping pads", "Stoves", "Cookware", "Lighting"],
    "Climbing": ["Harnesses", "Ropes", "Helmets", "Carabiners", "Chalk", "Belay devices"],
    "Trail": ["Trekking poles", "Navigation", "First aid", "Water filters", "Sun care", "Snacks"],
    "Kids": ["Kids' jackets", "Kids' boots", "Kids' packs", "Baby carriers", "Kids' base layers", "Toys"],
    "Sale": ["Last chance", "Under $50", "Bundles", "Refurbished", "Clearance", "Gift cards"],
}
ADJECTIVES = ["Alpine", "Summit", "Ridge", "Cascade", "Boreal", "Granite", "Tundra", "Fjord", "Sierra",
              "Canyon", "Glacier", "Timber", "Coastal", "Highland", "Meridian", "Aurora", "Basalt", "Cirque"]
NOUNS = ["Shell", "Parka", "Hoodie", "Boot", "Runner", "Pack", "Tent", "Bag", "Stove", "Lantern",
         "Harness", "Pole", "Filter", "Vest", "Jacket", "Sandal", "Bottle", "Mat", "Tarp", "Quilt"]
COLOURS = ["Slate", "Moss", "Ember", "Glacier blue", "Sand", "Black", "Rust", "Pine", "Fog"]
MATERIALS = ["recycled nylon", "merino wool", "ripstop polyester", "full-grain leather", "Pertex",
             "organic cotton", "aluminium 7075", "hydrophobic down", "EVA foam", "titanium"]
WORDS = ("the a trail weather ridge light pack weight carry comfort day long night camp cold wind rain "
         "warm dry fit layer zip pocket hood seam strap frame sole grip rock mud snow summit valley "
         "river morning route miles tested guides built every season durable simple quiet packed "
         "stows breathes keeps holds moves lasts works with for on in over through after before").split()
AUTHORS = ["Maya Lindqvist", "Tom Okafor", "Priya Raman", "Jonas Weber", "Ana Sousa", "Lee Park"]
COUNTRIES = ["United States", "Canada", "United Kingdom", "Germany", "France", "Netherlands",
             "Sweden", "Norway", "Australia", "New Zealand", "Japan", "Ireland", "Spain", "Italy"]
YOUTUBE_IDS = ["dQ7mXk3Lp2A", "Zt9bR4wQe1M", "kP3nV8sYh0c", "Hq2Lm5Tz7Rw", "Yb6Cx1Nd4Ks"]

ICON_PATH = ("M12 2C6.48 2 2 6.48 2 12s4.48 10 10 10 10-4.48 10-10S17.52 2 12 2zm0 18c-4.41 0-8-3.59"
             "-8-8s3.59-8 8-8 8 3.59 8 8-3.59 8-8 8zm-1-13h2v6h-2zm0 8h2v2h-2z")


def icon(name: str) -> str:
    return (f'<svg class="icon icon-{name}" aria-hidden="true" focusable="false" viewBox="0 0 24 24" '
            f'width="20" height="20"><path fill="currentColor" d="{ICON_PATH}"/></svg>')


def slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower().replace("'", "")).strip("-")


class Shop:
    def __init__(self, pages: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.total = max(pages, 1)
        fixed = ["index", "privacy", "cart", "checkout", "login", "register", "contact", "about",
                 "shipping", "wholesale", "search"]
        rest = max(0, self.total - len(fixed))
        self.n_categories = max(1, rest * 12 // 100) if rest else 0
        self.n_posts = rest * 20 // 100
        self.n_products = rest - self.n_categories - self.n_posts
        self.fixed = fixed[: self.total]
        self.products = [self._product(i) for i in range(max(self.n_products, 24))]
        names = [(c, s) for c, subs in CATEGORIES.items() for s in subs]
        self.collections = [names[i % len(names)] + (i // len(names) + 1,) for i in range(self.n_categories)]
        self.posts = [self._post_title(i) for i in range(self.n_posts)]

    # --- text ----------------------------------------------------------------------------

    def sentence(self, lo: int = 8, hi: int = 18) -> str:
        words = self.rng.choices(WORDS, k=self.rng.randint(lo, hi))
        return " ".join(words).capitalize() + "."

    def paragraph(self, lo: int = 3, hi: int = 7) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(lo, hi)))

    def _product(self, i: int) -> dict:
        rng = self.rng
        name = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {rng.randint(1, 4) * 10 + i % 10}"
        return {"name": name, "url": f"/products/{slug(name)}-{i}.html", "price": rng.randint(12, 480) - 0.01,
                "rating": rng.randint(30, 50) / 10, "reviews": rng.randint(0, 14), "sku": f"NW-{10000 + i}"}

    def _post_title(self, i: int) -> str:
        topics = ["How to layer for", "A guide to", "Field test:", "Packing list for", "Five routes for",
                  "Caring for your", "What we learned from"]
        return f"{self.rng.choice(topics)} {self.rng.choice(ADJECTIVES).lower()} {self.rng.choice(WORDS)} trips"

    # --- layout --------------------------------------------------------------------------

    def head_trackers(self, gated: bool, hotjar: bool) -> str:
        # The shop's templates gate analytics behind Cookiebot; the blog's older theme does not.
        gate = ' type="text/plain" data-cookieconsent="statistics"' if gated else ""
        ads = ' type="text/plain" data-cookieconsent="marketing"' if gated else ""
        out = []
        if gated:
            out.append(f'<script id="Cookiebot" src="https://consent.cookiebot.com/uc.js" data-cbid="{COOKIEBOT_ID}" '
                       'data-blockingmode="manual" type="text/javascript"></script>')
        out.append(f"""<!-- Google tag (gtag.js) -->
<script async src="https://www.googletagmanager.com/gtag/js?id={GA4_ID}"{gate}></script>
<script{gate}>
  window.dataLayer = window.dataLayer || [];
  function gtag(){{dataLayer.push(arguments);}}
  gtag('js', new Date());
  gtag('config', '{GA4_ID}', {{ 'anonymize_ip': true }});
</script>
<!-- Meta Pixel Code -->
<script{ads}>
!function(f,b,e,v,n,t,s)
{{if(f.fbq)return;n=f.fbq=function(){{n.callMethod?
n.callMethod.apply(n,arguments):n.queue.push(arguments)}};
if(!f._fbq)f._fbq=n;n.push=n;n.loaded=!0;n.version='2.0';
n.queue=[];t=b.createElement(e);t.async=!0;
t.src=v;s=b.getElementsByTagName(e)[0];
s.parentNode.insertBefore(t,s)}}(window, document,'script',
'https://connect.facebook.net/en_US/fbevents.js');
fbq('init', '{PIXEL_ID}');
fbq('track', 'PageView');
</script>
<!-- End Meta Pixel Code -->""")
        if hotjar:
            out.append(f"""<!-- Hotjar Tracking Code -->
<script>
    (function(h,o,t,j,a,r){{
        h.hj=h.hj||function(){{(h.hj.q=h.hj.q||[]).push(arguments)}};
        h._hjSettings={{hjid:{HOTJAR_ID},hjsv:6}};
        a=o.getElementsByTagName('head')[0];
        r=o.createElement('script');r.async=1;
        r.src=t+h._hjSettings.hjid+j+h._hjSettings.hjsv;
        a.appendChild(r);
    }})(window,document,'https://static.hotjar.com/c/hotjar-','.js?sv=');
</script>""")
        return "\n".join(out)

    def header(self) -> str:
        menu = []
        for cat, subs in CATEGORIES.items():
            links = "".join(f'<li><a href="/collections/{slug(s)}-1.html" class="mega-menu__link">{escape(s)}</a></li>'
                            for s in subs)
            featured = self.rng.choice(self.products)
            menu.append(f"""<li class="menu-item has-dropdown"><details class="mega-menu"><summary class="menu-item__label">{escape(cat)}{icon("caret")}</summary>
<div class="mega-menu__content"><ul class="mega-menu__list">{links}</ul>
<div class="mega-menu__promo"><a href="{featured['url']}"><img src="/cdn/shop/files/{slug(featured['name'])}_360x.jpg" alt="{escape(featured['name'])}" width="360" height="240" loading="lazy"><span>New: {escape(featured['name'])}</span></a></div></div></details></li>""")
        return f"""<div class="announcement-bar" role="region" aria-label="Announcement"><p>Free shipping on orders over $75 &middot; 60-day returns</p></div>
<header class="site-header" role="banner">
<div class="header__inner page-width">
<a href="/" class="header__logo"><img src="/cdn/shop/files/logo.svg" alt="{BRAND}" width="160" height="40"></a>
<form action="/search.html" method="get" role="search" class="search-form">
<label for="search-q" class="visually-hidden">Search the store</label>
<input id="search-q" type="search" name="q" placeholder="Search gear, guides, trails" autocomplete="off">
<button type="submit" aria-label="Search">{icon("search")}</button></form>
<nav class="header__icons" aria-label="Account"><a href="/account/login.html">{icon("account")}<span class="visually-hidden">Log in</span></a>
<a href="/cart.html" id="cart-icon-bubble">{icon("cart")}<span class="cart-count">0</span></a></nav>
</div>
<nav class="header__menu" aria-label="Primary"><ul class="menu list-menu">{"".join(menu)}
<li class="menu-item"><a href="/blog/index.html" class="menu-item__label">Journal</a></li></ul></nav>
</header>"""

    def newsletter(self, third_party: bool, prechecked: bool) -> str:
        # Blog templates use the mailing-list vendor's embed form; the shop posts to itself.
        action = ("https://northwind-outfitters.us21.list-manage.com/subscribe/post?u=8f3a1c2b4d5e6f708192a3b4c&amp;id=1a2b3c4d5e"
                  if third_party else "/contact.html#newsletter")
        box = ' checked' if prechecked else ""
        return f"""<form method="post" action="{action}" id="newsletter-form" class="newsletter-form" novalidate>
<h2 class="footer__heading">Trail notes in your inbox</h2>
<p>Route ideas, repair tips and first looks at new gear, twice a month.</p>
<label for="newsletter-email" class="visually-hidden">Email</label>
<input type="email" id="newsletter-email" name="EMAIL" autocomplete="email" placeholder="you@example.com" required>
<label class="checkbox"><input type="checkbox" name="partner_offers" value="1"{box}> Also send me offers from our partners</label>
<button type="submit" class="button">Subscribe</button>
<p class="newsletter-form__fine-print">You can unsubscribe at any time. See our <a href="/pages/privacy-policy.html">privacy policy</a>.</p>
</form>"""

    def footer(self, third_party_form: bool, prechecked: bool) -> str:
        cols = []
        for title, links in [("Shop", list(CATEGORIES)), ("Help", ["Shipping & returns", "Contact us", "Size guide", "Warranty", "Repairs", "Track an order"]),
                             ("About", ["Our story", "Journal", "Wholesale", "Careers", "Sustainability", "Stores"])]:
            items = "".join(f'<li><a href="/pages/{slug(t)}.html">{escape(t)}</a></li>' for t in links)
            cols.append(f'<div class="footer__block"><h2 class="footer__heading">{title}</h2><ul class="footer__list">{items}</ul></div>')
        social = "".join(f'<li><a href="https://www.{s}.com/northwindoutfitters" rel="noopener" target="_blank">{icon(s)}<span class="visually-hidden">{s.title()}</span></a></li>'
                         for s in ["instagram", "facebook", "youtube", "pinterest"])
        pay = "".join(f'<li>{icon(p)}<span class="visually-hidden">{p}</span></li>' for p in ["visa", "mastercard", "amex", "paypal", "apple-pay"])
        return f"""<footer class="site-footer" role="contentinfo"><div class="footer__content page-width">
{"".join(cols)}
<div class="footer__block footer__block--newsletter">{self.newsletter(third_party_form, prechecked)}</div>
</div>
<div class="footer__bottom page-width"><ul class="footer__social">{social}</ul><ul class="footer__payment">{pay}</ul>
<p class="footer__legal">&copy; 2024 {BRAND} &middot; <a href="/pages/privacy-policy.html">Privacy policy</a> &middot; <a href="/pages/terms.html">Terms of service</a> &middot; <a href="#" data-cookie-settings>Cookie settings</a></p></div>
</footer>"""

    def page(self, path: str, title: str, body: str, kind: str, *, gated: bool = True, hotjar: bool = False,
             blog: bool = False, extra_head: str = "", prechecked: bool = False, referrer: str = "") -> tuple[str, str]:
        meta_ref = f'<meta name="referrer" content="{referrer}">\n' if referrer else ""
        fonts = ('<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Merriweather:ital,wght@0,400;0,700;1,400&amp;display=swap">\n'
                 '<link rel="stylesheet" href="/assets/blog.css">' if blog else "")
        ld = (f'{{"@context":"https://schema.org","@type":"Organization","name":"{BRAND}","url":"{SITE}",'
              f'"logo":"{SITE}/cdn/shop/files/logo.svg","sameAs":["https://www.instagram.com/northwindoutfitters"]}}')
        html = f"""<!doctype html>
<html lang="en" class="no-js">
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="viewport" content="width=device-width,initial-scale=1">
{meta_ref}<title>{escape(title)} &ndash; {BRAND}</title>
<meta name="description" content="{escape(self.sentence(12, 20))}">
<link rel="canonical" href="{SITE}{path}">
<meta property="og:site_name" content="{BRAND}"><meta property="og:title" content="{escape(title)}"><meta property="og:type" content="{kind}">
<link rel="icon" type="image/png" href="/cdn/shop/files/favicon-32.png">
<link rel="preconnect" href="https://fonts.googleapis.com"><link rel="preconnect" href="https://fonts.gstatic.com" crossorigin>
<link rel="stylesheet" href="/assets/theme.css">
{fonts}
{self.head_trackers(gated, hotjar)}
<script type="application/ld+json">{ld}</script>
{extra_head}
</head>
<body class="template-{kind}">
<a class="skip-to-content-link button visually-hidden" href="#MainContent">Skip to content</a>
{self.header()}
<main id="MainContent" class="content-for-layout" role="main" tabindex="-1">
{body}
</main>
{self.footer(blog, prechecked)}
<noscript><img height="1" width="1" style="display:none" alt="" src="https://www.facebook.com/tr?id={PIXEL_ID}&amp;ev=PageView&amp;noscript=1"></noscript>
<script src="/assets/theme.js" defer></script>
</body>
</html>
"""
        return path, html

    # --- blocks --------------------------------------------------------------------------

    def card(self, p: dict) -> str:
        swatches = "".join(f'<li><span class="swatch" style="--swatch:{c.lower().replace(" ", "-")}" title="{c}"></span></li>'
                           for c in self.rng.sample(COLOURS, 3))
        return f"""<li class="grid__item"><div class="card-wrapper product-card">
<a href="{p['url']}" class="card__media"><img src="/cdn/shop/products/{slug(p['name'])}_533x.jpg" srcset="/cdn/shop/products/{slug(p['name'])}_360x.jpg 360w, /cdn/shop/products/{slug(p['name'])}_533x.jpg 533w" sizes="(min-width: 990px) 25vw, 50vw" alt="{escape(p['name'])}" width="533" height="533" loading="lazy"></a>
<div class="card__information"><h3 class="card__heading"><a href="{p['url']}">{escape(p['name'])}</a></h3>
<div class="rating" role="img" aria-label="{p['rating']} out of 5 stars"><span class="rating-star" style="--rating:{p['rating']}"></span><span class="rating-count">({p['reviews']})</span></div>
<ul class="swatches">{swatches}</ul>
<div class="price"><span class="price-item price-item--regular">${p['price']:.2f}</span></div></div></div></li>"""

    def grid(self, products: list[dict]) -> str:
        return f'<ul class="grid product-grid grid--4-col-desktop grid--2-col-tablet-down" role="list">{"".join(self.card(p) for p in products)}</ul>'

    def breadcrumbs(self, *trail: tuple[str, str]) -> str:
        items = "".join(f'<li><a href="{href}">{escape(name)}</a></li>' for name, href in (("Home", "/"),) + trail)
        return f'<nav class="breadcrumbs" aria-label="Breadcrumbs"><ol>{items}</ol></nav>'

    # --- page kinds ----------------------------------------------------------------------

    def home(self) -> tuple[str, str]:
        hero = f"""<section class="banner"><img src="/cdn/shop/files/hero-ridge_1920x.jpg" alt="Hikers on a ridge at dawn" width="1920" height="800">
<div class="banner__box"><h1 class="banner__heading">Made for the long way round</h1><p>{self.sentence()}</p>
<a href="/collections/rain-shells-1.html" class="button button--primary">Shop rain shells</a></div></section>"""
        cats = "".join(f'<li class="collection-list__item"><a href="/collections/{slug(s[0])}-1.html"><img src="/cdn/shop/collections/{slug(c)}_400x.jpg" alt="" width="400" height="400" loading="lazy"><span>{escape(c)}</span></a></li>'
                       for c, s in CATEGORIES.items())
        body = f"""{hero}
<section class="collection-list page-width"><h2>Shop by activity</h2><ul class="collection-list__grid">{cats}</ul></section>
<section class="featured-collection page-width"><h2>New this season</h2>{self.grid(self.rng.sample(self.products, 12))}</section>
<section class="rich-text page-width"><h2>Repair, don't replace</h2><p>{self.paragraph()}</p><a href="/pages/repairs.html">Our repair programme</a></section>
<section class="featured-collection page-width"><h2>Best sellers</h2>{self.grid(self.rng.sample(self.products, 8))}</section>"""
        return self.page("/index.html", "Outdoor clothing and gear", body, "index", hotjar=True)

    def collection(self, i: int) -> tuple[str, str]:
        cat, sub, n = self.collections[i]
        filters = "".join(f'<li><label><input type="checkbox" name="filter.colour" value="{slug(c)}"> {c}</label></li>' for c in COLOURS)
        sizes = "".join(f'<li><label><input type="checkbox" name="filter.size" value="{s}"> {s}</label></li>' for s in ["XS", "S", "M", "L", "XL", "XXL"])
        current = ' aria-current="page"'
        pages = "".join(f'<li><a href="/collections/{slug(sub)}-{k}.html"{current if k == n else ""}>{k}</a></li>' for k in range(1, 6))
        body = f"""{self.breadcrumbs((cat, f"/collections/{slug(CATEGORIES[cat][0])}-1.html"))}
<div class="collection-hero page-width"><h1 class="collection-hero__title">{escape(sub)}{f" &ndash; page {n}" if n > 1 else ""}</h1><p>{self.paragraph(2, 3)}</p></div>
<div class="page-width facets-wrapper"><form id="FacetFiltersForm" class="facets" method="get" action="/collections/{slug(sub)}-1.html">
<details open><summary>Colour</summary><ul>{filters}</ul></details><details><summary>Size</summary><ul>{sizes}</ul></details>
<label for="SortBy">Sort by</label><select name="sort_by" id="SortBy"><option value="manual">Featured</option><option value="price-ascending">Price, low to high</option><option value="price-descending">Price, high to low</option><option value="created-descending">Date, new to old</option></select>
<button type="submit" class="button">Apply</button></form>
{self.grid(self.rng.sample(self.products, 24))}
<nav class="pagination" aria-label="Pagination"><ul>{pages}</ul></nav></div>"""
        return self.page(f"/collections/{slug(sub)}-{n}.html", sub, body, "collection")

    def product(self, i: int) -> tuple[str, str]:
        p = self.products[i]
        rng = self.rng
        thumbs = "".join(f'<li><img src="/cdn/shop/products/{slug(p["name"])}-{k}_120x.jpg" alt="" width="120" height="120" loading="lazy"></li>' for k in range(1, 7))
        options = "".join(f'<option value="{c}">{c}</option>' for c in rng.sample(COLOURS, 4))
        sizes = "".join(f'<input type="radio" id="size-{s}" name="Size" value="{s}"{" checked" if s == "M" else ""}><label for="size-{s}">{s}</label>' for s in ["XS", "S", "M", "L", "XL"])
        specs = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in [("Weight", f"{rng.randint(180, 1900)} g"), ("Material", rng.choice(MATERIALS)),
                                                                          ("Fit", rng.choice(["Regular", "Trim", "Relaxed"])), ("Origin", rng.choice(COUNTRIES)), ("SKU", p["sku"])])
        reviews = "".join(f"""<article class="review"><header><span class="rating-star" style="--rating:{rng.randint(2, 5)}"></span><h3>{escape(self.sentence(3, 6))}</h3>
<p class="review__author">{rng.choice(AUTHORS)} &middot; Verified buyer</p></header><p>{self.paragraph(1, 4)}</p></article>""" for _ in range(p["reviews"]))
        # A few themes' back-in-stock forms use GET: the e-mail address lands in the URL.
        notify_method = "get" if i % 23 == 7 else "post"
        body = f"""{self.breadcrumbs(("Shop", "/collections/rain-shells-1.html"))}
<section class="product page-width" itemscope itemtype="https://schema.org/Product">
<div class="product__media"><img src="/cdn/shop/products/{slug(p['name'])}_1024x.jpg" alt="{escape(p['name'])}" width="1024" height="1024" itemprop="image"><ul class="thumbnails">{thumbs}</ul></div>
<div class="product__info"><h1 itemprop="name">{escape(p['name'])}</h1>
<div class="price" itemprop="offers" itemscope itemtype="https://schema.org/Offer"><meta itemprop="priceCurrency" content="USD"><span itemprop="price" content="{p['price']:.2f}">${p['price']:.2f}</span></div>
<form method="post" action="/cart/add" class="product-form" enctype="multipart/form-data">
<input type="hidden" name="id" value="{40000000 + i}">
<label for="colour">Colour</label><select id="colour" name="Colour">{options}</select>
<fieldset class="product-form__sizes"><legend>Size</legend>{sizes}</fieldset>
<label for="qty">Quantity</label><input id="qty" type="number" name="quantity" value="1" min="1">
<button type="submit" name="add" class="button button--primary">Add to cart</button></form>
<form method="{notify_method}" action="/pages/back-in-stock.html" class="back-in-stock"><label for="bis-email">Email me when my size is back</label>
<input type="email" id="bis-email" name="email" autocomplete="email"><input type="hidden" name="variant" value="{40000000 + i}"><button type="submit">Notify me</button></form>
<div class="product__description" itemprop="description"><p>{self.paragraph()}</p><p>{self.paragraph()}</p><ul>{"".join(f"<li>{self.sentence(5, 9)}</li>" for _ in range(5))}</ul></div>
<table class="product__specs">{specs}</table></div></section>
<section class="reviews page-width" id="reviews"><h2>Reviews ({p['reviews']})</h2>{reviews}
<form method="post" action="/reviews" class="review-form"><h3>Write a review</h3>
<label for="r-name">Name</label><input id="r-name" name="review[name]" autocomplete="name" required>
<label for="r-email">Email</label><input id="r-email" type="email" name="review[email]" autocomplete="email" required>
<label for="r-rating">Rating</label><select id="r-rating" name="review[rating]">{"".join(f"<option>{k}</option>" for k in range(5, 0, -1))}</select>
<label for="r-title">Title</label><input id="r-title" name="review[title]">
<label for="r-body">Review</label><textarea id="r-body" name="review[body]" rows="5"></textarea>
<p class="fine-print">We publish your name and review; your email stays private (<a href="/pages/privacy-policy.html">privacy policy</a>).</p>
<button type="submit" class="button">Submit review</button></form></section>
<section class="related-products page-width"><h2>You may also like</h2>{self.grid(rng.sample(self.products, 8))}</section>"""
        return self.page(p["url"], p["name"], body, "product", hotjar=i % 3 == 0)

    def post(self, i: int) -> tuple[str, str]:
        rng = self.rng
        title = self.posts[i]
        sections = []
        for k in range(rng.randint(4, 8)):
            sections.append(f"<h2>{escape(self.sentence(3, 6))}</h2><p>{self.paragraph()}</p><p>{self.paragraph()}</p>")
            if k == 1:
                video = rng.choice(YOUTUBE_IDS)
                sections.append(f'<div class="video-wrapper"><iframe width="560" height="315" src="https://www.youtube.com/embed/{video}" title="YouTube video player" frameborder="0" allow="accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture" allowfullscreen></iframe></div>')
            if k == 2:
                # An old post hot-links a partner's photo over plain HTTP.
                src = "http://images.trailpartner.example/photos/ridge.jpg" if i % 31 == 5 else f"/cdn/shop/articles/{slug(title)}-{k}_1200x.jpg"
                sections.append(f'<figure><img src="{src}" alt="{escape(self.sentence(4, 7))}" width="1200" height="800" loading="lazy"><figcaption>{escape(self.sentence(4, 9))}</figcaption></figure>')
        picks = self.grid(rng.sample(self.products, 4))
        comments = "".join(f'<li class="comment"><p class="comment__author">{rng.choice(AUTHORS)}</p><p>{self.paragraph(1, 3)}</p></li>' for _ in range(rng.randint(0, 6)))
        body = f"""{self.breadcrumbs(("Journal", "/blog/index.html"))}
<article class="article-template page-width"><header><h1>{escape(title)}</h1><p class="article__meta">By {rng.choice(AUTHORS)} &middot; {rng.randint(3, 14)} min read</p></header>
<div class="article-template__content rte">{"".join(sections)}</div>
<section class="article__products"><h2>Gear in this story</h2>{picks}</section>
<section class="article__comments"><h2>Comments</h2><ol>{comments}</ol>
<form method="post" action="/blog/comments" class="comment-form"><label for="c-name">Name</label><input id="c-name" name="comment[author]" autocomplete="name">
<label for="c-email">Email</label><input id="c-email" type="email" name="comment[email]" autocomplete="email">
<label for="c-body">Comment</label><textarea id="c-body" name="comment[body]"></textarea><button type="submit">Post comment</button></form></section></article>"""
        return self.page(f"/blog/{slug(title)}-{i}.html", title, body, "article", gated=False, blog=True, prechecked=i % 17 == 3)

    def cart(self) -> tuple[str, str]:
        lines = "".join(f"""<tr class="cart-item"><td><img src="/cdn/shop/products/{slug(p['name'])}_120x.jpg" alt="" width="120" height="120"></td><td><a href="{p['url']}">{escape(p['name'])}</a></td>
<td><input type="number" name="updates[]" value="1" min="0" aria-label="Quantity"></td><td>${p['price']:.2f}</td></tr>""" for p in self.rng.sample(self.products, 4))
        countries = "".join(f"<option>{c}</option>" for c in COUNTRIES)
        body = f"""<div class="page-width"><h1>Your cart</h1><form action="/cart" method="post" id="cart"><table class="cart-items">{lines}</table>
<label for="note">Order note</label><textarea id="note" name="note"></textarea><button type="submit" name="checkout" class="button">Check out</button></form>
<form action="/cart/shipping_rates" method="get" class="shipping-estimator"><h2>Estimate shipping</h2><label for="c">Country</label><select id="c" name="country">{countries}</select>
<label for="zip">Postal code</label><input id="zip" name="zip" autocomplete="postal-code"><button type="submit">Estimate</button></form>
<h2>Frequently bought together</h2>{self.grid(self.rng.sample(self.products, 8))}</div>"""
        return self.page("/cart.html", "Your cart", body, "cart")

    def checkout(self) -> tuple[str, str]:
        countries = "".join(f"<option>{c}</option>" for c in COUNTRIES)
        # The payment SDK cannot be pinned (its vendor changes it in place); the card-validation
        # helper from a CDN could be and is not: the page a skimmer would want.
        head = ('<script src="https://js.stripe.com/v3/"></script>\n'
                '<script src="https://cdn.jsdelivr.net/npm/card-validator@9.1.0/dist/card-validator.min.js"></script>\n'
                '<script src="https://maps.googleapis.com/maps/api/js?key=AIzaSyB-northwind-demo&amp;libraries=places&amp;callback=initAutocomplete" defer></script>')
        summary = "".join(f"<tr><td>{escape(p['name'])}</td><td>${p['price']:.2f}</td></tr>" for p in self.rng.sample(self.products, 3))
        body = f"""<div class="checkout page-width"><h1>Checkout</h1>
<form method="post" action="/checkout/complete" id="checkout-form" autocomplete="on">
<fieldset><legend>Contact</legend><label for="email">Email</label><input id="email" type="email" name="checkout[email]" autocomplete="email" required>
<label><input type="checkbox" name="checkout[buyer_accepts_marketing]" value="1"> Email me with news and offers</label></fieldset>
<fieldset><legend>Shipping address</legend>
<label for="first">First name</label><input id="first" name="checkout[shipping_address][first_name]" autocomplete="shipping given-name">
<label for="last">Last name</label><input id="last" name="checkout[shipping_address][last_name]" autocomplete="shipping family-name">
<label for="addr1">Address</label><input id="addr1" name="checkout[shipping_address][address1]" autocomplete="shipping address-line1">
<label for="addr2">Apartment, suite</label><input id="addr2" name="checkout[shipping_address][address2]" autocomplete="shipping address-line2">
<label for="city">City</label><input id="city" name="checkout[shipping_address][city]" autocomplete="shipping address-level2">
<label for="country">Country</label><select id="country" name="checkout[shipping_address][country]" autocomplete="shipping country">{countries}</select>
<label for="zip">Postal code</label><input id="zip" name="checkout[shipping_address][zip]" autocomplete="shipping postal-code">
<label for="phone">Phone</label><input id="phone" type="tel" name="checkout[shipping_address][phone]" autocomplete="shipping tel"></fieldset>
<fieldset><legend>Payment</legend>
<label for="cc-name">Name on card</label><input id="cc-name" name="card[name]" autocomplete="cc-name">
<label for="cc-number">Card number</label><input id="cc-number" name="card[number]" inputmode="numeric" autocomplete="off">
<label for="cc-exp">Expiry (MM / YY)</label><input id="cc-exp" name="card[expiry]" autocomplete="cc-exp">
<label for="cc-csc">Security code</label><input id="cc-csc" name="card[cvc]" inputmode="numeric" autocomplete="cc-csc"></fieldset>
<p>By placing your order you agree to our <a href="/pages/terms.html">terms</a> and <a href="/pages/privacy-policy.html">privacy policy</a>.</p>
<button type="submit" class="button button--primary">Pay now</button></form>
<aside class="order-summary"><h2>Order summary</h2><table>{summary}</table></aside></div>"""
        return self.page("/checkout.html", "Checkout", body, "checkout", hotjar=True, extra_head=head)

    def login(self) -> tuple[str, str]:
        body = f"""<div class="customer login page-width"><h1>Log in</h1>
<form method="post" action="/account/login" id="customer_login"><input type="hidden" name="form_type" value="customer_login">
<label for="CustomerEmail">Email</label><input type="email" name="customer[email]" id="CustomerEmail" autocomplete="email" required>
<label for="CustomerPassword">Password</label><input type="password" name="customer[password]" id="CustomerPassword" autocomplete="current-password" required>
<a href="/account/recover.html">Forgot your password?</a><button type="submit" class="button">Sign in</button></form>
<p><a href="/account/register.html">Create account</a></p><p>{self.paragraph(1, 2)}</p></div>"""
        return self.page("/account/login.html", "Log in", body, "customers/login")

    def register(self) -> tuple[str, str]:
        body = """<div class="customer register page-width"><h1>Create account</h1>
<form method="post" action="/account" id="create_customer"><input type="hidden" name="form_type" value="create_customer">
<label for="RegisterForm-FirstName">First name</label><input type="text" name="customer[first_name]" id="RegisterForm-FirstName" autocomplete="given-name">
<label for="RegisterForm-LastName">Last name</label><input type="text" name="customer[last_name]" id="RegisterForm-LastName" autocomplete="family-name">
<label for="RegisterForm-email">Email</label><input type="email" name="customer[email]" id="RegisterForm-email" autocomplete="email" required>
<label for="RegisterForm-password">Password</label><input type="password" name="customer[password]" id="RegisterForm-password" autocomplete="new-password" required>
<label for="RegisterForm-birthday">Birthday (for a birthday discount)</label><input type="date" name="customer[note][birthday]" id="RegisterForm-birthday" autocomplete="bday">
<label class="checkbox"><input type="checkbox" name="customer[accepts_marketing]" value="1" checked> Subscribe to our newsletter and partner offers</label>
<button type="submit" class="button">Create</button></form></div>"""
        return self.page("/account/register.html", "Create account", body, "customers/register")

    def privacy(self) -> tuple[str, str]:
        # Names Google Analytics, Meta and Stripe; says nothing of Hotjar, Google Fonts or YouTube.
        sections = [
            ("Who we are", f"{BRAND} Ltd is the controller of the personal data described in this policy."),
            ("What we collect", "When you order we collect your name, email address, shipping address, phone number and order history. Card details go directly to our payment processor Stripe and never touch our servers."),
            ("Analytics", "We use Google Analytics to understand how visitors use the store. It sets cookies only after you consent in the cookie banner (Cookiebot)."),
            ("Advertising", "With your consent, the Meta Pixel (Facebook) measures the results of our ads."),
            ("Newsletter", "Our newsletter is sent with Mailchimp (Intuit Inc.). You can unsubscribe with the link in every email."),
            ("Your rights", "You may ask for access, rectification, erasure, restriction, portability, and object to processing under Articles 15 to 21 GDPR. Write to privacy@northwind-outfitters.example."),
            ("Retention", "We keep order records for seven years for tax law; account data until you delete your account."),
            ("International transfers", "Some of our processors are in the United States; transfers rely on the EU-US Data Privacy Framework or standard contractual clauses."),
        ]
        body = "".join(f"<h2>{h}</h2><p>{t}</p><p>{self.paragraph(2, 4)}</p>" for h, t in sections)
        return self.page("/pages/privacy-policy.html", "Privacy policy", f'<div class="page-width rte"><h1>Privacy policy</h1><p>Last updated 2 March 2024.</p>{body}</div>', "page")

    def simple(self, path: str, title: str, form: str = "", referrer: str = "") -> tuple[str, str]:
        body = f'<div class="page-width rte"><h1>{escape(title)}</h1>{"".join(f"<p>{self.paragraph()}</p>" for _ in range(5))}{form}</div>'
        return self.page(path, title, body, "page", referrer=referrer)

    def build(self) -> list[tuple[str, str]]:
        contact_form = """<form method="post" action="/contact#contact_form" id="contact_form" class="contact-form"><input type="hidden" name="form_type" value="contact">
<label for="ContactForm-name">Name</label><input id="ContactForm-name" name="contact[name]" autocomplete="name">
<label for="ContactForm-email">Email</label><input id="ContactForm-email" type="email" name="contact[email]" autocomplete="email" required>
<label for="ContactForm-phone">Phone number</label><input id="ContactForm-phone" type="tel" name="contact[phone]" autocomplete="tel">
<label for="ContactForm-body">Comment</label><textarea id="ContactForm-body" name="contact[body]" rows="8"></textarea><button type="submit" class="button">Send</button></form>"""
        # The wholesale page is an old hand-written one: its form still posts over plain HTTP.
        wholesale_form = """<form method="post" action="http://forms.northwind-outfitters.example/wholesale"><label for="w-company">Company</label><input id="w-company" name="company" autocomplete="organization">
<label for="w-email">Email</label><input id="w-email" type="email" name="email" autocomplete="email"><label for="w-vat">VAT number</label><input id="w-vat" name="vat"><button type="submit">Apply</button></form>"""
        makers = {
            "index": self.home, "privacy": self.privacy, "cart": self.cart, "checkout": self.checkout,
            "login": self.login, "register": self.register,
            "contact": lambda: self.simple("/pages/contact-us.html", "Contact us", contact_form),
            "about": lambda: self.simple("/pages/our-story.html", "Our story"),
            "shipping": lambda: self.simple("/pages/shipping-returns.html", "Shipping & returns"),
            "wholesale": lambda: self.simple("/pages/wholesale.html", "Wholesale", wholesale_form, referrer="unsafe-url"),
            "search": lambda: self.simple("/search.html", "Search"),
        }
        pages = [makers[name]() for name in self.fixed]
        pages += [self.collection(i) for i in range(self.n_categories)]
        pages += [self.product(i) for i in range(self.n_products)]
        pages += [self.post(i) for i in range(self.n_posts)]
        return pages


def stylesheet(rng: random.Random, blog: bool) -> str:
    # The theme imports its web font from Google: a third-party request from CSS alone.
    family = "Merriweather:wght@400;700" if blog else "Inter:wght@400;500;600;700"
    rules = [f'@import url("https://fonts.googleapis.com/css2?family={family}&display=swap");',
             ":root{--color-base-text:18,18,18;--color-base-background:255,255,255;--page-width:120rem;--font-body-family:Inter,sans-serif}"]
    for i in range(400 if not blog else 80):
        sel = rng.choice([".card", ".product", ".header", ".footer", ".menu", ".grid", ".button", ".rte", ".facets", ".review"])
        rules.append(f"{sel}__{rng.choice(WORDS)}-{i}{{margin:{rng.randint(0, 40)}px {rng.randint(0, 24)}px;padding:{rng.randint(0, 3)}rem;"
                     f"color:rgba(var(--color-base-text),.{rng.randint(50, 99)});background:url(/cdn/shop/files/bg-{i % 7}.png) no-repeat}}")
    return "\n".join(rules) + "\n"


def generate(out: Path, pages: int, seed: int = 1) -> list[Path]:
    """Write the shop under out (replacing it) and return the files written."""
    if out.exists():
        shutil.rmtree(out)
    shop = Shop(pages, seed)
    written = []
    for path, html in shop.build():
        file = out / path.lstrip("/")
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(html, encoding="utf-8")
        written.append(file)
    for name, blog in [("theme.css", False), ("blog.css", True)]:
        file = out / "assets" / name
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(stylesheet(random.Random(seed), blog), encoding="utf-8")
        written.append(file)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    files = generate(args.out, args.pages, args.seed)
    size = sum(f.stat().st_size for f in files)
    print(f"{args.out}: {len(files)} files ({args.pages} pages + 2 stylesheets), {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
