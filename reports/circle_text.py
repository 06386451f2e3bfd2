"""Every word of the learning circle's outputs (:mod:`reports.circle`, :mod:`reports.circle_handout`), in
Dutch and English; numbers are formatted by :mod:`reports.text`."""

from __future__ import annotations

from collections.abc import Mapping

from scoring.circle import MIN_COMPANIES

from .text import Lang

#: Every fixed text, by key: (Dutch, English). ``{name}`` fields are filled by :func:`ct`.
TEXTS: Mapping[str, tuple[str, str]] = {
    "title": ("Jullie bedrijf naast de leerkring", "Your company beside the learning circle"),
    "intro": (
        "Per thema het gemiddelde van jullie medewerkers naast dat van de andere bedrijven in de leerkring "
        "‘{circle}’. De balk loopt van het op één na laagste tot het op één na hoogste bedrijf; het streepje is "
        "het midden (de mediaan). Zo staat geen enkel bedrijf als getal aan de rand. Vergelijken is een begin van "
        "het gesprek, geen doel: elk bedrijf is anders.",
        "Per theme the mean of your employees beside those of the other companies in the learning circle "
        "‘{circle}’. The band runs from the second lowest to the second highest company; the tick is the middle "
        "(the median). So no single company is a number at the edge. A comparison starts a conversation; it is not "
        "a target: every company is different.",
    ),
    "no_consent": (
        "Jullie bedrijf doet (nog) niet mee aan de vergelijking in de leerkring. Wie meedoet, ziet de anderen; "
        "de programmaleider zet dit aan als jullie dat willen.",
        "Your company does not take part in the learning circle's comparison (yet). Those who take part see the "
        "others; the programme lead turns it on when you want to.",
    ),
    "too_few": ("te weinig bedrijven om te vergelijken", "too few companies to compare"),
    "too_few_long": (
        "Te weinig bedrijven om te vergelijken: er zijn minstens {n} bedrijven nodig die meedoen en van wie de "
        "uitkomsten zijn vrijgegeven.",
        "Too few companies to compare: it takes at least {n} companies that take part and whose results have been "
        "released.",
    ),
    "own_hidden": ("geen eigen uitkomst", "no result of your own"),
    "top": ("bij de bovenste groep", "among the top group"),
    "middle": ("bij de middelste groep", "among the middle group"),
    "bottom": ("bij de onderste groep", "among the bottom group"),
    "th_theme": ("Thema", "Theme"),
    "th_own": ("Jullie bedrijf", "Your company"),
    "th_median": ("Midden van de kring", "Circle's middle"),
    "th_band": ("Middengroep (van–tot)", "Middle range (from–to)"),
    "th_companies": ("Bedrijven", "Companies"),
    "th_position": ("Waar jullie staan", "Where you stand"),
    "th_own_change": ("Jullie verandering", "Your change"),
    "th_changes": ("Verandering in de kring: midden (van–tot)", "Change in the circle: middle (from–to)"),
    "caption": (
        "Grijze balk: de middengroep van de leerkring; zwart streepje: het midden; blauwe stip: jullie bedrijf.",
        "Grey band: the learning circle's middle range; black tick: the middle; blue dot: your company.",
    ),
    "alt": (
        "Per thema een balk met de middengroep van de leerkring en een stip voor jullie bedrijf; de tabel eronder "
        "geeft dezelfde getallen.",
        "Per theme a band with the learning circle's middle range and a dot for your company; the table below "
        "gives the same numbers.",
    ),
    "position_note": (
        "‘Bovenste groep’: boven het bovenste derde van de andere bedrijven; ‘onderste groep’: onder het onderste "
        "derde; anders de middelste groep. Een plaats in een rangorde geven we niet.",
        "‘Top group’: above the upper third of the other companies; ‘bottom group’: below the lower third; "
        "otherwise the middle group. We never give a rank.",
    ),
    "change_note": (
        "Verandering: eindmeting min nulmeting, alleen van bedrijven die bij beide metingen meetellen.",
        "Change: end-line minus baseline, only of companies that count at both measurements.",
    ),
    "wave_note": ("Uitkomsten van de {wave}.", "Results of the {wave}."),
    # the handout
    "handout_title": ("Leerkring ‘{circle}’", "Learning circle ‘{circle}’"),
    "handout_copy_company": ("Exemplaar van {company}", "Copy of {company}"),
    "handout_copy_coach": ("Exemplaar van de coach", "The coach's copy"),
    "handout_intro": (
        "Per thema één stip per bedrijf: het gemiddelde van de medewerkers (afgerond op één decimaal). De letters "
        "zijn op elk overzicht anders: ze zeggen niets over wie wie is en zijn niet te vergelijken met een ander "
        "overzicht. Alleen bedrijven die meedoen en minstens {threshold} vrijgegeven reacties hebben, staan erop.",
        "Per theme one dot per company: the mean of its employees (rounded to one decimal). The letters differ on "
        "every handout: they say nothing about who is who and cannot be matched with another handout. Only "
        "companies that take part and have at least {threshold} released responses are shown.",
    ),
    "yours": ("jullie bedrijf", "your company"),
    "yours_letter": ("Jullie bedrijf is {letter}.", "Your company is {letter}."),
    "dots_title": ("Waar de bedrijven staan", "Where the companies stand"),
    "dots_caption": ("Eén stip per bedrijf, met zijn letter.", "One dot per company, with its letter."),
    "dots_alt": (
        "Per thema de gemiddelden van de bedrijven in de leerkring als stippen met een letter; de tabel eronder "
        "geeft dezelfde getallen.",
        "Per theme the means of the companies in the learning circle as lettered dots; the table below gives the "
        "same numbers.",
    ),
    "tried_title": ("Wat de anderen probeerden", "What the others tried"),
    "tried_intro": (
        "Acties die bedrijven in hun plan van aanpak deelden met de leerkring. De naam van het bedrijf staat er "
        "alleen bij als het dat zelf wilde.",
        "Actions companies shared with the learning circle from their plan of approach. The company is named only "
        "when it chose to be.",
    ),
    "tried_none": ("Nog geen gedeelde acties.", "No shared actions yet."),
    "th_action": ("Actie", "Action"),
    "th_status": ("Stand van zaken", "Status"),
    "th_company": ("Bedrijf", "Company"),
    "unnamed": ("–", "–"),
    "status_planned": ("gepland", "planned"),
    "status_in_progress": ("bezig", "in progress"),
    "status_done": ("klaar", "done"),
    "status_stopped": ("gestopt", "stopped"),
    "region_title": ("De band per regio", "The band per region"),
    "region_intro": (
        "Per regio en thema het midden en de middengroep van de gemiddelden van de bedrijven die meedoen (van het "
        "op één na laagste tot het op één na hoogste bedrijf), bij de {wave}. Vanaf {n} bedrijven.",
        "Per region and theme the middle and the middle range of the means of the companies that take part (from "
        "the second lowest to the second highest company), at the {wave}. From {n} companies.",
    ),
    "th_region": ("Regio", "Region"),
}


def ct(key: str, lang: Lang, **fields: object) -> str:
    """The circle's text ``key`` in ``lang``, with ``fields`` filled in (and ``{n}``: the minimum companies)."""
    nl, en = TEXTS[key]
    text = nl if lang == "nl" else en
    return text.format(**{"n": MIN_COMPANIES, **fields}) if "{" in text else text
