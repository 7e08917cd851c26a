BBBBBBB BBBBBBBBBBB
BBBB BBBB
BBBBB BBBBB gettext(u'Privacy statement') BBBBBBBB
BBBBB BBBBBBB
  XXXX XXXXXXXXXXXXX XXXXXXX
    XXXX gettext(u'Privacy statement for applications') XXXXX
    XXX gettext(u'When you apply to take part in an edition of the learning platform, we process the details you give us. This page says which, why, and what you can do about it.') XXXX
    XXXX gettext(u'What we keep') XXXXX
    XXX gettext(u'Your name, email address, institution, job title, years of experience, work level, motivation and the themes you chose, and the moment you gave your consent. We also create an account for you, so that you can follow your application and, once admitted, take part.') XXXX
    XXXX gettext(u'Why') XXXXX
    XXX gettext(u'Only to assess whether you can take part, to tell you the decision, and, when you are admitted, to run the edition with you. We do not use your details for anything else and do not sell or pass them on.') XXXX
    XXXX gettext(u'Who sees them') XXXXX
    XXX gettext(u'The facilitators of the edition you applied to, and the administrators of the platform. Other participants do not see your application.') XXXX
    XXXX gettext(u'Your rights') XXXXX
    XXX gettext(u'You may ask to see, correct or remove your details at any time. Write to the facilitators of the edition or to the administrators of the platform.') XXXX
  XXXXXX
BBBBBBBB
