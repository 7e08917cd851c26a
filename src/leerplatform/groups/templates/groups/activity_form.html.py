BBBBBBB BBBBBBBBBBB
BBBB BBBB
BBBBB BBBBBBB BBBBBBBB gettext(u'Edit activity') BBBB gettext(u'Log an activity') BBBBB X BBBBBBBB
BBBBB BBBBBBB
  XXXX XXXXXXXXXXXXXXXXXXXXXXXXXXX
    XX XXXXXXXXXXXXXXXXXXXX XXXXXXBBB BBBBBBBBBBBBBBBBBBB BBBBBBBBXXX  gettext(u'Activities') XXXXXXXX
    XXXXXXX XXXXXXXXXXXXXXXXXXXX
      XX XXXXXXXXXXXXXXXXXXXX
      XXXXBB BBBBBBBB gettext(u'Edit activity') BBBB gettext(u'Log an activity') BBBBBXXXXX
      XXX gettext(u'Log what the group plans to do, or what it did. Once a planned activity has taken place, set it to done and describe the outcome.') XXXX
      XX XXXXXXXXXXXXXXBB BBBBBBBBBBBBBBBBBBBBBBBBBBB BB BBBBBBBBBB gettext(u"Everyone in the edition can see the group's activities.") BBBB gettext(u"Only the members of the group see the group's activities.") BBBBBXXXX
    XXXXXXXXX
    XXXXX XXXXXXXXXXXXX XXXXXXXXXXX XXXX XXXXXXXXXXXXXX XXXXXXXXXXX
      BBBBBBBBBB
      XX XXXXXXXXXXXXXX gettext(u'Kind, title, date and status are required.') XXXX
      BB BBBBBBBBBBB
        XX XXXXXXXXXXXXXX XXXXXXXXXXXXXXX XXXXXXXXXXXXX gettext(u'Please correct the fields marked below; everything you typed has been kept.') XXXX
      BBBBB
      
      BBB BBBBB BB BBBBXXXX XXXXXXXXXXXXXXXXXXXXBBBBBB
      XXXX XXXXXXXXXXXXXXXXXXXXX
        XXXXXXX XXXXXXXXXXXXX XXXXXXXXXXXXX XXXXXXXXXXXXXXXXXBB BBBBBBBB gettext(u'Save changes') BBBB gettext(u'Add to the timeline') BBBBBXXXXXXXXX
        XX XXXXXXBBB BBBBBBBBBBBBBBBBBBB BBBBBBBBXX gettext(u'Cancel') XXXX
      XXXXXX
    XXXXXXX
  XXXXXX
BBBBBBBB
