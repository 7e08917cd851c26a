BBBB BBBBBBBBBBBBBB BBB gettext(u'Dear %(name)s,') SSSS SSSSSSSSS

BB BBBBBBBBB gettext(u'You have already confirmed your registration for this meeting. Here are your links again.') BBBB gettext(u'Thank you for registering for this meeting. Please confirm your email address with the link below: only then is your registration complete and do you count for a place.') BBBBB

BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB
BB BBB BBBBBBBBB
 gettext(u'Confirm your registration:') 

BBBBB
 gettext(u'Can you not come after all? Cancel here:') 

BB BBBBBBBBBBB
 gettext(u'About the meeting:') 

BBBBB
 gettext(u'Did you not register yourself? Then you can ignore this email.') 

 gettext(u'Kind regards,') 
 gettext(u'The facilitators of the learning platform') 
BBBBBBBBBBBBB
