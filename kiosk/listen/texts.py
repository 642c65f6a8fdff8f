"""What each terminal page says when read aloud, as (text, language) segments, made on the server from its records.

Every function runs in the language asked (the view sets it) and uses the page's own sentences, so the visitor hears
what the screen shows. A field shown in Italian because its translation is missing is read in Italian.
"""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import format_decimal, gettext, ngettext
from markupsafe import Markup

from kiosk.feedback.vocab import FACE_LABELS, REASON_LABELS
from kiosk.glossary.services import Explained
from kiosk.network.models import Site
from kiosk.offers.facts import italian_words, offer_facts
from kiosk.offers.models import Offer
from kiosk.offers.richtext import to_html
from kiosk.offers.services import OfferPage, OfferText, texts
from kiosk.queue.hours import Opening
from kiosk.queue.models import Ticket
from kiosk.queue.services import ServiceLine
from kiosk.terminal import fit

Segments = list[tuple[str, str]]


def sentences(lang: str, *parts: str) -> Segments:
    """Return the non-empty parts as segments in one language."""
    return [(part, lang) for part in parts if part]


def start_page(lang: str) -> Segments:
    """Say the start screen: what the kiosk is for and how to begin."""
    return sentences(lang, gettext("Jobs, courses and internships near you"), gettext("Touch your language to start"))


def home_page(lang: str, opening: Opening) -> Segments:
    """Say the home screen's question, its tiles in their order, and the rating button under them."""
    ticket = gettext("Wait for your turn to talk with our staff") if opening.open else gettext("The desk is closed now")
    return sentences(
        lang, gettext("How can we help you?"),
        _labelled(gettext("Opportunities"), gettext("Jobs, training courses, internships, apprenticeships and "
                                                   "recruiting events")),
        _labelled(gettext("Is this for me?"), gettext("Three quick questions show the offers that fit you and the "
                                                      "service to ask")),
        _labelled(gettext("Take a number"), ticket),
        _labelled(gettext("About this desk"), gettext("Address, opening hours and the other InfoLavoro desks")),
        _labelled(gettext("Words of work explained"), gettext("What tirocinio, NASpI, CCNL and other words mean")),
        gettext("Rate your visit"),
    )


def about_page(lang: str, here: Site | None) -> Segments:
    """Say what the desks do and where this one is."""
    where = f"{here.name}. {here.address}, {here.town}." if here else ""
    return sentences(
        lang, gettext("About this desk"),
        gettext("InfoLavoro desks give free information on jobs, training and work rights. Our staff help you find "
                "an opportunity, write your CV and register at the employment centre."), where)


def services_page(lang: str, lines: list[ServiceLine], opening: Opening) -> Segments:
    """Say how to take a number and the services to choose from (or that the desk is closed)."""
    if not opening.open:
        return sentences(lang, gettext("Take a number"), gettext("The desk is closed now"),
                         gettext("Numbers are given while the desk is open, for the same day."))
    return sentences(lang, gettext("Take a number"),
                     gettext("Touch the service you need. You will be called by your number."),
                     *(line.name for line in lines))


def service_page(lang: str, line: ServiceLine, documents: list[str]) -> Segments:
    """Say one service, what to bring and the button that takes the ticket."""
    note = gettext("If you do not have them all, come anyway: our staff will tell you what to do.")
    bring = [gettext("What to bring"), *documents, note] if documents else []
    return sentences(lang, line.name, line.description, *bring, gettext("Take the ticket"))


def ticket_page(lang: str, ticket: Ticket, service_name: str, taken_at: str) -> Segments:
    """Say the ticket's number, its service and where it will be called (nothing that changes while one waits)."""
    return sentences(lang, gettext("Here is your number"), ticket.code, service_name,
                     gettext("Taken at %(time)s", time=taken_at),
                     gettext("Watch the screen in the waiting room: your number will be called with the counter."))


