BBBBBBB BBBBBBBBBBB
BBBB BBBB BBBBBB BBBBBBBBBBBB
BBBBB BBBBB gettext(u'Apply')  X BBBBBBBB
BBBBB BBBBBBB
  XXXX XXXXXXXXXXXXXX
    XXXXXXX XXXXXXXXXXXXXXXXXXXX
      XX XXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXX
      XXXX gettext(u'Apply to take part') XXXXX
      XX XXXXXXXXXXXXX gettext(u'Tell the facilitators who you are and why you would like to join. They read every application and let you know their decision by email.') XXXX
    XXXXXXXXX

    XXXXXXXX XXXXXXXXXXX XXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX
      XXX XXXXXXXXXXXXXXXXXXXXXX gettext(u'Who can take part') XXXXX
      BB BBBBBBBBBBBBBBBB
        XXXX XXXXXXXXXXXXXXFFFFFFFFXXXXXX
      BBBB
        XXX gettext(u'The platform is for professionals in higher professional education (hbo) who work on the development of staff, teams and organisations.') SSS SSSSSSSS SS SSS SSSSSSSSSSSSS SS SSSSSS SSSSSSSSSSSS SSSSSSSSS SSSSS SSS SSSS SS SSS SSSSSSSSSSS SS SSSSSS SSSSS SSS SSSSSSSSSSSSSSXXXX
      BBBBB
      XXX XXXXXXXXXXXXXX
        XXXXX
          XXXX gettext(u'Experience') XXXXX
          XXXX ngettext(u'At least %(years)s year', u'At least %(years)s years', count) SS SSSSS SSSSSSSSS SSSSPP PPPPP PPPPPPPPP PPPPPXXXXX
        XXXXXX
        BB BBBBBBBBBBBBBBBBBBBBBBBBBBB
          XXXXX
            XXXX gettext(u'Work level') XXXXX
            XXXXXXXXX
          XXXXXX
        BBBBB
        XXXXX
          XXXX gettext(u'Institution') XXXXX
          XXXX gettext(u'A hogeschool (hbo)') XXXXX
        XXXXXX
      XXXXX
      XX XXXXXXXXXXXXXX gettext(u'An application that does not meet every point is not refused automatically: the facilitators weigh it.') XXXX
    XXXXXXXXXX

    XXXXX XXXXXXXXXXXXX XXXXXXXXXXX XXXX XXXXXXXXXXXX XXXXXXXXXXX
      BBBBBBBBBB
      XXXX gettext(u'Your application') XXXXX
      XX XXXXXXXXXXXXXX gettext(u'All fields are required, unless said otherwise.') XXXX
      BB BBBBBBBBBBB
        XX XXXXXXXXXXXXXX XXXXXXXXXXXXXXX XXXXXXXXXXXXX gettext(u'Please correct the fields marked below; everything you typed has been kept.') XXXX
      BBBBB
      
      BBB BBBBB BB BBBB
        BB BBBBBBBBBB BB BBBBBBBBB
          XXXX XXXXXXXXXXXX XXXXXXXXXXXXXXXX
            
            XXXXXX XXXXXX XXXXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXX
          XXXXXX
        BBBB BBBBBBBBBB BB BBBBBBBBBBBBBBBBBBB
          XXXX XXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXXXXXXXXX
        BBBB
          XXXX XXXXXXXXXXXXXXXXXXXX
        BBBBB
      BBBBBB
      XXXX XXXXXXXXXXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXX XXXXXXXXXXXXX XXXXXXXXXXXXXXXXX gettext(u'Send application') XXXXXXXXXXXXXXX
    XXXXXXX
  XXXXXX
BBBBBBBB
BBBBB BBBBBBBBBBXXXXXXX XXXXXBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBX XXXXXXXXXXXXXXXBBBBBBBB
