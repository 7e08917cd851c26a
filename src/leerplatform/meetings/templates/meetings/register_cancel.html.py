BBBBBBB BBBBBBBBBBB
BBBB BBBB
BBBBB BBBBB gettext(u'Cancel registration')  X BBBBBBBB
BBBBB BBBBBBB
  XXXX XXXXXXXXXXXXXXX
    XXXXXXX XXXXXXXXXXXXXXXXXXXX
      XX XXXXXXXXXXXXXXXXXX XXXXXXBBB BBBBBBBBBBBBBBBBB BBBBBBBBBBXXXXXXXXXX
      XXXXBB BBBBBBBBBBB BB BBBBBBBBBBBB gettext(u'Leave the waiting list') BBBB gettext(u'Cancel your registration') BBBBBXXXXX
      XXXBBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBBBXXXX
    XXXXXXXXX
    XXXX XXXXXXXXXXXXX
      BB BBBBBBBBBB
        XXXBB BBBBBBBBBBB BB BBBBBBBBBBBB gettext(u'You will no longer get a place when one becomes free.') BBBB gettext(u'Your place goes to the first person on the waiting list, if there is one. You can register again as long as registration is open.') BBBBBXXXX
        XXXXX XXXXXXXXXXXXXX
          BBBBBBBBBB
          XXXX XXXXXXXXXXXXXXXXXXXXX
            XXXXXXX XXXXXXXXXXXXX XXXXXXXXXXXXX XXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXBB BBBBBBBBBBB BB BBBBBBBBBBBB gettext(u'Leave the waiting list') BBBB gettext(u'Cancel my registration') BBBBBXXXXXXXXX
            XX XXXXXXBBB BBBBBBBBBBBBBBBBB BBBBBBBBBBXX gettext(u'Keep my registration') XXXX
          XXXXXX
        XXXXXXX
      BBBB
        XXX gettext(u'This meeting has already started; ask a facilitator.') XXXX
      BBBBB
    XXXXXX
  XXXXXX
BBBBBBBB
