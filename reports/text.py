"""Every word a report shows, in Dutch and English, and the plain-language effect-size words.

Reports are written for coaches and managers at the kitchen table, so numbers come with words:

* **Effect size in words.** The size comes from the scoring engine's label for Hedges' g
  (:func:`scoring.change.effect_size_label`, Cohen 1988: |g| below 0.2 negligible, below 0.5 small, below
  0.8 medium, from 0.8 large); this module only adds the direction and the language:

  ============  ===================================  =====================================
  label         positive g                           negative g
  ============  ===================================  =====================================
  negligible    geen duidelijke verandering          no clear change
  small         kleine verbetering / -achteruitgang  small improvement / decline
  medium        middelgrote verbetering / ...        medium-sized improvement / decline
  large         grote verbetering / ...              large improvement / decline
  ============  ===================================  =====================================

  With a full comparison (10+ per wave) whose 95 % interval of the difference includes 0, the words get
  "(onzeker)" / "(uncertain)": the change may be chance. Between 5 and 9 per wave there is no interval and
  the words get "(indicatief)" / "(indicative)".
* **Suppressed results** read "te weinig reacties (minder dan 5)" / "too few responses (fewer than 5)",
  with the questionnaire's threshold in place of 5. Never a number.

Numbers are formatted here too (Dutch decimal comma, English decimal point), so every output agrees.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Literal
from zoneinfo import ZoneInfo

from scoring.anonymity import COMMENTS_MIN, REFERENCE_MIN_COMPANIES
from scoring.focus_contrast import MIN_COMPANIES
from scoring.reference import PROGRAMME_MIN_N
from scoring.results import DimensionComparison, SuppressedComparison

Lang = Literal["nl", "en"]
LANGUAGES: tuple[Lang, ...] = ("nl", "en")

#: Every fixed text, by key: (Dutch, English). ``{name}`` fields are filled by :func:`t`.
TEXTS: Mapping[str, tuple[str, str]] = {
    # cover and general
    "report_title": ("Leercultuur: rapport", "Learning culture: report"),
    "programme_title": ("Leercultuur: programmarapport", "Learning culture: programme report"),
    "region": ("Regio", "Region"),
    "questionnaire": ("Vragenlijst", "Questionnaire"),
    "data_date": ("Uitkomsten vrijgegeven op", "Results released on"),
    "no_data_date": ("nog geen uitkomsten vrijgegeven", "no results released yet"),
    "computed_at": ("Berekend op {moment}", "Computed on {moment}"),
    "wave": ("Meting", "Measurement"),
    "period": ("Periode", "Period"),
    "open_since": ("open sinds {date}", "open since {date}"),
    "employees": ("Medewerkers", "Employees"),
    "managers": ("Leidinggevenden", "Managers"),
    "responses_of": ("{responded} van {invited} ({rate})", "{responded} of {invited} ({rate})"),
    "responses_none_invited": ("{responded} (geen uitnodigingen)", "{responded} (no invitations)"),
    "page": ("pagina {page}", "page {page}"),
    "contents": ("Inhoud", "Contents"),
    "baseline": ("Nulmeting", "Baseline"),
    "endline": ("Eindmeting", "End-line"),
    "baseline_lc": ("nulmeting", "baseline"),
    "endline_lc": ("eindmeting", "end-line"),
    "no_waves": ("Er is nog geen meting.", "There is no measurement yet."),
    # anonymity and levels
    "suppressed": ("te weinig reacties (minder dan {threshold})", "too few responses (fewer than {threshold})"),
    "indicative": ("indicatief", "indicative"),
    "indicative_note": (
        "Indicatief: {low} tot {high} reacties. Dit geeft een eerste beeld; intervallen worden pas vanaf "
        "{high_plus} reacties getoond.",
        "Indicative: {low} to {high} responses. This gives a first impression; intervals are shown only from "
        "{high_plus} responses.",
    ),
    "clipped_note": (
        "Een 95%-interval kan niet verder gaan dan mogelijk is. Waar het verder zou lopen, stopt het bij de "
        "laagste of hoogste score van de schaal, of bij het grootst mogelijke verschil.",
        "A 95% interval cannot go beyond what is possible. Where it would, it stops at the lowest or highest "
        "score of the scale, or at the largest possible difference.",
    ),
    "alpha_no_scale": (
        "de stellingen van dit thema vormen hier geen schaal",
        "the statements of this theme do not form one scale here",
    ),
    "level": ("Zekerheid", "Certainty"),
    "level_full": ("volledig", "full"),
    "level_indicative": ("indicatief", "indicative"),
    "no_managers": ("geen leidinggevenden", "no managers"),
    "no_answers": ("geen antwoorden", "no answers"),
    "no_comparison": (
        "Nog geen vergelijking: daarvoor zijn een nulmeting en een eindmeting met dezelfde vragenlijst nodig.",
        "No comparison yet: that needs a baseline and an end-line with the same questionnaire.",
    ),
    "not_comparable": ("geen vergelijking", "no comparison"),
    "not_determinable": ("niet te bepalen", "cannot be determined"),
    # headings
    "summary": ("Samenvatting", "Summary"),
    "profile": ("Profiel", "Profile"),
    "comparison": ("Nulmeting en eindmeting", "Baseline and end-line"),
    "gap": ("Leidinggevenden en medewerkers", "Managers and employees"),
    "items": ("Antwoorden per stelling", "Answers per statement"),
    "plans": ("Ontwikkelplannen", "Development plans"),
    "methods": ("Hoe de cijfers tot stand komen", "How the numbers are made"),
    "programme_change": ("Verandering per bedrijf", "Change per company"),
    "region_change": ("Verandering per regio", "Change per region"),
    "programme_plans": ("Ontwikkelplannen per regio", "Development plans per region"),
    "companies_overview": ("Deelnemende bedrijven", "Participating companies"),
    # chart titles and captions
    "profile_title": ("Profiel: gemiddelde per thema ({wave})", "Profile: average per theme ({wave})"),
    "profile_caption": (
        "Gemiddelde score per thema op een schaal van {min} (helemaal oneens) tot {max} (helemaal eens); hoger is "
        "beter. Balk: medewerkers, met 95%-interval; ruit: leidinggevenden.",
        "Average score per theme on a scale from {min} (strongly disagree) to {max} (strongly agree); higher is "
        "better. Bar: employees, with 95% interval; diamond: managers.",
    ),
    "profile_alt": (
        "Liggende staafdiagram met de gemiddelde score van medewerkers en leidinggevenden per thema; de "
        "cijfers staan in de tabel eronder.",
        "Horizontal bar chart of the average score of employees and managers per theme; the numbers are in the "
        "table below.",
    ),
    "comparison_title": ("Nulmeting en eindmeting per thema", "Baseline and end-line per theme"),
    "comparison_caption": (
        "Gemiddelde van medewerkers bij de nulmeting (cirkel) en de eindmeting (vierkant), met 95%-interval. "
        "Rechts: het verschil en de grootte van de verandering in woorden (Hedges' g).",
        "Employees' average at the baseline (circle) and the end-line (square), with 95% interval. Right: the "
        "difference and the size of the change in words (Hedges' g).",
    ),
    "comparison_alt": (
        "Puntdiagram met per thema het gemiddelde bij de nulmeting en de eindmeting en de verandering; de cijfers "
        "staan in de tabel eronder.",
        "Dot chart with per theme the average at the baseline and the end-line and the change; the numbers are in "
        "the table below.",
    ),
    "gap_title": ("Leidinggevenden en medewerkers ({wave})", "Managers and employees ({wave})"),
    "gap_caption": (
        "Per thema het gemiddelde van medewerkers (cirkel) en leidinggevenden (ruit). Een lange lijn betekent dat "
        "zij het verschillend zien: een goed gespreksonderwerp.",
        "Per theme the average of employees (circle) and managers (diamond). A long line means they see it "
        "differently: a good topic for the conversation.",
    ),
    "gap_alt": (
        "Haltergrafiek met per thema het gemiddelde van medewerkers en leidinggevenden; de cijfers staan in de "
        "tabel eronder.",
        "Dumbbell chart with per theme the average of employees and managers; the numbers are in the table below.",
    ),
    "items_title": ("Antwoorden per stelling ({wave})", "Answers per statement ({wave})"),
    "part": ("(deel {part} van {parts})", "(part {part} of {parts})"),
    "items_caption": (
        "Verdeling van de antwoorden van medewerkers: oneens links, eens rechts, in procenten van wie een "
        "antwoord op de schaal gaf. Rechts apart: hoeveel procent 'weet ik niet' koos.",
        "How employees answered: disagree to the left, agree to the right, in percent of those who answered on "
        "the scale. Apart on the right: the percentage who chose 'don't know'.",
    ),
    "items_alt": (
        "Gestapelde staafdiagram per stelling met de verdeling van eens en oneens; de cijfers staan in de tabel "
        "eronder.",
        "Stacked bar chart per statement with the spread of agree and disagree; the numbers are in the table below.",
    ),
    "reverse_marker": ("(negatief gesteld)", "(negatively worded)"),
    "plans_title": ("Ontwikkelplannen tegen het doel van {target}", "Development plans against the {target} target"),
    "plans_caption": (
        "Aandeel medewerkers met een ontwikkelplan, en met een plan waar zij al aan werken. De stippellijn is het "
        "programmadoel: minstens de helft heeft een plan.",
        "Share of employees with a development plan, and with a plan they are already working on. The dashed "
        "line is the programme target: at least half has a plan.",
    ),
    "plans_alt": (
        "Staafdiagram met het aandeel medewerkers met een ontwikkelplan per meting, tegen de doellijn; de cijfers "
        "staan in de tabel eronder.",
        "Bar chart of the share of employees with a development plan per measurement, against the target line; "
        "the numbers are in the table below.",
    ),
    "with_plan": ("heeft een plan", "has a plan"),
    "working": ("werkt eraan", "working on it"),
    "target": ("doel {target}", "target {target}"),
    "meets_target": ("doel gehaald", "target met"),
    "below_target": ("doel nog niet gehaald", "target not met yet"),
    "programme_change_title": ("{dimension}: verandering per bedrijf", "{dimension}: change per company"),
    "programme_change_caption": (
        "Hedges' g (eindmeting min nulmeting, in standaarddeviaties) met 95%-interval per bedrijf (A, B, C ...), "
        "per regio (ruit, alle bedrijven van de regio samen) en voor het hele programma. Rechts van 0 is "
        "verbetering.",
        "Hedges' g (end-line minus baseline, in standard deviations) with 95% interval per company (A, B, C ...), "
        "per region (diamond, all the region's companies together) and for the whole programme. Right of 0 is "
        "improvement.",
    ),
    "programme_change_alt": (
        "Forestplot met de verandering per bedrijf en per regio; de cijfers staan in de tabel eronder.",
        "Forest plot of the change per company and per region; the numbers are in the table below.",
    ),
    "region_change_title": ("Verandering per regio en thema", "Change per region and theme"),
    "region_change_caption": (
        "Hedges' g met 95%-interval per regio (alle bedrijven met beide metingen samen) en per thema. Rechts van 0 "
        "is verbetering.",
        "Hedges' g with 95% interval per region (all companies with both measurements together) and per theme. "
        "Right of 0 is improvement.",
    ),
    "region_change_alt": (
        "Puntdiagram met per thema de verandering per regio; de cijfers staan in de tabel eronder.",
        "Dot chart with per theme the change per region; the numbers are in the table below.",
    ),
    "programme_plans_caption": (
        "Aandeel medewerkers met een ontwikkelplan per regio, bij de nulmeting en de eindmeting, tegen het "
        "programmadoel.",
        "Share of employees with a development plan per region, at the baseline and the end-line, against the "
        "programme target.",
    ),
    "programme_total": ("Hele programma", "Whole programme"),
    "company_letter": ("Bedrijf", "Company"),
    "anonymised_note": (
        "Bedrijven zijn geanonimiseerd als A, B, C ... in een vaste volgorde die niets over hun naam zegt. Alleen "
        "bedrijven met een nulmeting en een eindmeting met dezelfde vragenlijst tellen mee.",
        "Companies are anonymised as A, B, C ... in a fixed order that says nothing about their name. Only "
        "companies with a baseline and an end-line with the same questionnaire count.",
    ),
    "not_in_programme": (
        "{count} bedrijf/bedrijven zonder beide metingen (of met een andere vragenlijst) tellen niet mee.",
        "{count} company/companies without both measurements (or with another questionnaire) do not count.",
    ),
    # the programme's plans of approach (reports.programme_sections)
    # the programme report's summary (reports/programme_summary.py)
    "programme_summary_title": ("In het kort", "In brief"),
    "programme_summary_intro": (
        "{companies} bedrijven in {regions} regio's, elk met een nulmeting en een eindmeting. Eerst de verandering "
        "in woorden, daarna de cijfers per regio en per bedrijf (A, B, C …).",
        "{companies} companies in {regions} regions, each with a baseline and an end-line. First the change in "
        "words, then the numbers per region and per company (A, B, C …).",
    ),
    "programme_summary_programme_themes": ("Het hele programma, per thema", "The whole programme, per theme"),
    "programme_summary_regions": ("Per regio", "Per region"),
    "programme_summary_region_line": (
        "{region}: beter op {rose} van de {themes} thema's, minder op {fell}",
        "{region}: better on {rose} of the {themes} themes, worse on {fell}",
    ),
    "programme_summary_region_hidden": ("; {hidden} niet te tonen", "; {hidden} cannot be shown"),
    "programme_summary_note": (
        "Beter of minder: duidelijk, iets of lijkt (zie de woorden per thema); de rest veranderde weinig of kan "
        "toeval zijn.",
        "Better or worse: clearly, slightly or seems (see the words per theme); the rest changed little or may be "
        "chance.",
    ),
    "approach_title": ("Plannen van aanpak", "Plans of approach"),
    "approach_intro": (
        "{with_plan} van de {companies} bedrijven hebben een plan van aanpak. {with_done} bedrijven ({share}) "
        "hebben minstens één actie afgerond.",
        "{with_plan} of the {companies} companies have a plan of approach. {with_done} companies ({share}) have "
        "finished at least one action.",
    ),
    "approach_none": (
        "Nog geen enkel bedrijf heeft een plan van aanpak.",
        "No company has a plan of approach yet.",
    ),
    "approach_table": ("Plannen en acties per regio", "Plans and actions per region"),
    "approach_note": (
        "Alle bedrijven van het programma tellen mee, ook die nog geen eindmeting hebben. Een plan telt mee als "
        "het minstens één thema heeft. Een plan bevat geen antwoorden van medewerkers.",
        "Every company of the programme counts, also those without an end-line yet. A plan counts when it has at "
        "least one theme. A plan holds no answers of employees.",
    ),
    "th_companies": ("Bedrijven", "Companies"),
    "th_with_approach": ("Met plan", "With a plan"),
    "th_without_approach": ("Zonder plan", "Without a plan"),
    "th_actions_planned": ("Acties gepland", "Actions planned"),
    "th_actions_in_progress": ("Acties bezig", "Actions in progress"),
    "th_actions_done": ("Acties klaar", "Actions done"),
    "th_actions_stopped": ("Acties gestopt", "Actions stopped"),
    "th_with_done": ("Met een afgeronde actie", "With a finished action"),
    "contrast_title": ("Gingen de gekozen thema's meer omhoog?", "Did the chosen themes rise more?"),
    "contrast_more": (
        "Thema's waar bedrijven aan werkten gingen gemiddeld {difference} punt meer omhoog dan de andere thema's",
        "Themes companies worked on rose on average {difference} points more than the other themes",
    ),
    "contrast_less": (
        "Thema's waar bedrijven aan werkten gingen gemiddeld {difference} punt minder omhoog dan de andere thema's",
        "Themes companies worked on rose on average {difference} points less than the other themes",
    ),
    "contrast_same": (
        "Thema's waar bedrijven aan werkten gingen gemiddeld evenveel omhoog als de andere thema's",
        "Themes companies worked on rose on average as much as the other themes",
    ),
    "contrast_facts": (
        " ({companies} bedrijven; gekozen thema's {focus}, andere thema's {other}, op een schaal van {min} tot {max}).",
        " ({companies} companies; chosen themes {focus}, other themes {other}, on a scale from {min} to {max}).",
    ),
    "contrast_uncertain": (
        "Dat verschil kan toeval zijn: het 95%-interval loopt van {low} tot {high} en daar zit 0 tussen.",
        "That difference may be chance: the 95% interval runs from {low} to {high}, which includes 0.",
    ),
    "contrast_certain": (
        "Dat verschil is waarschijnlijk geen toeval: het 95%-interval loopt van {low} tot {high}.",
        "That difference is probably not chance: the 95% interval runs from {low} to {high}.",
    ),
    "contrast_identical": (
        "Elk bedrijf heeft precies hetzelfde verschil, dus er is geen interval.",
        "Every company has exactly the same difference, so there is no interval.",
    ),
    "contrast_caveat": (
        "Let op: bedrijven kozen vaak de thema's waar ze het laagst scoorden; de gekozen thema's begonnen "
        "gemiddeld {baseline} punt lager dan de andere. Lage scores gaan bij een volgende meting vaak vanzelf wat "
        "omhoog, ook zonder acties (regressie naar het gemiddelde). Een deel van het verschil kan daardoor komen. "
        "Zie het verschil als een aanwijzing, niet als bewijs dat de acties werkten.",
        "Note: companies often chose the themes where they scored lowest; the chosen themes started on average "
        "{baseline} points lower than the others. Low scores tend to rise a little at the next measurement anyway, "
        "even without actions (regression to the mean). Part of the difference may come from that. Read the "
        "difference as a hint, not as proof that the actions worked.",
    ),
    "contrast_caveat_not_lower": (
        "Let op: de gekozen thema's begonnen niet lager dan de andere, dus dat lage scores vanzelf wat omhoog "
        "gaan (regressie naar het gemiddelde) verklaart het verschil hier weinig. Toch is het geen bewijs dat de "
        "acties werkten: de bedrijven kozen hun thema's zelf, en andere dingen veranderden ook.",
        "Note: the chosen themes did not start lower than the others, so low scores rising a little anyway "
        "(regression to the mean) explains little of the difference here. Still it is no proof that the actions "
        "worked: the companies chose their themes themselves, and other things changed too.",
    ),
    "contrast_weakest": (
        "Vergelijken we alleen thema's die bij de nulmeting ook laag scoorden (de zwakste helft van elk "
        "bedrijf), dan gingen de gekozen thema's gemiddeld {difference} punt {direction} omhoog dan de andere "
        "zwakke thema's ({companies} bedrijven; 95%-interval {interval}). Is dit verschil veel kleiner dan het "
        "eerste, dan komt het eerste verschil waarschijnlijk grotendeels door regressie naar het gemiddelde.",
        "Comparing only themes that also scored low at the baseline (each company's weaker half), the chosen "
        "themes rose on average {difference} points {direction} than the other weak themes ({companies} "
        "companies; 95% interval {interval}). If this difference is much smaller than the first, the first is "
        "probably mostly regression to the mean.",
    ),
    "more": ("meer", "more"),
    "less": ("minder", "less"),
    "contrast_weakest_none": (
        "Binnen de zwakste helft van de thema's zijn te weinig bedrijven te vergelijken ({companies}, minstens "
        "{minimum} nodig). Hoeveel van het verschil door regressie naar het gemiddelde komt, is daarom niet te "
        "schatten.",
        "Within the weaker half of the themes too few companies can be compared ({companies}, at least {minimum} "
        "needed). How much of the difference comes from regression to the mean can therefore not be estimated.",
    ),
    "contrast_none": (
        "Dit is nog niet te berekenen. Daarvoor zijn minstens {minimum} bedrijven nodig met een plan van aanpak "
        "en met uitkomsten van de nulmeting en de eindmeting; nu zijn het er {companies}.",
        "This cannot be computed yet. It needs at least {minimum} companies with a plan of approach and with "
        "results of the baseline and the end-line; there are {companies} now.",
    ),
    "contrast_table": ("Gekozen en andere thema's in cijfers", "Chosen and other themes in numbers"),
    "contrast_all": ("Alle thema's", "All themes"),
    "contrast_weaker_half": ("Zwakste helft bij de nulmeting", "Weaker half at the baseline"),
    "contrast_too_few": (
        "te weinig bedrijven: {companies} (minstens {minimum} nodig)",
        "too few companies: {companies} (at least {minimum} needed)",
    ),
    "th_comparison_set": ("Vergelijking", "Comparison"),
    "th_chosen_change": ("Verandering gekozen thema's", "Change of chosen themes"),
    "th_other_change": ("Verandering andere thema's", "Change of other themes"),
    "th_start_difference": ("Startverschil (gekozen min andere)", "Start difference (chosen minus other)"),
    "contrast_note": (
        "Per bedrijf: de gemiddelde verandering van de gekozen thema's min die van de andere thema's (eindmeting "
        "min nulmeting, medewerkers). Daarna het gemiddelde over de bedrijven, met 95%-interval; elk bedrijf telt "
        "even zwaar. Een thema telt als gekozen zodra het in het plan staat, ook als de acties niet af zijn. Alleen "
        "uitkomsten die getoond mogen worden tellen mee. Cijfers per bedrijf staan er niet bij: met het plan "
        "ernaast zou te zien zijn welk bedrijf welke letter heeft.",
        "Per company: the average change of the chosen themes minus that of the other themes (end-line minus "
        "baseline, employees). Then the average over the companies, with 95% interval; every company counts the "
        "same. A theme counts as chosen once it is in the plan, even if its actions are not finished. Only results "
        "that may be shown count. There are no figures per company: beside the plan they would tell which company "
        "has which letter.",
    ),
    "contrast_dropped": (
        "Niet meegeteld, omdat hun cijfers niet getoond mogen worden (te weinig reacties, of om een klein bedrijf "
        "in de regio te beschermen): {no_focus} bedrijf/bedrijven zonder getoond gekozen thema, {no_other} zonder "
        "getoond ander thema.",
        "Not counted, because their numbers may not be shown (too few responses, or to protect a small company in "
        "the region): {no_focus} company/companies without a shown chosen theme, {no_other} without a shown other "
        "theme.",
    ),
    "contrast_without_plan": (
        "{count} bedrijf/bedrijven met beide metingen maar zonder plan van aanpak tellen niet mee.",
        "{count} company/companies with both measurements but without a plan of approach do not count.",
    ),
    # table headers
    "th_dimension": ("Thema", "Theme"),
    "th_n": ("n", "n"),
    "th_mean": ("Gemiddelde", "Average"),
    "th_ci": ("95%-interval", "95% interval"),
    "th_favourable": ("% positief", "% favourable"),
    "th_employees_mean": ("Medewerkers", "Employees"),
    "th_managers_mean": ("Leidinggevenden", "Managers"),
    "th_gap": ("Verschil (leiding min medewerkers)", "Gap (managers minus employees)"),
    "th_baseline": ("Nulmeting", "Baseline"),
    "th_endline": ("Eindmeting", "End-line"),
    "th_difference": ("Verschil", "Difference"),
    "th_difference_ci": ("95%-interval verschil", "95% interval of the difference"),
    "th_g": ("Hedges' g", "Hedges' g"),
    "th_g_ci": ("95%-interval g", "95% interval of g"),
    "th_words": ("In woorden", "In words"),
    "th_favourable_change": ("Verandering % positief", "Change in % favourable"),
    "th_statement": ("Stelling", "Statement"),
    "th_dont_know": ("weet ik niet", "don't know"),
    "th_blank": ("niet ingevuld", "left blank"),
    "th_wave": ("Meting", "Measurement"),
    "th_with_plan": ("Heeft een plan", "Has a plan"),
    "th_working": ("Werkt eraan", "Working on it"),
    "th_target": ("Doel", "Target"),
    "th_company": ("Bedrijf", "Company"),
    "th_region": ("Regio", "Region"),
    "th_group": ("Groep", "Group"),
    # the first screen (reports/first_screen.py): words for an owner, numbers only for development plans
    "summary_intro": (
        "Het belangrijkste uit de {wave}, in woorden. Daarna volgen alle cijfers in grafieken en tabellen; "
        "achteraan staat hoe de cijfers tot stand komen.",
        "The main points of the {wave}, in words. All the numbers follow in charts and tables; at the end is "
        "how the numbers are made.",
    ),
    "summary_indicative": (
        "Er zijn nog weinig reacties ({low} tot {high}). Zie dit daarom als een eerste indruk.",
        "There are still few responses ({low} to {high}). So take this as a first impression.",
    ),
    "first_best": ("Wat het best gaat", "What goes best"),
    "first_best_text": ("Hierover zijn medewerkers het meest positief:", "Employees are most positive about:"),
    "first_attention": ("Wat aandacht nodig heeft", "What needs attention"),
    "first_attention_text": ("Hierover zijn medewerkers het minst positief:", "Employees are least positive about:"),
    "first_attention_ideas": (
        "Verderop staan ideeën om hiermee te beginnen.",
        "Further on are ideas to start with.",
    ),
    "first_not_shown": ("Niet getoond", "Not shown"),
    "first_not_shown_text": (
        "Over deze thema's zeggen we niets: {reason}.",
        "We say nothing about these themes: {reason}.",
    ),
    "first_too_few": ("Hoe het ervoor staat", "Where things stand"),
    "first_too_few_text": (
        "Nog niets te zeggen: {reason}. Zo blijft iedereen anoniem. De uitkomsten komen als genoeg medewerkers "
        "de vragenlijst hebben ingevuld.",
        "Nothing to say yet: {reason}. That keeps everyone anonymous. The results come once enough employees "
        "have filled in the questionnaire.",
    ),
    "first_gap": ("Waar leiding en medewerkers het anders zien", "Where managers and employees see it differently"),
    "first_gap_text": (
        "Hier zien leidinggevenden het anders dan medewerkers. Dat is een goed onderwerp voor een gesprek:",
        "Here managers see it differently from employees. That is a good topic for a conversation:",
    ),
    "first_gap_same": (
        "Leidinggevenden en medewerkers zien de thema's ongeveer hetzelfde.",
        "Managers and employees see the themes about the same.",
    ),
    "first_gap_none": (
        "Niet te vergelijken: er is geen uitkomst van leidinggevenden.",
        "Cannot be compared: there is no result from managers.",
    ),
    "gap_managers_higher": (
        "{name}: leidinggevenden zijn positiever dan medewerkers",
        "{name}: managers are more positive than employees",
    ),
    "gap_managers_lower": (
        "{name}: leidinggevenden zijn minder positief dan medewerkers",
        "{name}: managers are less positive than employees",
    ),
    "first_plans_text": (
        "{with_plan} van de medewerkers heeft een ontwikkelplan en {working} werkt er al aan. Het doel van het "
        "programma is minstens {target}: {verdict}.",
        "{with_plan} of the employees have a development plan and {working} are already working on it. The "
        "programme's target is at least {target}: {verdict}.",
    ),
    "first_plans_baseline": ("Bij de nulmeting was dat {with_plan}.", "At the baseline it was {with_plan}."),
    "first_plans_baseline_hidden": (
        "Bij de nulmeting is dit niet te tonen: {reason}.",
        "At the baseline this cannot be shown: {reason}.",
    ),
    "first_plans_hidden": (
        "Niet te tonen: {reason}. Het doel van het programma is dat minstens {target} van de medewerkers een "
        "ontwikkelplan heeft.",
        "Cannot be shown: {reason}. The programme's target is that at least {target} of the employees have a "
        "development plan.",
    ),
    "first_change": ("Wat veranderde sinds de nulmeting", "What changed since the baseline"),
    "first_change_text": (
        "Per thema, de eindmeting vergeleken met de nulmeting:",
        "Per theme, the end-line compared with the baseline:",
    ),
    "first_change_line": ("{word}: {names}", "{word}: {names}"),
    "first_change_note": (
        "Duidelijk of iets beter (of minder): groot genoeg om op te vallen en waarschijnlijk geen toeval. Geen "
        "duidelijke verandering: er veranderde weinig, of het kan toeval zijn. De cijfers staan verderop.",
        "Clearly or slightly better (or worse): large enough to notice and probably not chance. No clear change: "
        "little changed, or it may be chance. The numbers follow further on.",
    ),
    "first_change_seems": (
        "Lijkt beter of minder: een flinke verandering, maar met te weinig reacties om zeker te zijn.",
        "Seems better or worse: a sizeable change, but with too few responses to be sure.",
    ),
    "first_plan": ("Plan van aanpak", "Plan of approach"),
    "first_plan_none": (
        "Er is nog geen plan van aanpak. Kies samen met de coach één tot drie thema's om aan te werken.",
        "There is no plan of approach yet. Choose one to three themes to work on, together with the coach.",
    ),
    "first_plan_text": (
        "In het plan: {themes}. Acties klaar: {done} van {total}; bezig: {busy}.",
        "In the plan: {themes}. Actions done: {done} of {total}; in progress: {busy}.",
    ),
    "first_plan_no_actions": (
        "In het plan: {themes}. Er zijn nog geen acties.",
        "In the plan: {themes}. There are no actions yet.",
    ),
    "first_plan_endline": (
        "Verderop staat per thema wat het bedrijf deed, naast wat er veranderde.",
        "Further on, per theme: what the company did, beside what changed.",
    ),
    "to_plan": ("Naar het plan van aanpak", "To the plan of approach"),
    # the change in words for an owner (reports/words.py)
    "change_clearly_better": ("duidelijk beter", "clearly better"),
    "change_slightly_better": ("iets beter", "slightly better"),
    "change_seems_better": ("lijkt beter", "seems better"),
    "change_no_clear_change": ("geen duidelijke verandering", "no clear change"),
    "change_seems_worse": ("lijkt minder", "seems worse"),
    "change_slightly_worse": ("iets minder", "slightly worse"),
    "change_clearly_worse": ("duidelijk minder", "clearly worse"),
    "change_not_determinable": ("niet te bepalen", "cannot be determined"),
    "change_hidden": ("niet getoond: {reason}", "not shown: {reason}"),
    "hidden_to_protect": ("verborgen om een kleine groep te beschermen", "hidden to protect a small group"),
    # ideas to start with (the questionnaire's suggestions)
    "ideas": ("Ideeën om mee te beginnen", "Ideas to start with"),
    "ideas_intro": (
        "Voor de thema's die aandacht nodig hebben, geeft de vragenlijst een paar ideeën. Gebruik ze als begin "
        "van het plan van aanpak en maak ze passend voor uw bedrijf. Het plan maakt u in Quickscan, op de pagina "
        "van het bedrijf.",
        "For the themes that need attention, the questionnaire offers a few ideas. Use them as a start for the "
        "plan of approach and make them fit your company. You make the plan in Quickscan, on the company's page.",
    ),
    "ideas_about": ("Waar het om gaat: {description}", "What it is about: {description}"),
    # the plan of approach against the change (reports/plan_change.py)
    "plan_change": ("Plan van aanpak en verandering", "Plan of approach and change"),
    "plan_change_intro": (
        "Per thema van het plan van aanpak: wat het bedrijf deed, naast wat er veranderde van de nulmeting tot "
        "de eindmeting.",
        "Per theme of the plan of approach: what the company did, beside what changed from the baseline to the "
        "end-line.",
    ),
    "plan_change_caveat": (
        "Let op: een verandering bewijst niet dat de acties die veroorzaakten. Er gebeurt in de tussentijd meer "
        "in een bedrijf. En een thema dat laag scoorde, gaat vaak vanzelf wat omhoog. Het is wel een goed begin "
        "van het gesprek: wat werkte, en wat niet?",
        "Note: a change does not prove that the actions caused it. More happens in a company in the meantime. "
        "And a theme that scored low often rises a little by itself. It is a good start for the conversation, "
        "though: what worked, and what did not?",
    ),
    "plan_only_intro": (
        "Per thema van het plan van aanpak: de acties en hoe ver ze zijn. Wat er veranderde, staat hier na de "
        "eindmeting.",
        "Per theme of the plan of approach: the actions and how far they are. What changed will be here after "
        "the end-line.",
    ),
    "plan_change_title": (
        "De verandering bij de thema's van het plan, in cijfers",
        "The change in the plan's themes, in numbers",
    ),
    "plan_area": ("{name}: {change}", "{name}: {change}"),
    "plan_why": ("Waarom gekozen: {why}", "Why chosen: {why}"),
    "plan_no_actions": ("Nog geen acties.", "No actions yet."),
    "action_owner": ("wie: {owner}", "who: {owner}"),
    "action_steps": ("{done} van {total} stappen", "{done} of {total} steps"),
    "action_due": ("uiterlijk {date}", "due {date}"),
    "status_planned": ("gepland", "planned"),
    "status_in_progress": ("bezig", "in progress"),
    "status_done": ("klaar", "done"),
    "status_stopped": ("gestopt", "stopped"),
    # effect sizes
    "effect_negligible": ("geen duidelijke verandering", "no clear change"),
    "effect_small_up": ("kleine verbetering", "small improvement"),
    "effect_small_down": ("kleine achteruitgang", "small decline"),
    "effect_medium_up": ("middelgrote verbetering", "medium-sized improvement"),
    "effect_medium_down": ("middelgrote achteruitgang", "medium-sized decline"),
    "effect_large_up": ("grote verbetering", "large improvement"),
    "effect_large_down": ("grote achteruitgang", "large decline"),
    "uncertain": ("onzeker", "uncertain"),
    # linked respondents (paired analysis)
    "linked": ("Gekoppelde antwoorden", "Linked respondents"),
    "linked_intro": (
        "{pairs} medewerkers koppelden hun antwoorden van de nulmeting en de eindmeting met een zelfgekozen "
        "code. Bij hen zien we hoeveel dezelfde persoon veranderde, zonder de verschillen tussen personen. "
        "Zij kozen zelf voor een code, dus zij zijn geen afspiegeling van het hele bedrijf.",
        "{pairs} employees linked their answers of the baseline and the end-line with a code of their own. For "
        "them we see how much the same person changed, without the differences between people. They chose "
        "to use a code themselves, so they do not represent the whole company.",
    ),
    "linked_none": (
        "Niemand koppelde zijn antwoorden van de nulmeting en de eindmeting met een eigen code, dus een "
        "vergelijking van dezelfde personen is er niet.",
        "Nobody linked their answers of the baseline and the end-line with a code of their own, so there is "
        "no comparison of the same people.",
    ),
    "linked_few": (
        "Een paar medewerkers koppelden hun antwoorden met een eigen code, maar te weinig om iets te tonen: "
        "te weinig gekoppelde antwoorden (minder dan {threshold}).",
        "A few employees linked their answers with a code of their own, but too few to show anything: too "
        "few linked respondents (fewer than {threshold}).",
    ),
    "linked_suppressed": (
        "te weinig gekoppelde antwoorden (minder dan {threshold})",
        "too few linked respondents (fewer than {threshold})",
    ),
    "linked_complementary": (
        "verborgen: anders zijn de antwoorden van de enkelen die niet koppelden terug te rekenen",
        "hidden: otherwise the answers of the few who did not link could be worked out",
    ),
    "linked_title": (
        "Gekoppelde antwoorden: verandering van dezelfde personen per thema",
        "Linked respondents: change of the same people per theme",
    ),
    "linked_note": (
        "Paren: medewerkers met een score op het thema in beide metingen. Verandering: eindmeting min "
        "nulmeting van dezelfde persoon, gemiddeld over de paren, met 95%-interval. d_z: die gemiddelde "
        "verandering gedeeld door de spreiding van de veranderingen. Betrouwbaar beter of slechter: iemands "
        "verandering is groter dan de meetfout van de vragenlijst (Jacobson en Truax), berekend met de spreiding "
        "en de betrouwbaarheid (alpha) van de nulmeting van het programma als die per thema minstens "
        "{reference_min} antwoorden van minstens {reference_companies} bedrijven telt, anders met die van de "
        "nulmeting van dit bedrijf; alleen het aantal personen, vanaf {statistics_min} paren.",
        "Pairs: employees with a score on the theme in both measurements. Change: end-line minus baseline of "
        "the same person, averaged over the pairs, with 95% interval. d_z: that average change divided by the "
        "spread of the changes. Reliably improved or worse: a person's change is larger than the "
        "questionnaire's measurement error (Jacobson and Truax), computed with the spread and reliability "
        "(alpha) of the programme's baseline when it has at least {reference_min} responses on the theme from at "
        "least {reference_companies} companies, otherwise with those of this company's baseline; only the number "
        "of people, from {statistics_min} pairs.",
    ),
    "rc_reference": (
        "Meetfout voor betrouwbare verandering, per thema: {items}.",
        "Measurement error for reliable change, per theme: {items}.",
    ),
    "rc_reference_programme": (
        "{theme}: nulmeting van het programma (n = {n}, {companies} bedrijven, alpha {alpha}, SD {sd})",
        "{theme}: the programme's baseline (n = {n}, {companies} companies, alpha {alpha}, SD {sd})",
    ),
    "rc_reference_baseline": (
        "{theme}: nulmeting van dit bedrijf (n = {n}, alpha {alpha}, SD {sd})",
        "{theme}: this company's baseline (n = {n}, alpha {alpha}, SD {sd})",
    ),
    "rc_reference_none": (
        "{theme}: niet te berekenen (het programma heeft voor dit thema geen nulmeting om mee te rekenen, en de "
        "nulmeting van dit bedrijf geeft geen spreiding of geen alpha tussen 0 en 1)",
        "{theme}: not computable (the programme has no baseline to compute with for this theme, and this "
        "company's baseline gives no spread or no alpha between 0 and 1)",
    ),
    "rc_not_computable": ("niet te berekenen", "not computable"),
    "linked_indicative_note": (
        "Indicatief: {low} tot {high} paren. Dit geeft een eerste beeld; het interval en de aantallen "
        "betrouwbaar veranderd worden pas vanaf {high_plus} paren getoond.",
        "Indicative: {low} to {high} pairs. This gives a first impression; the interval and the numbers of "
        "reliable changes are shown only from {high_plus} pairs.",
    ),
    "th_pairs": ("Paren", "Pairs"),
    "th_mean_change": ("Gemiddelde verandering", "Mean change"),
    "th_dz": ("d_z", "d_z"),
    "th_improved": ("Betrouwbaar beter", "Reliably improved"),
    "th_unchanged": ("Gelijk gebleven", "No reliable change"),
    "th_deteriorated": ("Betrouwbaar slechter", "Reliably worse"),
    # open answers
    "comments": ("Wat mensen schreven", "What people wrote"),
    "comments_intro": (
        "De antwoorden op de open vragen bij de {wave}, zoals ze geschreven zijn. Ze staan op alfabetische "
        "volgorde, niet in de volgorde waarin ze binnenkwamen, zodat niet te zien is wie wat schreef.",
        "The answers to the open questions at the {wave}, as they were written. They are in alphabetical "
        "order, not in the order they came in, so that nobody can tell who wrote what.",
    ),
    "comments_suppressed": (
        "open antwoorden worden getoond vanaf {minimum} reacties",
        "open answers are shown from {minimum} responses",
    ),
    "comments_none": ("Niemand schreef hier iets.", "Nobody wrote anything here."),
    "comments_managers_hidden": (
        "De open antwoorden van leidinggevenden staan hier niet: die tonen we pas vanaf {minimum} "
        "leidinggevenden, anders is een antwoord tot één persoon te herleiden.",
        "Managers' open answers are not shown here: we show them only from {minimum} managers, otherwise an "
        "answer could be traced to one person.",
    ),
    "comments_group": ("{group}: {question}", "{group}: {question}"),
    # The skills matrix (reports/skills_section.py)
    "skills_title": ("Inzetbaarheidsmatrix", "Skills matrix"),
    "skills_programme_title": ("Inzetbaarheidsmatrices", "Skills matrices"),
    "skills_none": (
        "Dit bedrijf houdt (nog) geen inzetbaarheidsmatrix bij.",
        "This company keeps no skills matrix (yet).",
    ),
    "skills_programme_none": (
        "Geen bedrijf houdt (nog) een inzetbaarheidsmatrix bij.",
        "No company keeps a skills matrix (yet).",
    ),
    "skills_programme_intro": (
        "{companies} bedrijven houden een inzetbaarheidsmatrix bij. Hieronder alleen totalen over die bedrijven: "
        "geen bedrijf en geen naam.",
        "{companies} companies keep a skills matrix. Below are totals across those companies only: no company "
        "and no name.",
    ),
    "skills_compared": (
        "{n} bedrijven hebben cijfers van de matrix bij de nulmeting én bij de eindmeting; de tabel telt die op.",
        "{n} companies have the matrix's figures at the baseline and at the end-line; the table adds them up.",
    ),
    "skills_no_change": (
        "Er zijn nog geen cijfers van de matrix bij zowel de nulmeting als de eindmeting.",
        "There are no figures of the matrix at both the baseline and the end-line yet.",
    ),
    "skills_col_what": ("Cijfer", "Figure"),
    "skills_col_now": ("Nu", "Now"),
    "skills_col_baseline": ("Nulmeting", "Baseline"),
    "skills_col_endline": ("Eindmeting", "End-line"),
    "skills_col_change": ("Verschil", "Change"),
    "skills_row_critical": (
        "Kritieke taken met genoeg mensen op niveau 3 of 4",
        "Critical tasks with enough people at level 3 or 4",
    ),
    "skills_row_one_person": (
        "Taken die maar één persoon zelfstandig kan",
        "Tasks only one person can do independently",
    ),
    "skills_row_step": (
        "Mensen met een ontwikkelstap (doel met datum)",
        "People with a development step (dated target)",
    ),
    "skills_of": ("{n} van {total}", "{n} of {total}"),
    "skills_of_pct": ("{n} van {total} ({pct})", "{n} of {total} ({pct})"),
    "skills_note": (
        "De matrix is geen vragenlijst: hij noemt mensen bij naam en wordt nooit gekoppeld aan de antwoorden. "
        "De cijfers hier zijn totalen.",
        "The matrix is not a questionnaire: it names people and is never linked to the answers. The figures here "
        "are totals.",
    ),
    "skills_not_computable": ("niet te berekenen (geen mensen of taken)", "cannot be calculated (no people or tasks)"),
}

MONTHS: Mapping[Lang, tuple[str, ...]] = {
    "nl": (
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}

#: The methods appendix: (heading, paragraphs) per language. Thresholds are filled in by :func:`methods`.
_METHODS: Mapping[Lang, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "nl": (
        (
            "Scores",
            (
                "Medewerkers en leidinggevenden geven bij elke stelling aan in hoeverre zij het eens zijn, van "
                "{min} (helemaal oneens) tot {max} (helemaal eens). Negatief gestelde stellingen worden omgedraaid, "
                "zodat hoger altijd beter is. De score van een persoon op een thema is het gemiddelde van zijn "
                "antwoorden op de stellingen van dat thema; wie te weinig stellingen beantwoordde, krijgt op dat "
                "thema geen score. 'Weet ik niet' telt niet mee als antwoord; hoe vaak het gekozen werd, staat per "
                "stelling in de tabellen.",
                "'% positief' is het aandeel medewerkers met een themascore van minstens {favourable} (eens).",
            ),
        ),
        (
            "Intervallen",
            (
                "Het 95%-interval is het gebied waarin het echte gemiddelde van het bedrijf waarschijnlijk ligt. "
                "Hoe minder reacties, hoe breder het interval. Bij de vergelijking van nulmeting en eindmeting geldt: "
                "als het interval van het verschil 0 niet bevat, is de verandering waarschijnlijk geen toeval.",
            ),
        ),
        (
            "Verandering in woorden",
            (
                "De grootte van een verandering is Hedges' g: het verschil tussen eindmeting en nulmeting, gedeeld "
                "door de spreiding van de scores. Onder 0,2 noemen we dat geen duidelijke verandering, van 0,2 een "
                "kleine, van 0,5 een middelgrote en van 0,8 een grote verbetering of achteruitgang (Cohen 1988). "
                "'Onzeker' betekent dat het 95%-interval van het verschil 0 bevat: de verandering kan toeval zijn.",
                "De metingen zijn anoniem; we vergelijken daarom de groep bij de eindmeting met de groep bij de "
                "nulmeting, niet personen met zichzelf.",
            ),
        ),
        (
            "Anonimiteit",
            (
                "Niemand in het bedrijf mag kunnen afleiden wat één persoon antwoordde. Daarom tonen we geen "
                "uitkomsten van een groep met minder dan {threshold} reacties: daar staat 'te weinig reacties', "
                "zonder cijfer en zonder staaf. Een vergelijking vraagt {threshold} reacties in beide metingen. "
                "Van {threshold} tot {statistics_below} reacties tonen we alleen gemiddelden en aandelen, als "
                "indicatief; intervallen vanaf {statistics_min} reacties. Leidinggevenden vullen de vragenlijst in "
                "namens de leiding; hun uitkomsten worden vanaf één leidinggevende getoond.",
                "In het programmarapport zijn de bedrijven geanonimiseerd. Wordt een klein bedrijf verborgen, dan "
                "wordt ook het kleinste andere bedrijf van de regio verborgen, zodat niemand het verborgen bedrijf "
                "kan terugrekenen uit het regiototaal.",
            ),
        ),
        (
            "Ontwikkelplannen",
            (
                "Het programma wil dat minstens de helft van de medewerkers een ontwikkelplan heeft, en dat een deel "
                "daar al aan werkt. 'Heeft een plan' telt wie een plan heeft (begonnen of nog niet); een plan dat "
                "nog gemaakt wordt telt nog niet mee. Het aandeel is van de medewerkers die de vraag beantwoordden.",
            ),
        ),
    ),
    "en": (
        (
            "Scores",
            (
                "Employees and managers say for each statement how much they agree, from {min} (strongly disagree) "
                "to {max} (strongly agree). Negatively worded statements are turned around, so that higher is always "
                "better. A person's score on a theme is the average of their answers to the theme's statements; "
                "someone who answered too few of them gets no score on that theme. 'Don't know' does not count as an "
                "answer; how often it was chosen is in the tables per statement.",
                "'% favourable' is the share of employees whose theme score is at least {favourable} (agree).",
            ),
        ),
        (
            "Intervals",
            (
                "The 95% interval is the range in which the company's true average probably lies. The fewer the "
                "responses, the wider the interval. When comparing baseline and end-line: if the interval of the "
                "difference does not include 0, the change is unlikely to be chance.",
            ),
        ),
        (
            "Change in words",
            (
                "The size of a change is Hedges' g: the difference between end-line and baseline divided by the "
                "spread of the scores. Below 0.2 we call it no clear change; from 0.2 a small, from 0.5 a "
                "medium-sized and from 0.8 a large improvement or decline (Cohen 1988). 'Uncertain' means that the "
                "95% interval of the difference includes 0: the change may be chance.",
                "The measurements are anonymous, so we compare the group at the end-line with the group at the "
                "baseline, not people with themselves.",
            ),
        ),
        (
            "Anonymity",
            (
                "Nobody in the company may be able to work out what one person answered. So we show no results of a "
                "group with fewer than {threshold} responses: it reads 'too few responses', without a number and "
                "without a bar. A comparison needs {threshold} responses in both measurements. From {threshold} to "
                "{statistics_below} responses we show only averages and shares, as indicative; intervals from "
                "{statistics_min} responses. Managers answer on behalf of the management; their results are shown "
                "from one manager.",
                "In the programme report the companies are anonymised. When a small company is hidden, the smallest "
                "other company of the region is hidden too, so that nobody can work the hidden one out from the "
                "region's total.",
            ),
        ),
        (
            "Development plans",
            (
                "The programme aims for at least half of the employees to have a development plan, and for some of "
                "them to be working on it already. 'Has a plan' counts those with a plan (started or not yet); a plan "
                "still being made does not count yet. The share is of the employees who answered the question.",
            ),
        ),
    ),
}


#: Methods sections only the company report has (after the shared ones).
_COMPANY_METHODS: Mapping[Lang, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "nl": (
        (
            "De samenvatting in woorden",
            (
                "De samenvatting noemt de thema's met het hoogste en het laagste gemiddelde van de medewerkers "
                "(bij gelijke gemiddelden het eerst gevraagde thema eerst). Leidinggevenden zien een thema anders "
                "als hun gemiddelde minstens een tiende van de schaal verschilt van dat van de medewerkers (0,4 "
                "punt op een schaal van 1 tot 5); daar is geen interval bij, want het zijn maar enkele mensen.",
                "De verandering per thema staat er in een paar woorden. 'Duidelijk beter' (of minder): Hedges' g "
                "is minstens 0,5 en het 95%-interval van het verschil bevat 0 niet. 'Iets beter' (of minder): g "
                "ligt tussen 0,2 en 0,5 en het interval bevat 0 niet. 'Geen duidelijke verandering': g is kleiner "
                "dan 0,2, of het interval bevat 0 (de verandering kan toeval zijn). Met {threshold} tot "
                "{statistics_below} reacties in een meting is er geen interval: dan is het 'lijkt beter' (of "
                "minder) vanaf g 0,5 en anders 'geen duidelijke verandering'. De tabellen geven de cijfers en de "
                "grootte in woorden van de coach (klein, middelgroot, groot).",
            ),
        ),
        (
            "Het plan naast de verandering",
            (
                "Bij de eindmeting staat naast elk thema van het plan van aanpak hoe dat thema veranderde. Dat "
                "bewijst niet dat de acties de verandering veroorzaakten: er gebeurt meer in een bedrijf, en er is "
                "geen vergelijking met een bedrijf dat niets deed. Bovendien kiezen bedrijven vaak de thema's waar "
                "ze het laagst scoorden. Zo'n lage score is deels toeval, en bij een volgende meting komt die dan "
                "vaak vanzelf wat hoger uit (regressie naar het gemiddelde). Een verbetering bij een gekozen thema "
                "is dus een reden voor een gesprek, geen bewijs.",
            ),
        ),
        (
            "Gekoppelde antwoorden",
            (
                "Een uitzondering op het vergelijken van groepen: medewerkers kunnen bij beide metingen dezelfde "
                "zelfbedachte code invullen (die alleen versleuteld wordt bewaard). Wie dat deed, vergelijken we ook "
                "met zichzelf: de gemiddelde verandering van dezelfde personen, met 95%-interval, en d_z (die "
                "verandering gedeeld door de spreiding van de veranderingen). Omdat het dezelfde mensen zijn, vallen "
                "de verschillen tussen personen weg en is een verandering eerder te zien dan bij het vergelijken van "
                "de twee groepen.",
                "Maar alleen wie zelf een code koos telt mee. Die mensen zijn zelf gekozen, niet willekeurig: "
                "misschien juist de meest betrokkenen. Hun verandering zegt dus niet zonder meer iets over het hele "
                "bedrijf; de vergelijking van de groepen blijft de hoofduitkomst.",
                "'Betrouwbaar verbeterd' of 'betrouwbaar achteruitgegaan' betekent dat iemands verandering groter "
                "is dan de meetfout van de vragenlijst (Jacobson en Truax 1991). Die meetfout volgt uit de spreiding "
                "en de betrouwbaarheid (alpha) bij de nulmeting: van het hele programma als die per thema minstens "
                "{reference_min} antwoorden van minstens {reference_companies} bedrijven telt (bij de tien tot "
                "twintig mensen van één bedrijf schommelen ze te veel), anders van dit bedrijf; welke, staat bij de "
                "tabel. "
                "We tonen alleen hoeveel mensen dat zijn, nooit wie, en pas vanaf "
                "{statistics_min} paren; het interval ook. Onder {threshold} paren tonen we niets. Ook "
                "als naast de gekoppelde antwoorden maar 1 tot {threshold_below} niet-gekoppelde antwoorden in de "
                "twee metingen staan, tonen we niets: uit de groepsgemiddelden zou hun antwoord terug te rekenen zijn.",
            ),
        ),
        (
            "Open antwoorden",
            (
                "De antwoorden op de open vragen van de laatste meting staan letterlijk in het rapport, op "
                "alfabetische volgorde, en pas vanaf {comments_min} reacties van medewerkers. Open antwoorden van "
                "leidinggevenden tonen we alleen vanaf {comments_min} leidinggevenden: bij minder is een antwoord "
                "tot één persoon te herleiden. Wat iemand schrijft, kan diegene toch herkenbaar maken; de coach "
                "bespreekt de antwoorden daarom als geheel, niet wie wat schreef.",
            ),
        ),
    ),
    "en": (
        (
            "The summary in words",
            (
                "The summary names the themes with the highest and the lowest average of the employees (with equal "
                "averages the theme asked first comes first). Managers see a theme differently when their average "
                "differs from the employees' by at least a tenth of the scale (0.4 points on a scale from 1 to 5); "
                "there is no interval to it, as they are only a few people.",
                "The change per theme is given in a few words. 'Clearly better' (or worse): Hedges' g is at least "
                "0.5 and the 95% interval of the difference does not include 0. 'Slightly better' (or worse): g "
                "lies between 0.2 and 0.5 and the interval does not include 0. 'No clear change': g is below 0.2, "
                "or the interval includes 0 (the change may be chance). With {threshold} to {statistics_below} "
                "responses in a measurement there is no interval: then it is 'seems better' (or worse) from g 0.5 "
                "and otherwise 'no clear change'. The tables give the numbers and the size in the coach's words "
                "(small, medium-sized, large).",
            ),
        ),
        (
            "The plan beside the change",
            (
                "At the end-line each theme of the plan of approach stands beside how that theme changed. That "
                "does not prove that the actions caused the change: more happens in a company, and there is no "
                "comparison with a company that did nothing. Moreover, companies often choose the themes where they "
                "scored lowest. Such a low score is partly chance, and at the next measurement it then often comes "
                "out a little higher by itself (regression to the mean). An improvement in a chosen theme is "
                "therefore a reason for a conversation, not proof.",
            ),
        ),
        (
            "Linked respondents",
            (
                "An exception to comparing groups: employees can enter the same self-made code in both measurements "
                "(it is stored only in encrypted form). For those who did, we also compare each person with "
                "themselves: the average change of the same people, with 95% interval, and d_z (that change divided "
                "by the spread of the changes). Because they are the same people, the differences between people "
                "drop out, and a change shows sooner than when comparing the two groups.",
                "But only those who chose a code count. They selected themselves and are not a random sample: "
                "perhaps the most engaged. Their change does not simply speak for the whole company; the comparison "
                "of the groups remains the main result.",
                "'Reliably improved' or 'reliably deteriorated' means that a person's change is larger than the "
                "questionnaire's measurement error (Jacobson and Truax 1991). That error follows from the spread "
                "and reliability (alpha) at the baseline: of the whole programme when it has at least "
                "{reference_min} responses on the theme from at least {reference_companies} companies (with the ten "
                "to twenty people of one company they vary too much), otherwise of this company; the table says "
                "which. "
                "We show only how many people that is, never who, and only from {statistics_min} pairs; "
                "the interval too. Below {threshold} pairs we show nothing. Nor do we when besides the linked answers "
                "only 1 to {threshold_below} unlinked answers are in the two measurements: their answers could be "
                "worked out from the group averages.",
            ),
        ),
        (
            "Open answers",
            (
                "The answers to the open questions of the latest measurement are in the report as written, in "
                "alphabetical order, and only from {comments_min} employee responses. Managers' open answers are "
                "shown only from {comments_min} managers: with fewer, an answer could be traced to one person. What "
                "someone writes can still make them recognisable; the coach therefore discusses the answers as a "
                "whole, not who wrote what.",
            ),
        ),
    ),
}


#: Methods sections only the programme report has (after the shared ones).
_PROGRAMME_METHODS: Mapping[Lang, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "nl": (
        (
            "Gekozen en andere thema's",
            (
                "Per bedrijf met een plan van aanpak en beide metingen nemen we de gemiddelde verandering van de "
                "thema's die het koos (eindmeting min nulmeting, medewerkers), min de gemiddelde verandering van de "
                "andere thema's. Van die verschillen nemen we het gemiddelde over de bedrijven, met een 95%-interval "
                "(Student t, de bedrijven als steekproef); elk bedrijf telt even zwaar. Pas vanaf {companies_min} "
                "bedrijven. Een thema dat niet getoond mag worden telt niet mee; een bedrijf zonder getoond gekozen "
                "of ander thema ook niet.",
                "Bedrijven kozen meestal hun laagste thema's. Een lage score is voor een deel toeval en komt bij de "
                "volgende meting vaak hoger uit, ook zonder acties: regressie naar het gemiddelde. Daarom staan "
                "ernaast hoeveel lager de gekozen thema's begonnen, en dezelfde vergelijking binnen de zwakste helft "
                "van de thema's van elk bedrijf, waar ook de andere thema's laag begonnen. Ook die haalt de "
                "regressie naar het gemiddelde niet helemaal weg. De bedrijven kozen hun thema's zelf; het verschil "
                "is een aanwijzing, geen bewijs dat de acties werkten.",
            ),
        ),
    ),
    "en": (
        (
            "Chosen and other themes",
            (
                "For each company with a plan of approach and both measurements we take the average change of the "
                "themes it chose (end-line minus baseline, employees), minus the average change of its other themes. "
                "Of those differences we take the average over the companies, with a 95% interval (Student t, the "
                "companies as the sample); every company counts the same. Only from {companies_min} companies. A "
                "theme that may not be shown does not count; nor does a company without a shown chosen or other "
                "theme.",
                "Companies mostly chose their lowest themes. A low score is partly chance and tends to come out "
                "higher at the next measurement, even without actions: regression to the mean. So beside it we show "
                "how much lower the chosen themes started, and the same comparison within each company's weaker half "
                "of the themes, where the other themes started low too. That does not remove regression to the mean "
                "entirely either. The companies chose their themes themselves; the difference is a hint, not proof "
                "that the actions worked.",
            ),
        ),
    ),
}


def t(key: str, lang: Lang, **fields: object) -> str:
    """The text ``key`` in ``lang``, with ``{name}`` fields filled in."""
    nl, en = TEXTS[key]
    text = nl if lang == "nl" else en
    return text.format(**fields) if fields else text


def check_lang(lang: str) -> Lang:
    """``lang`` as a :data:`Lang`, or ValueError."""
    if lang == "nl":
        return "nl"
    if lang == "en":
        return "en"
    raise ValueError(f"unsupported report language {lang!r} (use 'nl' or 'en')")


def number(value: float, lang: Lang, digits: int = 2, signed: bool = False) -> str:
    """``3,45`` (nl) or ``3.45`` (en); ``signed`` adds ``+`` to positive values. Minus zero prints as 0."""
    text = f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"
    if float(text) == 0:
        text = f"{0:.{digits}f}"
    return text.replace(".", ",") if lang == "nl" else text


def percent(value: float, lang: Lang, signed: bool = False) -> str:
    """A percentage (0..100) rounded to whole points: ``45%``; ``signed``: ``+12 pt``."""
    if signed:
        return f"{number(value, lang, 0, signed=True)} {'pp' if lang == 'nl' else 'pt'}"
    return f"{number(value, lang, 0)}%"


def interval(low: float, high: float, lang: Lang, digits: int = 2, as_percent: bool = False) -> str:
    """``3,10 tot 3,60`` / ``3.10 to 3.60`` (percentages: ``40% tot 61%``)."""
    word = "tot" if lang == "nl" else "to"
    if as_percent:
        return f"{percent(low, lang)} {word} {percent(high, lang)}"
    return f"{number(low, lang, digits)} {word} {number(high, lang, digits)}"


def date(value: dt.date, lang: Lang) -> str:
    """``20 januari 2026`` / ``20 January 2026``."""
    return f"{value.day} {MONTHS[lang][value.month - 1]} {value.year}"


#: The time zone the reports' readers live in: a moment is shown in their local time.
LOCAL_TIME = ZoneInfo("Europe/Amsterdam")


def moment(value: dt.datetime, lang: Lang) -> str:
    """``27 november 2026 om 18:05`` / ``27 November 2026 at 18:05``, in Dutch local time; ``value`` is UTC
    (naive values are read as UTC)."""
    utc = value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
    local = utc.astimezone(LOCAL_TIME)
    word = "om" if lang == "nl" else "at"
    return f"{date(local.date(), lang)} {word} {local:%H:%M}"


def suppressed(lang: Lang, threshold: int) -> str:
    """The marker of a suppressed result: words, and the threshold; never the group's own numbers."""
    return t("suppressed", lang, threshold=threshold)


