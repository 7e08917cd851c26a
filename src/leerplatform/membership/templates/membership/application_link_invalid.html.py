BBBBBBB BBBBBBBBBBB
BBBB BBBB
BBBBB BBBBB gettext(u'This link does not work') BBBBBBBB
BBBBB BBBBBBB
  XXXX XXXXXXXXXXXXXXX
    XXXX gettext(u'This link does not work') XXXXX
    BB BBBBBBB
      XXX gettext(u'This link has already been used: your email address is confirmed and you have a password. Log in to see your applications.') XXXX
    BBBB
      XXX gettext(u'We do not know this link. Perhaps it was copied incompletely from the email; try clicking it in the email itself.') XXXX
    BBBBB
    XXX
      XX XXXXXXXXXXXXX XXXXXXXXXXXXXXXX XXXXXXBBB BBBBBBBBBBBBBBBXXXXXXBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBBXX gettext(u'Log in') XXXX
      XX XXXXXXXXXXXXXX XXXXXXBBB BBBBBBBBBBBBBBBBBBBBBBBBXX gettext(u'Forgot your password?') XXXX
    XXXX
  XXXXXX
BBBBBBBB
