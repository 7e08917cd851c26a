BBBBBBB BBBBBBBBBBB
BBBB BBBB
BBBBB BBBBB gettext(u'Confirm your email address') BBBBBBBB
BBBBB BBBBBBB
  XXXX XXXXXXXXXXXXXXX
    XXXXXXX XXXXXXXXXXXXXXXXXXXX
      XX XXXXXXXXXXXXXXXXXXXX
      XXXX gettext(u'Confirm your email address') XXXXX
      XXX gettext(u'You applied with the address <strong>%(email)s</strong>.') SSS SSSSSSS SSSS SSS SSSSSSS SSSSSSSSSSSSSSSSSSSSSSSSSSSXXXX
    XXXXXXXXX
    XXXXX XXXXXXXXXXXXX XXXXXXXXXXX XXXXX XXXXXXXXXXX
      BBBBBBBBBB
      BB BBBB
        XXXX gettext(u'Choose a password') XXXXX
        XXX gettext(u'With your email address and this password you log in to follow your application and, once admitted, to take part.') XXXX
        
        BBB BBBBB BB BBBBXXXX XXXXXXXXXXXXXXXXXXXXBBBBBB
        XXXX XXXXXXXXXXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXX XXXXXXXXXXXXX XXXXXXXXXXXXXXXXX gettext(u'Confirm and save password') XXXXXXXXXXXXXXX
      BBBB
        XXX gettext(u'You already have an account. Confirm your address to continue to your applications.') XXXX
        XXXX XXXXXXXXXXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXX XXXXXXXXXXXXX XXXXXXXXXXXXXXXXX gettext(u'Confirm my email address') XXXXXXXXXXXXXXX
      BBBBB
    XXXXXXX
  XXXXXX
BBBBBBBB
