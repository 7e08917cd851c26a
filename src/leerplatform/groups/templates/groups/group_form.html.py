BBBBBBB BBBBBBBBBBB
BBBB BBBB
BBBBB BBBBBBB BBBBB gettext(u'Change the group')  X BBBB gettext(u'Start a learning group') BBBBB X BBBBBBBB
BBBBB BBBBBBB
  XXXX XXXXXXXXXXXXXXXXXXXXXXXX
    XX XXXXXXXXXXXXXXXXXXBB BBBBBXX XXXXXXBBB BBBBBBBBBBBBBBB BBBBBBBBXXX XXXXBBBBXX XXXXXXBBB BBBBBBBBBBBBB BBBBBBBBBBBBXXX  gettext(u'All learning groups') XXXXBBBBBXXXX
    XXXXXXX XXXXXXXXXXXXXXXXXXXX
      XX XXXXXXXXXXXXXXXXXXXX
      XXXXBB BBBBB gettext(u'Change the group') BBBB gettext(u'Start a learning group') BBBBBXXXXX
      BB BBBBBBXX XXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXX ngettext(u'You take part in %(cap)s learning group already, the most one person may join in this edition. Starting a group makes you its member: leave your group first.', u'You take part in %(cap)s learning groups already, the most one person may join in this edition. Starting a group makes you its member: leave one of yours first.', count) SSS SSSS SSSS SS SSSSSSS SSSSSSSS SSSSS SSSSSSSS SSS SSSS SSS SSSSSS SSS SSSS SS SSSS SSSSSSSS SSSSSSSS S SSSSS SSSSS SSS SSS SSSSSSS SSSSS SSSS SSSSS SSSSSSPPP PPPP PPPP PP PPPPPPP PPPPPPPP PPPPPP PPPPPPPP PPP PPPP PPP PPPPPP PPP PPPP PP PPPP PPPPPPPP PPPPPPPP P PPPPP PPPPP PPP PPP PPPPPPP PPPPP PPP PP PPPPP PPPPPPXXXXBBBBB
      BB BBB BBBBBXXX gettext(u"Gather colleagues around a question from your practice. You become the group's first coordinator (trekker); together you write a work plan and choose your activities.") XXXXBBBBB
    XXXXXXXXX
    XXXXX XXXXXXXXXXXXX XXXXXXXXXXX XXXX XXXXXXXXXXX XXXXXXXXXXX
      BBBBBBBBBB
      BB BBBBBBBBBBB
        XX XXXXXXXXXXXXXX XXXXXXXXXXXXXXX XXXXXXXXXXXXX gettext(u'Please correct the fields marked below; everything you typed has been kept.') XXXX
      BBBBB
      
      BBB BBBBB BB BBBBXXXX XXXXXXXXXXXXXXXXXXXXBBBBBB
      XXXX XXXXXXXXXXXXXXXXXXXXX
        XXXXXXX XXXXXXXXXXXXX XXXXXXXXXXXXX XXXXXXXXXXXXXXXXXBB BBBBB gettext(u'Save changes') BBBB gettext(u'Start the group') BBBBBXXXXXXXXX
        XX XXXXXXBB BBBBBBBB BBBBBBBBBBBBBBB BBBBBBBBBBBBBBB BBBBBBBBBBBBB BBBBBBBBBBBBBBBBBXX gettext(u'Cancel') XXXX
      XXXXXX
    XXXXXXX
  XXXXXX
BBBBBBBB
