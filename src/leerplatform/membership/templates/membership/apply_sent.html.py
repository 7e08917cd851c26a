BBBBBBB BBBBBBBBBBB
BBBB BBBB
BBBBB BBBBB gettext(u'Check your email')  X BBBBBBBB
BBBBB BBBBBBB
  XXXX XXXXXXXXXXXXXXX
    XXXXXXX XXXXXXXXXXXXXXXXXXXX
      XX XXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXX
      XXXX gettext(u'Check your email') XXXXX
    XXXXXXXXX
    XXXX XXXXXXXXXXXXX
      XXX gettext(u'Thank you for your application. We have sent you an email with a link: open it to confirm your email address.') XXXX
      XXX gettext(u'The facilitators review the applications and let you know their decision by email. Through the link you can also follow your application.') XXXX
      XX XXXXXXXXXXXXXX gettext(u'No email within a few minutes? Look in your spam folder.') XXXX
    XXXXXX
    XXXXX XXXXXXXX gettext(u'Back to the edition') XXXXXXXX
  XXXXXX
BBBBBBBB
