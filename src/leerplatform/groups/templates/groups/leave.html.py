BBBBBBB BBBBBBBBBBB
BBBB BBBB
BBBBB BBBBB gettext(u'Leave this group')  X BBBBBBBB
BBBBB BBBBBBB
  XXXX XXXXXXXXXXXXXXX
    XX XXXXXXXXXXXXXXXXXXXX XXXXXXBBB BBBBBBBBBBBBBBB BBBBBBBBXXX XXXXXXXX
    XXXXXXX XXXXXXXXXXXXXXXXXXXX
      XX XXXXXXXXXXXXXXXXXXXX
      XXXX gettext(u'Leave “%(name)s”') SSSSS SSSSSSSSSSXXXXX
    XXXXXXXXX
    XXXX XXXXXXXXXXXXX
      BB BBBBBBBBBBBBBBBBBBB
        XX XXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXX gettext(u"You are this group's only coordinator. Make another member coordinator first, then you can leave.") XXXX
        BB BBBBBBBBBBXXXXX XXXXXXXXXXXXX XXXXXXXXXXXXXXXX XXXXXXBBB BBBBBBBBBBBBBBBB BBBBBBBBXX gettext(u'Go to the members page') XXXXXXXXBBBBB
        XXXXX XXXXXXBBB BBBBBBBBBBBBBBB BBBBBBBBXX gettext(u'Back to the group') XXXXXXXX
      BBBB
        XXX gettext(u'When you leave, you no longer see what the group keeps to itself, and you are no longer listed as a member.') XXXX
        XXX gettext(u'Nothing is deleted: what you wrote and did in the group stays part of it.') BB BBBBBBBBBBBBBB  gettext(u'You are the last member: the group stays, with its work, until someone joins again.') BBBBBXXXX
        XXXXX XXXXXXXXXXXXXX
          BBBBBBBBBB
          XXXX XXXXXXXXXXXXXXXXXXXXX
            XXXXXXX XXXXXXXXXXXXX XXXXXXXXXXXXX XXXXXXXXXXXXXXXXX gettext(u'Leave this group') XXXXXXXXX
            XX XXXXXXBBB BBBBBBBBBBBBBBB BBBBBBBBXX gettext(u'Stay') XXXX
          XXXXXX
        XXXXXXX
      BBBBB
    XXXXXX
  XXXXXX
BBBBBBBB
