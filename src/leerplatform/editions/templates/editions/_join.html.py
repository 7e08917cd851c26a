BBBB BBBB BBBBB BBBBBBBBBBBB
BBBBBBBB BBBBBBBBBBBBBBBBBBBB BBBB BBBBBBB BB BBBBBBBBBB
BBBBBBBB BBBBBBBBBBBBBBBBBB BBBB BBBBBBB BB BBBBBBBBB
XXXXXXXX XXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX
  XXX XXXXXXXXXXXXXXXXXX gettext(u'How to join') XXXXX
  BB BBBBBBBBBB
    XXX gettext(u'You take part in this edition.')  XX XXXXXXBBB BBBBBBBBBBBBBBBBBBBB BBBBBBBBBBBBXX gettext(u'Go to your dashboard') XXXXXXXX
  BBBB
    BB BBBBBBBBBBBBBBBB
      XXXX XXXXXXXXXXXXXXFFFFFFFFXXXXXX
    BBBB
      XXX gettext(u'The platform is for professionals in higher professional education (hbo) who work on the development of staff, teams and organisations, with at least five years of experience in the field, working at the tactical level. Job titles matter less: think of HR advisers, HR managers, HRD advisers or career advisers.') SSS SSSSSSSS SS SSS SSSSSSSSSSSSS SS SSSSSS SSSSSSSSSSSS SSSSSSSSS SSSSS SSS SSSS SS SSS SSSSSSSSSSS SS SSSSSS SSSSS SSS SSSSSSSSSSSSSS SSSS SS SSSSS SSSS SSSSS SS SSSSSSSSSS SS SSS SSSSSS SSSSSSS SS SSS SSSSSSSS SSSSSS SSS SSSSSS SSSSSS SSSSS SSSSS SS SS SSSSSSSSS SS SSSSSSSSS SSS SSSSSSSS SS SSSSSS SSSSSSSSSXXXX
    BBBBB
    BB BBBBBBBBBBBBB BB BBBBBBBB
      XXX gettext(u'This edition has ended; its outputs are shared with the field.') XXXX
    BBBB BBBBBBBBB
      XXXXX XXXXXXXXXXXXX XXXXXXXXXXXXXXXX XXXXXXBBB BBBBBBBBBBBBBBBBBB BBBBBBBBBBBBXX gettext(u'Apply to take part') XXXXXXXX
    BBBB
      XXX gettext(u'Would you like to take part? Contact the facilitators of this edition; they admit participants and send an invitation.') XXXX
    BBBBB
    BB BBB BBBBBBBBBBBBBBBBBBBBBXXX gettext(u'Already a participant?')  XX XXXXXXBBB BBBBBBBBBBBBBBBXX gettext(u'Log in') XXXXXXXXBBBBB
  BBBBB
XXXXXXXXXX
