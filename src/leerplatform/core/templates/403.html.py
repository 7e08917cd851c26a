BBBBBBB BBBBBBBBBBB
BBBB BBBB
BBBBB BBBBB gettext(u'No access') BBBBBBBB
BBBBB BBBBBBB
  XXXX XXXXXXXXXXXXXXXXXXX
    XXXX gettext(u'No access') XXXXX
    XXX gettext(u'You do not have permission to see this page. It is for the members of an edition, or for its facilitators.') XXXX
    BB BBB BBBBBBBBBBBBBBBBBBBBB
      XXXXX XXXXXXXXXXXXXX XXXXXXBBB BBBBBBBBBBBBBBBXXXXXXFFFFFFFFFXX gettext(u'Log in') XXXXXXXX
    BBBB
      XXXXX XXXXXXXXXXXXXX XXXXXXBBB BBBBBBBBBBBBBBBXX gettext(u'Go to the home page') XXXXXXXX
    BBBBB
  XXXXXX
BBBBBBBB
