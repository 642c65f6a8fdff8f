"""The fixed vocabularies an offer is described with, and their labels for people."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

KINDS = {
    "job": _l("Job"),
    "course": _l("Training course"),
    "internship": _l("Internship"),
    "apprenticeship": _l("Apprenticeship"),
    "event": _l("Recruiting event"),
}
KINDS_PLURAL = {
    "job": _l("Jobs"),
    "course": _l("Training courses"),
    "internship": _l("Internships"),
    "apprenticeship": _l("Apprenticeships"),
    "event": _l("Recruiting events"),
}

CONTRACTS = {
    "permanent": _l("Permanent"),
    "fixed_term": _l("Fixed-term"),
    "seasonal": _l("Seasonal"),
    "agency": _l("Through an employment agency"),
    "apprenticeship": _l("Apprenticeship contract"),
    "internship": _l("Internship (not an employment contract)"),
    "on_call": _l("On call"),
    "freelance": _l("Self-employed"),
    "none": _l("Not applicable"),
}

HOURS = {
    "full_time": _l("Full time"),
    "part_time": _l("Part time"),
    "shifts": _l("Shifts"),
    "flexible": _l("Flexible hours"),
}

EDUCATION = {
    "none": _l("No qualification required"),
    "lower_secondary": _l("Middle school certificate"),
    "vocational": _l("Vocational qualification"),
    "upper_secondary": _l("Secondary school diploma"),
    "its": _l("Higher technical diploma (ITS)"),
    "bachelor": _l("Bachelor's degree"),
    "master": _l("Master's degree"),
}

# CEFR levels in order: "needed at most" filters compare positions in this tuple.
ITALIAN_LEVELS = ("none", "A1", "A2", "B1", "B2", "C1", "C2")
ITALIAN_LEVEL_LABELS = {
    "none": _l("No Italian needed"),
    "A1": _l("A1 (beginner)"),
    "A2": _l("A2 (elementary)"),
    "B1": _l("B1 (intermediate)"),
    "B2": _l("B2 (upper intermediate)"),
    "C1": _l("C1 (advanced)"),
    "C2": _l("C2 (proficient)"),
}
LANGUAGE_LEVELS = ITALIAN_LEVELS[1:]

PROTECTED = {
    "none": _l("Open to everyone"),
    "art1": _l("Reserved to people with disabilities (Law 68/1999, art. 1)"),
    "art18": _l("Reserved to protected categories (Law 68/1999, art. 18)"),
}

# ATECO 2025 sections (NACE Rev. 2.1), named as a visitor would say them.
SECTORS = {
    "A": _l("Farming, forestry and fishing"),
    "B": _l("Mining and quarrying"),
    "C": _l("Manufacturing and shipbuilding"),
    "D": _l("Energy supply"),
    "E": _l("Water and waste management"),
    "F": _l("Construction"),
    "G": _l("Shops and trade"),
    "H": _l("Transport, port and logistics"),
    "I": _l("Hotels, restaurants and tourism"),
    "J": _l("Publishing and media"),
    "K": _l("Telecommunications and IT"),
    "L": _l("Banking and insurance"),
    "M": _l("Real estate"),
    "N": _l("Professional and technical services"),
    "O": _l("Office and support services"),
    "P": _l("Public administration"),
    "Q": _l("Education"),
    "R": _l("Health and social care"),
    "S": _l("Arts, sport and leisure"),
    "T": _l("Other services"),
    "U": _l("Work for families (domestic work)"),
    "V": _l("International organisations"),
}

# ISTAT CP2021 major groups: the first digit of a profession code.
PROFESSION_GROUPS = {
    "1": _l("Managers and entrepreneurs"),
    "2": _l("Specialist professions"),
    "3": _l("Technical professions"),
    "4": _l("Office work"),
    "5": _l("Sales and services"),
    "6": _l("Skilled trades, craft and farm work"),
    "7": _l("Machine operators and drivers"),
    "8": _l("Unskilled work"),
    "9": _l("Armed forces"),
}

DRIVING_LICENCES = ("AM", "A1", "A2", "A", "B", "BE", "C1", "C", "CE", "D", "DE", "CQC")


def label(vocabulary: dict, key: str | None) -> str:
    """Return the label of a key, or the key itself when the vocabulary lacks it."""
    if key is None:
        return ""
    return str(vocabulary.get(key, key))


def profession_group(code: str | None) -> str:
    """Return the CP2021 major group of a profession code such as 5.2.2.1.0."""
    return label(PROFESSION_GROUPS, code[:1]) if code else ""
