"""Dutch dates: "2 december 2026", "2 december 2026, 09:30", "11 mei, 09:30".

Month and day names in lower case, day before month, no abbreviations (Django's "M" would say
"Dec" and "Mei"), a comma between date and time, the 24-hour clock.
"""

DATE_FORMAT = "j F Y"  # 2 december 2026
DATETIME_FORMAT = "j F Y, H:i"  # 2 december 2026, 09:30
TIME_FORMAT = "H:i"  # 09:30
YEAR_MONTH_FORMAT = "F Y"  # december 2026
MONTH_DAY_FORMAT = "j F"  # 2 december
SHORT_DATE_FORMAT = "j-n-Y"  # 2-12-2026 (only where space is very short; none yet)
SHORT_DATETIME_FORMAT = "j-n-Y H:i"  # 2-12-2026 09:30

# Named formats of our own (see leerplatform/formats/__init__.py).
DAY_DATE_FORMAT = "l j F Y"  # woensdag 2 december 2026
DAY_DATETIME_FORMAT = "l j F Y, H:i"  # woensdag 2 december 2026, 09:30
MONTH_DAY_TIME_FORMAT = "j F, H:i"  # 11 mei, 09:30 (when the year goes without saying)
PRECISE_DATETIME_FORMAT = "j F Y, H:i:s"  # 2 december 2026, 09:30:05 (the status page)
