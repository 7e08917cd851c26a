BBBBBBB BBBBBBBBBBB
BBBB BBBB
BBBBB BBBBB gettext(u'Check your email')  X BBBBBBBB
BBBBB BBBBBBB
  XXXX XXXXXXXXXXXXXXX
    XXXXXXX XXXXXXXXXXXXXXXXXXXX
      XX XXXXXXXXXXXXXXXXXX XXXXXXBBB BBBBBBBBBBBBBBBBB BBBBBBBBBBXXXXXXXXXX
      XXXX gettext(u'Check your email') XXXXX
    XXXXXXXXX
    XXXX XXXXXXXXXXXX XXXXXXXXXXXXXX
      BB BBBBBBBBBBBBBB
        XXX gettext(u'This email address is already registered for this meeting. We have sent the links to confirm or cancel to %(email)s again.') SSSS SSSSS SSSSSSS SS SSSSSSS SSSSSSSSSS SSS SSSS SSSSSSSS SS SSSS SSSS SSS SSSSS SS SSSSSSS SS SSSSSS SS SSSSSSSSS SSSSSSXXXX
      BBBB
        XXX gettext(u'Thank you! We have sent an email to %(email)s. Open the link in it to confirm your registration: only then does it count.') SSSSS SSSS SS SSSS SSSS SS SSSSS SS SSSSSSSSSS SSSS SSS SSSS SS SS SS SSSSSSS SSSS SSSSSSSSSSSSS SSSS SSSS SSSS SS SSSSSSXXXX
      BBBBB
      XX XXXXXXXXXXXXXX gettext(u'No email after a few minutes? Look in your spam folder, or register again with the same address to have it sent again.') XXXX
    XXXXXX
  XXXXXX
BBBBBBBB
