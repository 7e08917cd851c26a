BBBBBBB BBBBBBBBBBB
BBBB BBBB
BBBBB BBBBB gettext(u'Calendar subscription') BBBBBBBB
BBBBB BBBBBBB
  XXXX XXXXXXXXXXXXXXX
    XXXX XXXXXXXXXXXXXX XXXXXXXXXXXX gettext(u'Account') XX
      XX XXXXXXBBB BBBBBBBBBBBBBBBBBBXX gettext(u'My profile') XXXX
      XX XXXXXXBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBBX XXXXXXXXXXXXXXXXXXXX gettext(u'Calendar subscription') XXXX
    XXXXXX
    XXXX gettext(u'Calendar subscription') XXXXX
    XXX gettext(u'Subscribe to this address in your calendar program (Outlook, Google Calendar, Apple Calendar) and the meetings of every edition you take part in appear there by themselves, including changes and cancellations.') XXXX
    XXXX XXXXXXXXXXX XXXXXXXXXXXXXXX
      XXXXX XXXXXXXXXXXXX XXXXXXXXXXXXXXXX XXXXXXXX gettext(u'Subscribe in your calendar') XXXXXXXX
      XXXX XXXXXXXXXXXXX
        XXXXXX XXXXXXXXXXXXXXX gettext(u'Or copy this address into your calendar program') XXXXXXXX
        XXXXXX XXXXXXXXXXXXX XXXXXXXXXXX XXXXXXXX XXXXXXXX XXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX
        XX XXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXX gettext(u'This address is personal and secret: whoever has it sees your meetings. Do not share it.') XXXX
      XXXXXX
    XXXXXX
    XXXXXXXX XXXXXXXXXXX XXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX
      XXX XXXXXXXXXXXXXXXXXXX gettext(u'A new address') XXXXX
      XXX gettext(u'Did someone else get hold of the address? Make a new one. The old address stops working at once; subscribe again with the new one.') XXXX
      XXXXX XXXXXXXXXXXXXX
        BBBBBBBBBB
        XXXXXXX XXXXXXXXXXXXX XXXXXXXXXXXXX XXXXXXXXXXXXXXXX gettext(u'Make a new address') XXXXXXXXX
      XXXXXXX
    XXXXXXXXXX
  XXXXXX
BBBBBBBB
