BBBBBBB BBBBBBBBBBB
BBBB BBBB
BBBBB BBBBB gettext(u'Form expired') BBBBBBBB
BBBBB BBBBBBB
  XXXX XXXXXXXXXXXXXXXXXXX
    XXXX gettext(u'Form expired') XXXXX
    XXX gettext(u'For your security this form could not be sent. Go back, reload the page and try again. Cookies must be allowed.') XXXX
  XXXXXX
BBBBBBBB
