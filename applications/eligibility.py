"""Who may take part in a round: a pure function of the round and the company's facts.

The facts: employees, the municipality of the company's seat, apprentices in the team,
and (when given) the postcode, which must belong to the chosen municipality.

No database access and no side effects: the pre-check, the application form and
the admin all ask the same question and get the same German answers.
"""

import re

from django.utils.translation import gettext as _

_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+", re.ASCII)
# More digits than any sensible count: refused before int() parses huge strings.
_MAX_DIGITS = 12
_POSTCODE = re.compile(r"[0-9]{5}", re.ASCII)


def parse_whole_number(value):
    """An int from an int or a string of ASCII digits; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not _WHOLE_NUMBER.fullmatch(text) or len(text.lstrip("+-")) > _MAX_DIGITS:
        return None
    return int(text)


def _is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def employees_problem(round_, employees):
    if _is_blank(employees):
        return _("Bitte geben Sie die Zahl der Beschäftigten an.")
    number = parse_whole_number(employees)
    if number is None:
        if isinstance(employees, str) and re.fullmatch(r"\s*[0-9]{13,}\s*", employees):
            number = round_.max_employees + 1
        else:
            return _("Bitte geben Sie die Zahl der Beschäftigten als ganze Zahl an, z. B. 45.")
    if number < 1:
        return _("Die Zahl der Beschäftigten muss mindestens 1 sein.")
    if number > round_.max_employees:
        return _(
            "Teilnehmen können Unternehmen mit höchstens %(max)d Beschäftigten. "
            "Ihr Unternehmen ist dafür zu groß."
        ) % {"max": round_.max_employees}
    return None


def municipality_problem(round_, municipality):
    if _is_blank(municipality):
        return _("Bitte wählen Sie die Kommune, in der Ihr Unternehmen seinen Sitz hat.")
    names = round_.municipality_names()
    if str(municipality).strip() not in names:
        return _(
            "Teilnehmen können nur Unternehmen mit Sitz in der Partnerregion %(region)s, "
            "also in einer dieser Kommunen: %(names)s."
        ) % {"region": round_.partner_region, "names": ", ".join(names)}
    return None


def apprentices_problem(round_, apprentices):
    minimum = round_.min_apprentices
    if _is_blank(apprentices):
        return _("Bitte geben Sie an, wie viele Auszubildende im Team mitmachen.")
    number = parse_whole_number(apprentices)
    if number is None:
        return _("Bitte geben Sie die Zahl der Auszubildenden als ganze Zahl an, z. B. 3.")
    if number < minimum:
        return _("Für ein Digiscouts-Team brauchen Sie mindestens %(min)d Auszubildende.") % {
            "min": minimum
        }
    if number > 999:
        return _("Bitte prüfen Sie die Zahl der Auszubildenden (höchstens 999).")
    return None


def postcode_problem(round_, municipality, postcode):
    """The postcode must lie in the round's municipalities and belong to the chosen one.

    No postcode, no problem: the pre-check asks for it without requiring it (the
    application form requires it itself). A municipality listed without postcodes
    is not checked.
    """
    if _is_blank(postcode):
        return None
    code = str(postcode).strip()
    if not _POSTCODE.fullmatch(code):
        return _("Bitte geben Sie die Postleitzahl mit fünf Ziffern an, z. B. 45657.")
    table = round_.municipality_postcodes()
    chosen = str(municipality).strip() if not _is_blank(municipality) else ""
    if chosen in table:
        if not table[chosen] or code in table[chosen]:
            return None
        owners = [name for name, codes in table.items() if code in codes]
        if len(owners) == 1:
            return _(
                "Die Postleitzahl %(postcode)s gehört nicht zu %(municipality)s, sondern zu "
                "%(owner)s. Bitte prüfen Sie Postleitzahl und Kommune."
            ) % {"postcode": code, "municipality": chosen, "owner": owners[0]}
        return _(
            "Die Postleitzahl %(postcode)s gehört nicht zu %(municipality)s. "
            "Bitte prüfen Sie Postleitzahl und Kommune."
        ) % {"postcode": code, "municipality": chosen}
    # No municipality of the round chosen: the postcode alone can still lie outside.
    if all(table.values()) and not any(code in codes for codes in table.values()):
        return _(
            "Die Postleitzahl %(postcode)s liegt nicht in der Partnerregion %(region)s. "
            "Bitte prüfen Sie die Postleitzahl."
        ) % {"postcode": code, "region": round_.partner_region}
    return None


def eligibility_problems(round_, *, employees, municipality, apprentices, postcode=None):
    """The reasons a company may not take part, keyed by the form field they belong to."""
    problems = {
        "employees": employees_problem(round_, employees),
        "municipality": municipality_problem(round_, municipality),
        "apprentices": apprentices_problem(round_, apprentices),
        "postcode": postcode_problem(round_, municipality, postcode),
    }
    return {field: message for field, message in problems.items() if message}


def eligibility_reasons(round_, *, employees, municipality, apprentices, postcode=None):
    """Every reason in German why the company is not eligible; [] when it is."""
    return list(
        eligibility_problems(
            round_,
            employees=employees,
            municipality=municipality,
            apprentices=apprentices,
            postcode=postcode,
        ).values()
    )
