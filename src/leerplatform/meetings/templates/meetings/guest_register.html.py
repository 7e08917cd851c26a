BBBBBBB BBBBBBBBBBB
BBBB BBBB
BBBBB BBBBB gettext(u'Register as a guest')  X BBBBBBBB
BBBBB BBBBBBB
  XXXX XXXXXXXXXXXXXXX
    XXXXXXX XXXXXXXXXXXXXXXXXXXX
      XX XXXXXXXXXXXXXXXXXX XXXXXXBBB BBBBBBBBBBBBBBBBB BBBBBBBBBBXXXXXXXXXX
      XXXX gettext(u'Register as a guest') XXXXX
      XXXBBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBBBXXXX
      XX XXXXXXXXXXXXX gettext(u'At the closing meeting the learning groups share what they have learned with the field. Guests are welcome: register with your name, email address and organisation. You will receive an email with a link to confirm; your registration counts once you have confirmed it.') XXXX
    XXXXXXXXX
    BB BBBBBBBBB
      XX XXXXXXXXXXXXXXXX gettext(u'You take part in this edition: register with your own account on the meeting page.')  XX XXXXXXBBB BBBBBBBBBBBBBBBBB BBBBBBBBBBXXXXXXXXXXXXXXX gettext(u'Go to the meeting') XXXXXXXX
    BBBBB
    XXXX XXXXXXXXXXXXX
      BB BBBBBBB
        XXXXX XXXXXXXXXXXXX XXXXXXXXXXXX XXXXXXXXXXX
          BBBBBBBBBB
          BB BBBBBBBBBBBXX XXXXXXXXXXXXXX XXXXXXXXXXXXXXX XXXXXXXXXXXXX gettext(u'Please correct the fields marked below; everything you typed has been kept.') XXXXBBBBB
          
          BBB BBBBB BB BBBBXXXX XXXXXXXXXXXXXXXXXXXXBBBBBB
          XX XXXXXXXXXXXXXX gettext(u'We use your details only for this meeting: the facilitators see them on the list of registrations.') XXXX
          XXXX XXXXXXXXXXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXX XXXXXXXXXXXXX XXXXXXXXXXXXXXXXX gettext(u'Register as a guest') XXXXXXXXXXXXXXX
        XXXXXXX
      BBBB BBBBBBBBBBBBBB BB BBBBBBBBBBB
        XXX gettext(u'This meeting has been cancelled: registration is closed.') XXXX
      BBBB
        XXX gettext(u'Registration is closed.') XXXX
      BBBBB
    XXXXXX
  XXXXXX
BBBBBBBB
