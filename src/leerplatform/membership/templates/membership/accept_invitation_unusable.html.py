BBBBBBB BBBBBBBBBBB
BBBB BBBB
BBBBB BBBBB gettext(u'Invitation no longer valid') BBBBBBBB
BBBBB BBBBBBB
  XXXX XXXXXXXXXXXXXXX
    XXXXXXX XXXXXXXXXXXXXXXXXXXX
      XX XXXXXXXXXXXXXXXXXXXX
      BB BBBBBBBBBBBBBBBBBB
        XXXX gettext(u'This invitation has already been used') XXXXX
      BBBB
        XXXX gettext(u'This invitation has expired') XXXXX
      BBBBB
    XXXXXXXXX
    XXXX XXXXXXXXXXXXX
      BB BBBBBBBBBBBBBBBBBB
        XXX gettext(u'The link in the invitation works only once, and it has been used to join %(edition)s. Log in with your account to take part.') SSS SSSS SS SSS SSSSSSSSSS SSSSS SSSS SSSSS SSS SS SSS SSSS SSSS SS SSSS SSSSSSSSSSSS SSS SS SSSS SSSS SSSSSSS SS SSSS SSSSSXXXX
        XXXXX XXXXXXXXXXXXX XXXXXXXXXXXXXXXX XXXXXXBBB BBBBBBBBBBBBBBBXX gettext(u'Log in') XXXXXXXX
      BBBB
        XXX gettext(u'The invitation to take part in %(edition)s was valid until %(date)s. Ask the facilitators of the edition to invite you again; you then receive a new link.') SSS SSSSSSSSSS SS SSSS SSSS SS SSSSSSSSSSS SSS SSSSS SSSSS SSSSSSSSS SSS SSS SSSSSSSSSSSS SS SSS SSSSSSS SS SSSSSS SSS SSSSSS SSS SSSS SSSSSSS S SSS SSSSSXXXX
      BBBBB
    XXXXXX
  XXXXXX
BBBBBBBB
