BBBB BBBBBBBBBBBBBB BBB gettext(u'Dear %(name)s,') SSSS SSSSSSSSS

 gettext(u'You are registered for this meeting; we look forward to seeing you.') 

BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB
BB BBBBBBBBBBBBBBBBBBBBBBBBBBB
 gettext(u'Dietary wishes:')  BBBBBBB BBBBBBBBBBBBBBBBBBB
 gettext(u'Remark:')  BBBBB

 gettext(u'The attached calendar file puts the meeting in your calendar.') 
BB BBBBBBBBBBB
 gettext(u'The programme and the directions:') 

BBBBBBB BBBBBBBBBB
 gettext(u'Can you not come after all? Please cancel, so that someone on the waiting list gets your place:') 

BBBBB
 gettext(u'Kind regards,') 
 gettext(u'The facilitators of the learning platform') 
BBBBBBBBBBBBB