def offer_list(lang: str, page: OfferPage, text_of: Callable[[Offer], OfferText]) -> Segments:
    """Say how many offers were found and the titles on this page of the list, each in its own language."""
    found = ngettext("%(number)s opportunity found", "%(number)s opportunities found", page.total,
                     number=format_decimal(page.total))
    said = sentences(lang, gettext("Opportunities"), found)
    for offer in page.items:
        text = text_of(offer)
        said.append((text.title, text.lang))
    return said


def offer_page(lang: str, offer: Offer) -> Segments:
    """Say an offer: its title and summary, its key facts, then its sections, each part in the language shown."""
    text = texts(offer, lang)
    said = [(text.title, text.langs["title"]), (text.summary, text.langs["summary"])]
    said += sentences(lang, gettext("Key facts"))
    words = italian_words(offer) if lang != "it" else {}
    for name, value in offer_facts(offer):
        said.append((_labelled(name, value), lang))
        if name in words:  # the Italian word an office will use, as the screen shows it, in the Italian voice
            said += [(gettext("In Italian:"), lang), (words[name], "it")]
    headings = {"description": gettext("Details"), "requirements": gettext("What is asked"),
                "how_to_apply": gettext("How to apply")}
    for field, heading in headings.items():
        value = getattr(text, field)
        if value:
            said += [(heading, lang), (Markup(to_html(value)).striptags(), text.langs[field])]
    said += sentences(lang, gettext("Our staff at the desk can help you apply."))
    return [(part, part_lang) for part, part_lang in said if part]


def _labelled(label: str, value: str) -> str:
    return gettext("%(label)s: %(value)s", label=label, value=value) + "."


def term(explained: Explained) -> Segments:
    """Say a glossary term: its Italian headword in the Italian voice, then its name and explanation."""
    name = explained.name if explained.name.casefold() != explained.term.casefold() else ""
    return [(explained.term, "it"), *sentences(explained.lang, name, explained.text)]


def fit_question(lang: str, question: str, towns: list[str]) -> Segments | None:
    """Say one question of "Is this for me?": which of three, the question, and its answers."""
    headings = {"looking": gettext("What are you looking for?"), "italian": gettext("How much Italian do you speak?"),
                "town": gettext("Where can you get to?")}
    if question not in headings:
        return None
    number = fit.QUESTIONS.index(question) + 1
    lead = {"looking": gettext("Three short questions to show what fits you. You can skip any of them. Nothing is "
                               "kept after your visit."),
            "town": gettext("Choose the town you can reach easily.")}.get(question, "")
    said = sentences(lang, gettext("Question %(number)s of %(total)s", number=number, total=len(fit.QUESTIONS)),
                     headings[question], lead)
    if question == "town":
        said += [(town, "it") for town in towns] + sentences(lang, gettext("I can get anywhere"))
    else:
        said += sentences(lang, *(str(label) for label in (fit.LOOKING if question == "looking" else fit.ITALIAN)
                                  .values()))
    return said + sentences(lang, gettext("Skip this question"))


def rating_page(lang: str, name: str) -> Segments | None:
    """Say a step of rating a visit at the kiosk: choosing one's number, the faces, the reasons, the thanks."""
    if name == "rate":
        return sentences(lang, gettext("Rate your visit"), gettext("Touch your number: it is on your ticket."))
    if name == "rate-faces":
        return sentences(lang, gettext("How was your visit?"), *(str(label) for label in FACE_LABELS.values()),
                         gettext("Your answer is anonymous: it is counted, never linked to you."))
    if name == "rate-reason":
        return sentences(lang, gettext("Thank you for your rating"), gettext("Would you tell us why? (optional)"),
                         *(str(label) for label in REASON_LABELS.values()), gettext("No, thank you"))
    if name == "rate-thanks":
        return sentences(lang, gettext("Thank you for your rating"),
                         gettext("It helps us make the desk better for everyone."))
    return None
