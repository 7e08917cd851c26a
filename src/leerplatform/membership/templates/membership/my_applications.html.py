BBBBBBB BBBBBBBBBBB
BBBB BBBB
BBBBB BBBBB gettext(u'My applications') BBBBBBBB
BBBBB BBBBBBB
  XXXX XXXXXXXXXXXXXXX
    XXXX gettext(u'My applications') XXXXX
    BB BBBBBBBBBBBB
      XXX XXXXXXXXXXXXXXXXXXXXXXXXX
        BBB BBBBBBBBBBB BB BBBBBBBBBBBB
          XXX XXXXXXXXXXX XXXXXXXXXXXXXXXXXX
            XXXX XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX
              XXX XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXX
              BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB
            XXXXXX
            XX XXXXXXXXXXXXXX gettext(u'Applied on %(date)s') SSSSSSS SS SSSSSSSSXXXX
            BB BBBBBBBBBBBBBBBBBB BB BBBBBBBBBBB
              XXX gettext(u'The facilitators have not decided yet. You receive an email when they have.') XXXX
            BBBB BBBBBBBBBBBBBBBBBB BB BBBBBBBBBBBB
              XXX gettext(u'The edition is full for now. When a place becomes free, the facilitators can admit you from the waiting list; you then receive an email.') XXXX
            BBBB BBBBBBBBBBBBBBBBBB BB BBBBBBBBBB
              XXX gettext(u'Welcome: you take part in this edition.')  XX XXXXXXBBB BBBBBBBBBBBBBBBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBXX gettext(u'Go to your dashboard') XXXXXXXX
            BBBB BBBBBBBBBBBBBBBBBB BB BBBBBBBBBB
              XXX gettext(u'The facilitators did not admit you to this edition.') XXXX
              BB BBBBBBBBBBBBBBBBBBBBBBBBBBBXXXXXXXXXXX gettext(u'Reason') XXXXXXXXXX FFFFFFFFFFFFXXXXBBBBB
            BBBBB
            BB BBB BBBBBBBBBBBBBBBBBBBBBBBBBBBBB
              XX XXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXX gettext(u'Your email address is not confirmed yet: open the link in the email we sent you.') XXXX
            BBBBB
          XXXXX
        BBBBBB
      XXXXX
    BBBB
      XXX gettext(u'You have not applied to an edition.') XXXX
    BBBBB
  XXXXXX
BBBBBBBB
