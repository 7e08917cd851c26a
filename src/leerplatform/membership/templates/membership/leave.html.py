BBBBBBB BBBBBBBBBBB
BBBB BBBB
BBBBB BBBBB gettext(u'Leave this edition')  X BBBBBBBB
BBBBB BBBBBBB
  XXXX XXXXXXXXXXXXXXX
    XXXXXXX XXXXXXXXXXXXXXXXXXXX
      XX XXXXXXXXXXXXXXXXXX XXXXXXBBB BBBBBBBBBBBBBBBBBBBB BBBBBBBBBBBBXXXXXXXXXX
      XXXX gettext(u'Leave this edition') XXXXX
    XXXXXXXXX
    XXXX XXXXXXXXXXXXX
      XXX gettext(u'When you leave “%(edition)s”, you no longer see its member pages and you are no longer listed in “Who is who”.') SSSS SSS SSSSS SSSSSSSSSSSSSS SSS SS SSSSSS SSS SSS SSSSSS SSSSS SSS SSS SSS SS SSSSSS SSSSSS SS SSSS SS SSSSSXXXX
      XXX gettext(u'Nothing is deleted: what you shared and did in this edition stays part of it. Your account and profile stay as they are. To take part again, ask a facilitator.') XXXX
      XXXXX XXXXXXXXXXXXXX
        BBBBBBBBBB
        XXXX XXXXXXXXXXXXXXXXXXXXX
          XXXXXXX XXXXXXXXXXXXX XXXXXXXXXXXXX XXXXXXXXXXXXXXX XXXXXXXXXXXXXXXX gettext(u'Leave this edition') XXXXXXXXX
          XX XXXXXXBBB BBBBBBBBBBBBBBBBBBBB BBBBBBBBBBBBXX gettext(u'Stay') XXXX
        XXXXXX
      XXXXXXX
    XXXXXX
  XXXXXX
BBBBBBBB
