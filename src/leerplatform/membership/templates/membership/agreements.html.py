BBBBBBB BBBBBBBBBBB
BBBB BBBB BBBBBBBBBBBB
BBBBB BBBBB gettext(u'Collaboration agreements')  X BBBBBBBB
BBBBB BBBBBBB
  XXXXXXX XXXXXXXXXXXXXXXXXXXX
    XX XXXXXXXXXXXXXXXXXX XXXXXXBBB BBBBBBBBBBBBBBBBBBBB BBBBBBBBBBBBXXXXXXXXXX
    XXXX gettext(u'Collaboration agreements') XXXXX
    XX XXXXXXXXXXXXX gettext(u'How we work together in an open learning climate: a trusted space where what a group keeps private stays private.') XXXX
  XXXXXXXXX
  XXXX XXXXXXXXXXXXXX XXXXXXXXXXXX
    XXXXXXXX XXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX
      BB BBBBBBBBBBBBBB
        XXX XXXXXXXXXXXXXXXXXXXXX gettext(u'Version %(version)s') SSSSSSS SSSSSSSSSSSXXXXX
        XX XXXXXXXXXXXXXX gettext(u'Published on %(date)s') SSSSSSSSS SS SSSSSSSSBB BBBBBBBBBBBBBBBBBBBBBBBBBBB  gettext(u'by %(name)s') SS SSSSSSSSBBBBBXXXX
        XXXX XXXXXXXXXXXXXXFFFFFFFFXXXXXX
        BB BBBBBBBBBBBBBBBBBB
          XX XXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXX gettext(u'You accepted this version on %(date)s.') SSS SSSSSSSS SSSS SSSSSSS SS SSSSSSSSSXXXX
        BBBB BBBBBBBBBB
          XXXXX XXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXX
            BBBBBBBBBB
            XXXXXX XXXXXXXXXXXXX XXXXXXXXXXXXXX XXXXXXXXX
            BB BBBBXXXXXX XXXXXXXXXXXXX XXXXXXXXXXX XXXXXXXXXBBBBB
            XXX gettext(u'By accepting you agree to work by these agreements in this edition.') XXXX
            XXXXXXX XXXXXXXXXXXXX XXXXXXXXXXXXX XXXXXXXXXXXXXXXXX gettext(u'I accept these agreements') XXXXXXXXX
          XXXXXXX
        BBBBB
      BBBB
        XXX XXXXXXXXXXXXXXXXXXXXX gettext(u'Not published yet') XXXXX
        XXX gettext(u'The facilitators have not published the collaboration agreements of this edition yet.') XXXX
      BBBBB
      BB BBBBBBBBBBB
        XXXXX XXXXXXXXXXXXXX XXXXXXBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBB BBBBBBBBBBBBXXBB BBBBBBBBBBBBBB gettext(u'Publish a new version') BBBB gettext(u'Write the agreements') BBBBBXXXXXXXX
      BBBBB
    XXXXXXXXXX
    BB BBBBBBBBBBBBBBBB BB BBB BBBB
      XXXXXXXX XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX
        XXX XXXXXXXXXXXXXXXXXXXXXX gettext(u'Who accepted') XXXXX
        BB BBBBBBBBBBBBBB
          XXX ngettext(u'%(accepted)s of %(counter)s participant accepted version %(version)s.', u'%(accepted)s of %(counter)s participants accepted version %(version)s.', count) SSSSSSSSSSSS SS SSSSSSSSSSS SSSSSSSSSSS SSSSSSSS SSSSSSS SSSSSSSSSSSSPPPPPPPPPPPP PP PPPPPPPPPPP PPPPPPPPPPPP PPPPPPPP PPPPPPP PPPPPPPPPPPPXXXX
        BBBBB
        BB BBBBBBBBBBBBBBBB
          XXXX XXXXXXXXXXXXXXXXXXXXXXXXXXXXXX
            XXXXXX XXXXXXXXXXXXXXXXXXXXXXXXX
              XXXXXXXX XXXXXXXXXXXXXXXXXXXXXXXX gettext(u'The version each participant last accepted') XXXXXXXXXX
              XXXXXXXXXXXXXX XXXXXXXXXXXX gettext(u'Participant') XXXXXXXX XXXXXXXXXXXX gettext(u'Last accepted version') XXXXXXXXXXXXXXXXXX
              XXXXXXX
                BBB BBBBBBBBBB BB BBBBBBBBBBBBBBBB
                  XXXX
                    XXX XXXXXXXXXXXXXX XXXXXXBBB BBBBBBBBBBBBBBBBB BBBBBBBBBBBBBBBBBBXXXXXXXXXXX
                    XXXX
                      BB BBBBBBBBBBBBBBBBBBBBBBB BB BBBBXXXXX XXXXXXXXXXXXXX gettext(u'not yet') XXXXXXX
                      BBBB gettext(u'version %(version)s') SSSSSSS SSSSSSSSSSS
                        BB BBBBBBBBBBBBBB BBB BBBBBBBBBBBBBBBBBBBBBBB BB BBBBBBBBBBBBBBBBBBBBBBXXXXX XXXXXXXXXXXX XXXXXXXXXXXXXXX gettext(u'outdated') XXXXXXXBBBBB
                        XXXXX XXXXXXXXXXXXXXXFFFFFFF F FFXXXXXXXX
                      BBBBB
                    XXXXX
                  XXXXX
                BBBBBB
              XXXXXXXX
            XXXXXXXX
          XXXXXX
        BBBB
          XXX gettext(u'This edition has no participants yet.') XXXX
        BBBBB
      XXXXXXXXXX
    BBBBB
  XXXXXX
BBBBBBBB
