BBBBBBB BBBBBBBBBBB
BBBB BBBB
BBBBB BBBBB gettext(u'Applications closed')  X BBBBBBBB
BBBBB BBBBBBB
  XXXX XXXXXXXXXXXXXXX
    XXXXXXX XXXXXXXXXXXXXXXXXXXX
      XX XXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXX
      XXXX gettext(u'Applications are closed') XXXXX
    XXXXXXXXX
    BB BBBBBBBBBBBBB BB BBBBBBBB
      XXX gettext(u'This edition has ended; its outputs are shared with the field.') XXXX
    BBBB
      XXX gettext(u'This edition does not take applications at the moment. Would you like to take part? Contact the facilitators of this edition; they admit participants and send an invitation.') XXXX
    BBBBB
    XXXXX XXXXXXXXXXXXXX XXXXXXXX gettext(u'Back to the edition') XXXXXXXX
  XXXXXX
BBBBBBBB
