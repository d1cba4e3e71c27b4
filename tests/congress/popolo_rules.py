"""
Popolo's JSON schemas, as rules a test checks a document against.

Written out here from the specification (popoloproject.com/specs/ and /schemas/: person.json,
organization.json, membership.json, post.json, event.json, speech.json, and the
identifier.json, link.json and other_name.json they use), not copied from it. The
specification writes its schemas in JSON Schema draft 3, where a property says
`"required": true`; here they are draft 7 (`"required": [names]`), which jsonschema-rs checks,
formats included. What each rule says is the specification's:

* dates are ISO 8601 reduced dates, YYYY, YYYY-MM or YYYY-MM-DD (person, organization,
  membership, post, other name); an event's start and end may also be a date-time with a zone;
  `created_at`, `updated_at` and a speech's `date` are RFC 3339 date-times;
* an identifier is {identifier (required, a string), scheme}; a link {url (required, a URI),
  note}; another name {name (required), the name parts, start_date, end_date, note};
* `image`, `audio` and `video` are URIs, `email` an e-mail address, a speech's `position` an
  integer, and every other value a string or null;
* the specification's schemas set no `additionalProperties`: an implementation may add terms
  where the specification's fall short, and must not use other terms where its own suffice
  (Conformance, 2). This project needs none of its own, so each object is closed here to the
  specification's properties: a new field must be one Popolo defines, or the test says so. The
  embedded forms (an organization's `memberships`, a speech's `event`) are left out, as the
  document links objects by id, and so are `contact_details`, which no record holds.

What Popolo leaves open and this project promises on top (every object has an `id`, every
`*_id` names an object of the document) is checked by the tests themselves.
"""

import jsonschema_rs

STRING = {"type": ["string", "null"]}
REDUCED_DATE = {"type": ["string", "null"], "pattern": r"^[0-9]{4}(-[0-9]{2}){0,2}$"}
EVENT_TIME = {
    "type": ["string", "null"],
    "pattern": (
        r"^[0-9]{4}((-[0-9]{2}){0,2}"
        r"|(-[0-9]{2}){2}T[0-9]{2}(:[0-9]{2}){0,2}(Z|[+-][0-9]{2}(:[0-9]{2})?))$"
    ),
}
DATE_TIME = {"type": ["string", "null"], "format": "date-time"}
URI = {"type": ["string", "null"], "format": "uri"}


def array(item):
    return {"type": "array", "items": item}


def closed(properties, required=()):
    return {
        "type": "object",
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
    }


IDENTIFIER = closed({"identifier": {"type": "string"}, "scheme": STRING}, required=["identifier"])
LINK = closed({"url": {"type": "string", "format": "uri"}, "note": STRING}, required=["url"])
NAME_PARTS = {
    "family_name": STRING,
    "given_name": STRING,
    "additional_name": STRING,
    "honorific_prefix": STRING,
    "honorific_suffix": STRING,
    "patronymic_name": STRING,
}
OTHER_NAME = closed(
    {
        "name": {"type": "string"},
        **NAME_PARTS,
        "start_date": REDUCED_DATE,
        "end_date": REDUCED_DATE,
        "note": STRING,
    },
    required=["name"],
)
# What every class has.
RESOURCE = {"id": STRING, "created_at": DATE_TIME, "updated_at": DATE_TIME, "sources": array(LINK)}


def popolo_class(**properties):
    return closed({**RESOURCE, **properties})


PERSON = popolo_class(
    name=STRING,
    other_names=array(OTHER_NAME),
    identifiers=array(IDENTIFIER),
    **NAME_PARTS,
    sort_name=STRING,
    email={"type": ["string", "null"], "format": "email"},
    gender=STRING,
    birth_date=REDUCED_DATE,
    death_date=REDUCED_DATE,
    image=URI,
    summary=STRING,
    biography=STRING,
    national_identity=STRING,
    links=array(LINK),
)
ORGANIZATION = popolo_class(
    name=STRING,
    other_names=array(OTHER_NAME),
    identifiers=array(IDENTIFIER),
    classification=STRING,
    parent_id=STRING,
    area_id=STRING,
    founding_date=REDUCED_DATE,
    dissolution_date=REDUCED_DATE,
    image=URI,
    links=array(LINK),
)
MEMBERSHIP = popolo_class(
    label=STRING,
    role=STRING,
    person_id=STRING,
    organization_id=STRING,
    post_id=STRING,
    on_behalf_of_id=STRING,
    area_id=STRING,
    start_date=REDUCED_DATE,
    end_date=REDUCED_DATE,
    links=array(LINK),
)
POST = popolo_class(
    label=STRING,
    other_label=array({"type": "string"}),
    role=STRING,
    organization_id=STRING,
    area_id=STRING,
    start_date=REDUCED_DATE,
    end_date=REDUCED_DATE,
    links=array(LINK),
)
EVENT = popolo_class(
    name=STRING,
    description=STRING,
    start_date=EVENT_TIME,
    end_date=EVENT_TIME,
    location=STRING,
    status=STRING,
    identifiers=array(IDENTIFIER),
    classification=STRING,
    organization_id=STRING,
    parent_id=STRING,
)
SPEECH = popolo_class(
    creator_id=STRING,
    role=STRING,
    attribution_text=STRING,
    audience_id=STRING,
    text=STRING,
    audio=URI,
    video=URI,
    date=DATE_TIME,
    title=STRING,
    type=STRING,
    position={"type": ["integer", "null"]},
    event_id=STRING,
)

# The document's lists and the class of their objects. The top level is not one of Popolo's
# classes: it is the lists by their plural names, as Popolo's exports write them.
LISTS = {
    "persons": PERSON,
    "organizations": ORGANIZATION,
    "memberships": MEMBERSHIP,
    "posts": POST,
    "events": EVENT,
    "speeches": SPEECH,
}
VALIDATORS = {
    key: jsonschema_rs.Draft7Validator(schema, validate_formats=True) for key, schema in LISTS.items()
}
DOCUMENT = closed({key: {"type": "array"} for key in LISTS})


def popolo_errors(document):
    """What in the document breaks Popolo's rules, as readable lines: [] when nothing does."""
    errors = [first_line(error) for error in jsonschema_rs.Draft7Validator(DOCUMENT).iter_errors(document)]
    for key, objects in document.items():
        if key not in VALIDATORS:
            continue
        for number, popolo in enumerate(objects):
            found = VALIDATORS[key].iter_errors(popolo)
            errors += [f"{key}[{number}]: {first_line(error)}" for error in found]
    return errors


def first_line(error):
    return str(error).splitlines()[0]