def wave_name(kind: str, lang: Lang, lower: bool = False) -> str:
    """``Nulmeting`` / ``End-line`` for a wave kind."""
    return t(f"{kind}_lc" if lower else kind, lang)


def effect_words(comparison: DimensionComparison | SuppressedComparison, lang: Lang, threshold: int) -> str:
    """The change on one dimension in plain words, e.g. ``kleine verbetering (onzeker)``.

    A suppressed comparison gives the suppression marker; a missing g (no spread) "niet te bepalen".
    """
    if isinstance(comparison, SuppressedComparison):
        return suppressed(lang, threshold)
    g = comparison.hedges_g
    label = comparison.effect_size
    if g is None or label is None or math.isnan(g):
        return t("not_determinable", lang)
    if label == "negligible":
        words = t("effect_negligible", lang)
    else:
        words = t(f"effect_{label}_{'up' if g > 0 else 'down'}", lang)
    if comparison.level == "indicative":
        return f"{words} ({t('indicative', lang)})"
    ci = comparison.ci95
    if label != "negligible" and ci is not None and ci.low <= 0.0 <= ci.high:
        return f"{words} ({t('uncertain', lang)})"
    return words


def methods(
    lang: Lang,
    threshold: int,
    statistics_min: int,
    scale_min: int,
    scale_max: int,
    favourable_from: int,
    *,
    company: bool = False,
    comments_min: int = COMMENTS_MIN,
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The methods appendix: (heading, paragraphs) with the questionnaire's numbers filled in; ``company``
    adds the sections only the company report needs (linked respondents, open answers), else those only the
    programme report needs (chosen and other themes)."""
    fields = {
        "threshold": threshold,
        "threshold_below": threshold - 1,
        "statistics_min": statistics_min,
        "statistics_below": statistics_min - 1,
        "comments_min": comments_min,
        "reference_min": PROGRAMME_MIN_N,
        "reference_companies": REFERENCE_MIN_COMPANIES,
        "min": scale_min,
        "max": scale_max,
        "favourable": favourable_from,
        "companies_min": MIN_COMPANIES,
    }
    sections = _METHODS[lang] + (_COMPANY_METHODS if company else _PROGRAMME_METHODS)[lang]
    return tuple(
        (heading, tuple(paragraph.format(**fields) for paragraph in paragraphs)) for heading, paragraphs in sections
    )
