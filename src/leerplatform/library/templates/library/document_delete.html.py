BBBBBBB BBBBBBBBBBB
BBBB BBBB
BBBBB BBBBB gettext(u'Delete document')  X BBBBBBBB
BBBBB BBBBBBB
  XXXX XXXXXXXXXXXXXXX
    XX XXXXXXXXXXXXXXXXXXXX XXXXXXXXX XXXXXXXX
    XXXX gettext(u'Delete this document?') XXXXX
    XXXXX XXXXXXXXXXXXX XXXXXXXXXXX XXXXXX
      BBBBBBBBBB
      XXX gettext(u'“%(title)s” and its files move to the bin of the library. Nobody finds it in the library or the search any more.') SSSSSSSSSSS SSS SSS SSSSS SSSS SS SSS SSS SS SSS SSSSSSSS SSSSSS SSSSS SS SS SSS SSSSSSS SS SSS SSSSSS SSS SSSSSXXXX
      XXX ngettext(u'Its authors, the members of its learning group and the facilitators can restore it from the bin for %(days)s day; after that it is removed for good.', u'Its authors, the members of its learning group and the facilitators can restore it from the bin for %(days)s days; after that it is removed for good.', count) SSS SSSSSSSS SSS SSSSSSS SS SSS SSSSSSSS SSSSS SSS SSS SSSSSSSSSSSS SSS SSSSSSS SS SSSS SSS SSS SSS SSSSSSSS SSSS SSSSS SSSS SS SS SSSSSSS SSS SSSSSPPP PPPPPPPP PPP PPPPPPP PP PPP PPPPPPPP PPPPP PPP PPP PPPPPPPPPPPP PPP PPPPPPP PP PPPP PPP PPP PPP PPPPPPPP PPPPP PPPPP PPPP PP PP PPPPPPP PPP PPPPPXXXX
      XXXX XXXXXXXXXXXXXXXXXXXXX
        XXXXXXX XXXXXXXXXXXXX XXXXXXXXXXXXX XXXXXXXXXXXXXXXX gettext(u'Move to the bin') XXXXXXXXX
        XX XXXXXXXX gettext(u'Cancel') XXXX
      XXXXXX
    XXXXXXX
  XXXXXX
BBBBBBBB
