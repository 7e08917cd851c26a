BBBBBBB BBBBBBBBBBB
BBBB BBBB
BBBBB BBBBB gettext(u'Page not found') BBBBBBBB
BBBBB BBBBBBB
  XXXX XXXXXXXXXXXXXXXXXXX
    XXXX gettext(u'Page not found') XXXXX
    XXX gettext(u'We cannot find the page you are looking for. It may have moved, or the address may be mistyped.') XXXX
    XXXXX XXXXXXXXXXXXXX XXXXXXBBB BBBBBBBBBBBBBBBXX gettext(u'Go to the home page') XXXXXXXX
  XXXXXX
BBBBBBBB
