# English formats, but dates are still read day-first: these records are Vietnamese
# and "04/03/2001" means 4 March whatever language the page is shown in.
from django.conf.locale.en.formats import *  # noqa: F403

from ..vi.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS  # noqa: F401

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j/n/Y"
