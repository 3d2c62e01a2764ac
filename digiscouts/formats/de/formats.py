# German date formats of the portal (FORMAT_MODULE_PATH); Django's own German
# formats fill in the rest. A second language adds its folder beside this one.
DATE_FORMAT = "j. F Y"
DATETIME_FORMAT = "j. F Y, H:i"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
# The portal's own: a date with its weekday (templatetags "dates").
WEEKDAY_DATE_FORMAT = "l, j. F Y"
WEEKDAY_DATETIME_FORMAT = "l, j. F Y, H:i"
