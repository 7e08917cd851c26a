"""English dates in the same order as the Dutch ones: "2 December 2026", "11 May, 09:30".

The same names as formats/nl/formats.py, so a template asks for one name in both languages.
"""

DATE_FORMAT = "j F Y"  # 2 December 2026
DATETIME_FORMAT = "j F Y, H:i"  # 2 December 2026, 09:30
TIME_FORMAT = "H:i"  # 09:30
YEAR_MONTH_FORMAT = "F Y"  # December 2026
MONTH_DAY_FORMAT = "j F"  # 2 December
SHORT_DATE_FORMAT = "j/n/Y"  # 2/12/2026
SHORT_DATETIME_FORMAT = "j/n/Y H:i"  # 2/12/2026 09:30

# Named formats of our own (see leerplatform/formats/__init__.py).
DAY_DATE_FORMAT = "l j F Y"  # Wednesday 2 December 2026
DAY_DATETIME_FORMAT = "l j F Y, H:i"  # Wednesday 2 December 2026, 09:30
MONTH_DAY_TIME_FORMAT = "j F, H:i"  # 11 May, 09:30
PRECISE_DATETIME_FORMAT = "j F Y, H:i:s"  # 2 December 2026, 09:30:05
