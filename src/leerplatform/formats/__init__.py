"""The date formats of each language (settings.FORMAT_MODULE_PATH points here).

Django looks here before its own `django.conf.locale.<lang>.formats`, so only what differs is
written down; the input formats stay Django's. Templates and Python ask for a format by name and
never spell one out: `{{ value|date:"DATE_FORMAT" }}`, `{{ value|date:"DAY_DATE_FORMAT" }}`,
`date_format(timezone.localtime(value), "DATETIME_FORMAT")`. The names beyond Django's own
(`DAY_DATE_FORMAT`, `DAY_DATETIME_FORMAT`, `MONTH_DAY_TIME_FORMAT`, `PRECISE_DATETIME_FORMAT`)
work the same way, because `django.utils.formats.get_format` reads any name from these modules.
Every language module must define every name: a missing custom name would be read as a format
string of its own.

Only machine formats are written out where they are used: `"c"` and `"Y-m-d"` in a
`<time datetime>` attribute, `"Ymd"` in a comparison, ISO dates in CSV files and file names.
"""
